from django.urls import path

from pledges.views import commitments, reports

app_name = "pledges"
urlpatterns = []

# --- Reports, inspections -----------------------------------------------------
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
    path("report-files/<int:pk>/remove/", reports.report_attachment_remove, name="report_attachment_remove"),
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

# --- Pledge, title registration ------------------------------------------------
urlpatterns += [
    path("years/<int:pk>/commitments/", commitments.commitments, name="commitments"),
    path("years/<int:pk>/launch-meeting/", commitments.launch_meeting_edit, name="launch_meeting_edit"),
    path("years/<int:pk>/pledge/", commitments.pledge_edit, name="pledge_edit"),
    path("memberships/<int:pk>/sign/", commitments.pledge_sign, name="pledge_sign"),
    path("pledge/<int:pk>/pdf/", commitments.pledge_pdf, name="pledge_pdf"),
    path("memberships/<int:pk>/register/", commitments.registration_create, name="registration_create"),
    path("registrations/", commitments.registration_list, name="registration_list"),
    path("registrations/export.xlsx", commitments.registration_export, name="registration_export"),
    path("registrations/<int:pk>/", commitments.registration_detail, name="registration_detail"),
    path("registrations/<int:pk>/edit/", commitments.registration_edit, name="registration_edit"),
    path("registrations/<int:pk>/submit/", commitments.registration_submit, name="registration_submit"),
    path("registrations/<int:pk>/return/", commitments.registration_return, name="registration_return"),
    path("registrations/<int:pk>/accept/", commitments.registration_accept, name="registration_accept"),
    path("registrations/<int:pk>/forward/", commitments.registration_forward, name="registration_forward"),
    path("years/<int:pk>/registrations/forward/", commitments.registrations_forward, name="registrations_forward"),
]
