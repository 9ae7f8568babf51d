from django.urls import path

from awards.views import compliance, meetings

app_name = "awards"
urlpatterns = [
    path("units/<int:pk>/compliance/", compliance.compliance_list, name="compliance_list"),
    path("units/<int:pk>/compliance/new/", compliance.compliance_add, name="compliance_add"),
    path("compliance/<int:pk>/edit/", compliance.compliance_edit, name="compliance_edit"),
    path("compliance/<int:pk>/resolve/", compliance.compliance_resolve, name="compliance_resolve"),
    path("bloc-years/<int:pk>/meeting/", meetings.meeting_detail, name="meeting_detail"),
    path("bloc-years/<int:pk>/meeting/sessions/new/", meetings.session_add, name="session_add"),
    path("meeting-sessions/<int:pk>/edit/", meetings.session_edit, name="session_edit"),
    path("meeting-sessions/<int:pk>/attendance/", meetings.attendance_edit, name="attendance_edit"),
    path("meeting-sessions/<int:pk>/guests/new/", meetings.guest_add, name="guest_add"),
    path("meeting-guests/<int:pk>/remove/", meetings.guest_remove, name="guest_remove"),
    path("meetings/<int:pk>/approve-scores/", meetings.scores_approve, name="scores_approve"),
    path("meetings/<int:pk>/leading-unit/", meetings.leading_unit_edit, name="leading_unit_edit"),
    path("meetings/<int:pk>/next-leadership/", meetings.next_leadership_edit, name="next_leadership_edit"),
    path("meetings/<int:pk>/overrides/new/", meetings.override_add, name="override_add"),
    path("meeting-overrides/<int:pk>/withdraw/", meetings.override_withdraw, name="override_withdraw"),
]
