from django.urls import path

from awards import views

app_name = "awards"
urlpatterns = [
    path("units/<int:pk>/compliance/", views.compliance_list, name="compliance_list"),
    path("units/<int:pk>/compliance/new/", views.compliance_add, name="compliance_add"),
    path("compliance/<int:pk>/edit/", views.compliance_edit, name="compliance_edit"),
    path("compliance/<int:pk>/resolve/", views.compliance_resolve, name="compliance_resolve"),
    path("bloc-years/<int:pk>/meeting/", views.meeting_detail, name="meeting_detail"),
    path("bloc-years/<int:pk>/meeting/sessions/new/", views.session_add, name="session_add"),
    path("meeting-sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("meeting-sessions/<int:pk>/attendance/", views.attendance_edit, name="attendance_edit"),
    path("meeting-sessions/<int:pk>/guests/new/", views.guest_add, name="guest_add"),
    path("meeting-guests/<int:pk>/remove/", views.guest_remove, name="guest_remove"),
    path("meetings/<int:pk>/approve-scores/", views.scores_approve, name="scores_approve"),
    path("meetings/<int:pk>/leading-unit/", views.leading_unit_edit, name="leading_unit_edit"),
    path("meetings/<int:pk>/next-leadership/", views.next_leadership_edit, name="next_leadership_edit"),
    path("meetings/<int:pk>/overrides/new/", views.override_add, name="override_add"),
]
