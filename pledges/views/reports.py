"""Pages and actions for unit reports, bloc reports and inspections."""

from functools import partial

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from blocs.selectors import get_bloc_year_for_user, get_membership_for_user
from core.actions import AuthenticatedRequest, act, handle_form, require
from core.downloads import stored_file_response
from core.exceptions import DomainError
from core.services import request_generated_file
from pledges.enums import ReportKind
from pledges.forms.reports import (
    AttachmentForm,
    BlocReportForm,
    ConfirmForm,
    FindingForm,
    InspectionForm,
    IssueBlocReportForm,
    ReturnReportForm,
    SubmitReportForm,
    UnitReportForm,
)
from pledges.presenters import reports as presenters
from pledges.selectors import reports as selectors
from pledges.services import reports as services

# --- The year's reports ------------------------------------------------------------------


def report_year(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "blocs.view_blocyear", bloc_year)
    context = presenters.report_year_page(bloc_year, request.user, today=timezone.localdate())
    return render(request, "pledges/report_year.html", context)


# --- Unit reports ------------------------------------------------------------------------


@require_POST
def report_start(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk)
    require(request.user, "pledges.add_unitreport", membership)
    _check_kind(kind)
    try:
        report = services.start_unit_report(membership, actor=request.user, kind=kind)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("pledges:report_year", membership.bloc_year_id)
    return redirect("pledges:report_edit", report.pk)


def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_unit_report_for_user(request.user, pk)
    require(request.user, "pledges.view_unitreport", report)
    context = presenters.unit_report_page(report, request.user, today=timezone.localdate())
    return render(request, "pledges/report_detail.html", context)


@require_http_methods(["GET", "POST"])
def report_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_unit_report_for_user(request.user, pk)
    require(request.user, "pledges.change_unitreport", report)
    return handle_form(
        request,
        UnitReportForm(request.POST or None, instance=report),
        perform=lambda data: services.update_unit_report(report, actor=request.user, **data),
        success_url=report.get_absolute_url(),
        success_message=_("The report was saved. Submit it when it is complete."),
        title=str(report),
        back_url=report.get_absolute_url(),
    )


@require_POST
def report_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_unit_report_for_user(request.user, pk)
    require(request.user, "pledges.submit_unitreport", report)
    form = SubmitReportForm(request.POST)
    if not form.is_valid():
        errors = [str(error) for name in ("signer_title", "signer_name") for error in form.errors.get(name, [])]
        messages.error(request, " ".join(errors))
        return redirect(report)
    perform = partial(services.submit_unit_report, report, actor=request.user, **form.cleaned_data)
    return act(request, perform, success_message=_("Submitted."), back_to=report)


@require_http_methods(["GET", "POST"])
def report_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_unit_report_for_user(request.user, pk)
    require(request.user, "pledges.return_unitreport", report)
    return handle_form(
        request,
        ReturnReportForm(request.POST or None),
        perform=lambda data: services.return_unit_report(report, actor=request.user, reason=data["reason"]),
        success_url=report.get_absolute_url(),
        success_message=_("The report was returned to the unit."),
        title=_("Return %(report)s") % {"report": report},
        back_url=report.get_absolute_url(),
    )


@require_POST
def report_accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_unit_report_for_user(request.user, pk)
    require(request.user, "pledges.accept_unitreport", report)
    perform = partial(services.accept_unit_report, report, actor=request.user)
    return act(request, perform, success_message=_("Accepted."), back_to=report)


@require_POST
def report_attachment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_unit_report_for_user(request.user, pk)
    require(request.user, "pledges.change_unitreport", report)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, str(error))
        return redirect(report)
    upload = form.cleaned_data["file"]
    perform = partial(services.add_report_attachment, report, actor=request.user, uploaded_file=upload)
    return act(request, perform, success_message=_("The file was attached."), back_to=report)


