from django.urls import path

from pledges.views import reports

app_name = "pledges"
urlpatterns = []

# --- Reports, inspections (P-B) -----------------------------------------------
urlpatterns += [
    path("years/<int:pk>/reports/", reports.report_year, name="report_year"),
    path("memberships/<int:pk>/reports/<str:kind>/start/", reports.report_start, name="report_start"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", reports.report_edit, name="report_edit"),
    path("reports/<int:pk>/submit/", reports.report_submit, name="report_submit"),
    path("reports/<int:pk>/return/", reports.report_return, name="report_return"),
    path("reports/<int:pk>/accept/", reports.report_accept, name="report_accept"),
    path("reports/<int:pk>/attachments/", reports.report_attachment_add, name="report_attachment_add"),
    path("reports/<int:pk>/pdf/", reports.report_pdf, name="report_pdf"),
    path("report-files/<int:pk>/", reports.report_attachment_download, name="report_attachment"),
    path("years/<int:pk>/bloc-reports/<str:kind>/start/", reports.bloc_report_start, name="bloc_report_start"),
    path("bloc-reports/<int:pk>/", reports.bloc_report_detail, name="bloc_report_detail"),
    path("bloc-reports/<int:pk>/edit/", reports.bloc_report_edit, name="bloc_report_edit"),
    path("bloc-reports/<int:pk>/issue/", reports.bloc_report_issue, name="bloc_report_issue"),
    path("bloc-reports/<int:pk>/pdf/", reports.bloc_report_pdf, name="bloc_report_pdf"),
    path("years/<int:pk>/inspections/new/", reports.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", reports.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", reports.inspection_edit, name="inspection_edit"),
    path("inspections/<int:pk>/findings/", reports.inspection_finding, name="inspection_finding"),
    path("inspections/<int:pk>/attachments/", reports.inspection_attachment_add, name="inspection_attachment_add"),
    path("inspection-files/<int:pk>/", reports.inspection_attachment_download, name="inspection_attachment"),
]
# --- end of reports, inspections (P-B) ----------------------------------------
