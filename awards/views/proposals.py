"""Pages of the bloc's proposal, the secretariat's side: create it, name the signer, remove an item, edit or
upload the proposed units' achievement reports, submit."""

from functools import partial

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.enums import DOSSIER_KIND
from awards.forms.proposals import (
    AchievementReportForm,
    AchievementUploadForm,
    RemoveItemForm,
    SignerForm,
    SubmitProposalForm,
)
from awards.presenters.proposals import achievement_page, proposal_page
from awards.selectors import proposals as selectors
from awards.services import proposals as services
from blocs.selectors import get_bloc_year_for_user
from core.actions import AuthenticatedRequest, act, handle_form, require
from core.downloads import stored_file_response
from core.exceptions import DomainError
from core.services import request_generated_file


def proposal_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for_user(request.user, pk)
    require(request.user, "awards.view_proposal", proposal)
    return render(request, "awards/proposal_detail.html", proposal_page(request.user, proposal))


@require_POST
def proposal_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """On success to the new proposal; a refusal goes back to the meeting page with its reason."""
    bloc_year = get_bloc_year_for_user(request.user, pk)
    existing = selectors.proposal_of(bloc_year)
    if existing is not None:  # a second click: the year has its proposal already
        messages.error(request, _("%(bloc_year)s already has its proposal.") % {"bloc_year": bloc_year})
        return redirect(existing)
    require(request.user, "awards.create_proposal", bloc_year)
    try:
        proposal = services.create_proposal(bloc_year, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("awards:meeting_detail", args=[bloc_year.pk]))
    messages.success(request, _("The proposal was drawn up from the meeting's results."))
    return redirect(proposal)


@require_http_methods(["GET", "POST"])
def proposal_signer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for_user(request.user, pk)
    require(request.user, "awards.change_proposal", proposal)
    initial = {"signer_name": proposal.signer_name, "signer_title": proposal.signer_title}
    return handle_form(
        request,
        SignerForm(request.POST or None, initial=initial),
        perform=lambda data: services.update_signer(proposal, actor=request.user, **data),
        success_url=proposal.get_absolute_url(),
        success_message=_("The signer was saved."),
        title=_("Signer of the cover submission of %(proposal)s") % {"proposal": proposal},
        back_url=proposal.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def proposal_item_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = selectors.get_proposal_item_for_user(request.user, pk)
    proposal = item.proposal
    require(request.user, "awards.change_proposal", proposal)
    return handle_form(
        request,
        RemoveItemForm(request.POST or None),
        perform=lambda data: services.remove_item(item, actor=request.user, reason=data["reason"]),
        success_url=proposal.get_absolute_url(),
        success_message=_("The proposed award was removed."),
        title=_("Remove %(item)s from the proposal") % {"item": item},
        back_url=proposal.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def proposal_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for_user(request.user, pk)
    require(request.user, "awards.submit_proposal", proposal)
    return handle_form(
        request,
        SubmitProposalForm(request.POST or None, initial={"submitted_on": timezone.localdate()}),
        perform=lambda data: services.submit_proposal(proposal, actor=request.user, **data),
        success_url=proposal.get_absolute_url(),
        success_message=_("The proposal was submitted to the council office."),
        title=_("Submit %(proposal)s to the council office") % {"proposal": proposal},
        back_url=proposal.get_absolute_url(),
    )


@require_POST
def proposal_pdf(request: AuthenticatedRequest, pk: int, document: str) -> HttpResponse:
    """Build the cover submission or the whole dossier in the background; the file page shows its progress."""
    proposal = selectors.get_proposal_for_user(request.user, pk)
    require(request.user, "awards.view_proposal", proposal)
    kind = {"cover": services.PROPOSAL_KIND, "dossier": DOSSIER_KIND}.get(document)
    if kind is None:
        raise Http404
    return redirect(request_generated_file(proposal, kind=kind, actor=request.user))


# --- The proposed units' achievement reports ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
def achievement_report_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET shows the text with the upload; POST saves the text (the secretariat, while the proposal is editable)."""
    report = selectors.get_achievement_report_for_user(request.user, pk)
    require(request.user, "awards.change_proposal", report.proposal)
    page = achievement_page(report)
    return handle_form(
        request,
        AchievementReportForm(request.POST or None, initial={"body": report.body}),
        perform=lambda data: services.edit_achievement_report(report, actor=request.user, body=data["body"]),
        success_url=report.get_absolute_url(),
        success_message=_("The achievement report was saved."),
        title=_("Achievement report of %(unit)s") % {"unit": page["unit_name"]},
        back_url=report.proposal.get_absolute_url(),
        template="awards/achievement_report_form.html",
        context=page,
    )


@require_POST
def achievement_report_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_achievement_report_for_user(request.user, pk)
    require(request.user, "awards.change_proposal", report.proposal)
    form = AchievementUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, str(error))
        return redirect(report)
    upload = form.cleaned_data["file"]
    perform = partial(services.upload_achievement_report, report, actor=request.user, uploaded_file=upload)
    return act(request, perform, success_message=_("The signed achievement report was uploaded."), back_to=report)


@require_POST
def achievement_report_upload_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_achievement_report_for_user(request.user, pk)
    require(request.user, "awards.change_proposal", report.proposal)
    perform = partial(services.remove_achievement_upload, report, actor=request.user)
    return act(request, perform, success_message=_("The uploaded file was removed."), back_to=report)


def achievement_report_file(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    report = selectors.get_achievement_report_for_user(request.user, pk)
    require(request.user, "awards.view_achievementreport", report)
    return stored_file_response(report.file, report.original_name)


@require_POST
def achievement_report_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Build the report's text as a PDF in the Decree 30 layout; the file page shows its progress."""
    report = selectors.get_achievement_report_for_user(request.user, pk)
    require(request.user, "awards.view_achievementreport", report)
    return redirect(request_generated_file(report, kind=services.ACHIEVEMENT_KIND, actor=request.user))