@require_http_methods(["GET", "POST"])
def report_attachment_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; POST removes the file (only the unit, while its report is a draft or returned)."""
    attachment = selectors.get_report_attachment_for_user(request.user, pk)
    report = attachment.report
    require(request.user, "pledges.change_unitreport", report)
    return handle_form(
        request,
        ConfirmForm(request.POST if request.method == "POST" else None),
        perform=lambda data: services.remove_report_attachment(attachment, actor=request.user),
        success_url=report.get_absolute_url(),
        success_message=_("%(file)s was removed.") % {"file": attachment.original_name},
        title=_("Remove %(file)s from the report?") % {"file": attachment.original_name},
        back_url=report.get_absolute_url(),
        template="pledges/confirm.html",
        context={"intro": _("The file is deleted for good; the report's history keeps its name.")},
    )


def report_attachment_download(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    attachment = selectors.get_report_attachment_for_user(request.user, pk)
    require(request.user, "pledges.view_unitreport", attachment.report)
    return _download(attachment)


@require_POST
def report_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_unit_report_for_user(request.user, pk)
    require(request.user, "pledges.view_unitreport", report)
    return redirect(request_generated_file(report, kind="pledges.unit_report", actor=request.user))


def _check_kind(kind: str) -> None:
    if kind not in ReportKind.values:
        raise Http404


def _download(attachment) -> HttpResponseBase:
    return stored_file_response(attachment.file, attachment.original_name)


# --- Bloc reports --------------------------------------------------------------------


@require_POST
def bloc_report_start(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "pledges.add_blocreport", bloc_year)
    _check_kind(kind)
    try:
        report = services.start_bloc_report(bloc_year, actor=request.user, kind=kind)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("pledges:report_year", bloc_year.pk)
    messages.success(request, _("The bloc report was pre-filled from the accepted unit reports."))
    return redirect("pledges:bloc_report_edit", report.pk)


def bloc_report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_bloc_report_for_user(request.user, pk)
    require(request.user, "pledges.view_blocreport", report)
    context = presenters.bloc_report_page(report, request.user)
    return render(request, "pledges/report_bloc_detail.html", context)


@require_http_methods(["GET", "POST"])
def bloc_report_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_bloc_report_for_user(request.user, pk)
    require(request.user, "pledges.change_blocreport", report)
    return handle_form(
        request,
        BlocReportForm(request.POST or None, instance=report),
        perform=lambda data: services.update_bloc_report(report, actor=request.user, **data),
        success_url=report.get_absolute_url(),
        success_message=_("The bloc report was saved."),
        title=str(report),
        back_url=report.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def bloc_report_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_bloc_report_for_user(request.user, pk)
    require(request.user, "pledges.issue_blocreport", report)
    return handle_form(
        request,
        IssueBlocReportForm(request.POST or None, initial={"issued_on": timezone.localdate()}),
        perform=lambda data: services.issue_bloc_report(report, actor=request.user, issued_on=data["issued_on"]),
        success_url=report.get_absolute_url(),
        success_message=_("The bloc report was issued and numbered."),
        title=_("Issue %(report)s") % {"report": report},
        back_url=report.get_absolute_url(),
    )


@require_POST
def bloc_report_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_bloc_report_for_user(request.user, pk)
    require(request.user, "pledges.view_blocreport", report)
    return redirect(request_generated_file(report, kind="pledges.bloc_report", actor=request.user))


# --- Inspections ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def inspection_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "pledges.add_inspection", bloc_year)
    back = reverse("pledges:report_year", args=[bloc_year.pk])
    return handle_form(
        request,
        InspectionForm(request.POST or None),
        perform=lambda data: services.record_inspection(bloc_year, actor=request.user, **data),
        success_url=lambda inspection: inspection.get_absolute_url(),
        success_message=_("The inspection was recorded. Add the findings for each unit."),
        title=_("Record an inspection of %(bloc_year)s") % {"bloc_year": bloc_year},
        back_url=back,
    )


def inspection_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    inspection = selectors.get_inspection_for_user(request.user, pk)
    require(request.user, "pledges.view_inspection", inspection)
    context = presenters.inspection_page(inspection, request.user)
    return render(request, "pledges/inspection_detail.html", context)


@require_http_methods(["GET", "POST"])
def inspection_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    inspection = selectors.get_inspection_for_user(request.user, pk)
    require(request.user, "pledges.change_inspection", inspection)
    return handle_form(
        request,
        InspectionForm(request.POST or None, instance=inspection),
        perform=lambda data: services.update_inspection(inspection, actor=request.user, **data),
        success_url=inspection.get_absolute_url(),
        success_message=_("The inspection was saved."),
        title=str(inspection),
        back_url=inspection.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def inspection_finding(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    inspection = selectors.get_inspection_for_user(request.user, pk)
    require(request.user, "pledges.change_inspection", inspection)
    initial = selectors.finding_initial(inspection, request.GET.get("unit", ""))
    units = selectors.finding_units(inspection)
    form = FindingForm(request.POST or None, units=units, day=inspection.inspected_on, initial=initial)
    return handle_form(
        request,
        form,
        perform=lambda data: services.set_inspection_finding(inspection, actor=request.user, **data),
        success_url=inspection.get_absolute_url(),
        success_message=_("The findings were saved."),
        title=_("Findings of the inspection of %(date)s") % {"date": inspection.inspected_on.strftime("%d/%m/%Y")},
        back_url=inspection.get_absolute_url(),
    )


@require_POST
def inspection_attachment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    inspection = selectors.get_inspection_for_user(request.user, pk)
    require(request.user, "pledges.change_inspection", inspection)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, str(error))
        return redirect(inspection)
    upload = form.cleaned_data["file"]
    perform = partial(services.add_inspection_attachment, inspection, actor=request.user, uploaded_file=upload)
    return act(request, perform, success_message=_("The file was attached."), back_to=inspection)


def inspection_attachment_download(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    attachment = selectors.get_inspection_attachment_for_user(request.user, pk)
    require(request.user, "pledges.view_inspection_findings", attachment.inspection)
    return _download(attachment)
