"""Pages of the bloc's proposal, the secretariat's side: create it, name the signer, remove an item, submit."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.enums import DOSSIER_KIND
from awards.forms.proposals import RemoveItemForm, SignerForm, SubmitProposalForm
from awards.presenters.proposals import proposal_page
from awards.selectors import proposals as selectors
from awards.services import proposals as services
from blocs.selectors import get_bloc_year_for_user
from core.actions import AuthenticatedRequest, handle_form, require
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
