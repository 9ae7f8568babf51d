from django.urls import path

from scoring.views import schemes as scheme_views
from scoring.views import sheets as sheet_views

app_name = "scoring"
urlpatterns = []

# --- Schemes ------------------------------------------------------------------
urlpatterns += [
    path("years/<int:pk>/scheme/", scheme_views.scheme_detail, name="scheme_detail"),
    path("years/<int:pk>/scheme/new/", scheme_views.scheme_create, name="scheme_create"),
    path("years/<int:pk>/scheme/copy/", scheme_views.scheme_copy, name="scheme_copy"),
    path("years/<int:pk>/scheme/edit/", scheme_views.scheme_edit, name="scheme_edit"),
    path("years/<int:pk>/scheme/items/add/", scheme_views.item_add, name="scheme_item_add"),
    path("years/<int:pk>/scheme/freeze/", scheme_views.scheme_freeze, name="scheme_freeze"),
    path("years/<int:pk>/scheme/export/", scheme_views.scheme_export, name="scheme_export"),
    path("years/<int:pk>/scheme/import/", scheme_views.scheme_import, name="scheme_import"),
    path("scheme-items/<int:pk>/edit/", scheme_views.item_edit, name="scheme_item_edit"),
    path("scheme-items/<int:pk>/move/", scheme_views.item_move, name="scheme_item_move"),
    path("scheme-items/<int:pk>/nest/", scheme_views.item_nest, name="scheme_item_nest"),
    path("scheme-items/<int:pk>/remove/", scheme_views.item_remove, name="scheme_item_remove"),
]
# --- end of schemes -------------------------------------------------------------

# --- Score sheets -----------------------------------------------------------------
urlpatterns += [
    path("years/<int:pk>/scores/", sheet_views.summary, name="summary"),
    path("years/<int:pk>/scores/mine/", sheet_views.my_sheet, name="my_sheet"),
    path("years/<int:pk>/scores/open/", sheet_views.open_scoring, name="open_scoring"),
    path("years/<int:pk>/scores/settings/", sheet_views.setting_edit, name="setting_edit"),
    path("years/<int:pk>/scores/release/", sheet_views.release, name="release"),
    path("years/<int:pk>/scores/lock/", sheet_views.lock, name="lock"),
    path("sheets/<int:pk>/", sheet_views.sheet_grid, name="sheet_grid"),
    path("sheets/<int:pk>/lines/", sheet_views.line_save, name="line_save"),
    path("sheets/<int:pk>/history/", sheet_views.sheet_history, name="sheet_history"),
    path("sheets/<int:pk>/move/<str:action>/", sheet_views.sheet_move, name="sheet_move"),
    path("sheets/<int:pk>/lines/<int:line_pk>/evidence/", sheet_views.line_evidence, name="line_evidence"),
    path("sheets/<int:pk>/xlsx/", sheet_views.sheet_export, name="sheet_export"),
    path("sheets/<int:pk>/upload/", sheet_views.sheet_import, name="sheet_import"),
    path("years/<int:pk>/scores/xlsx/", sheet_views.summary_export, name="summary_export"),
    path("years/<int:pk>/scores/pdf/", sheet_views.summary_pdf, name="summary_pdf"),
    path("years/<int:pk>/scores/issue/", sheet_views.summary_issue, name="summary_issue"),
    path("evidence/<int:pk>/", sheet_views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/remove/", sheet_views.evidence_remove, name="evidence_remove"),
]
# --- end of score sheets ----------------------------------------------------------
