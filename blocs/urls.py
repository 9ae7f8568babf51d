from django.urls import path

from blocs import views

app_name = "blocs"
urlpatterns = [
    path("blocs/", views.bloc_list, name="bloc_list"),
    path("blocs/<int:pk>/", views.bloc_detail, name="bloc_detail"),
    path("blocs/<int:pk>/years/new/", views.bloc_year_create, name="bloc_year_create"),
    path("years/<int:pk>/edit/", views.bloc_year_edit, name="bloc_year_edit"),
    path("years/<int:pk>/move/", views.bloc_year_move, name="bloc_year_move"),
    path("years/<int:pk>/reopen/", views.bloc_year_reopen, name="bloc_year_reopen"),
    path("years/<int:pk>/rules/", views.bloc_rule_edit, name="bloc_rule_edit"),
    path("years/<int:pk>/leadership/", views.leadership_edit, name="leadership_edit"),
    path("years/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/rename/", views.unit_rename, name="unit_rename"),
    path("units/<int:pk>/succession/", views.unit_succession, name="unit_succession"),
]
