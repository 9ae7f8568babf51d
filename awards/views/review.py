"""Pages of the council office's review of proposals: the province's list and its export, the review
page, and the review's actions (receive, return, assign, appraise an item, a compliance note, finish,
place on the session)."""

from functools import partial

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.exporters import proposal_rows
from awards.forms.review import AppraisalForm, AssignProposalForm, ProposalFilterForm, ReturnProposalForm
from awards.presenters import review as presenters
from awards.selectors import review as selectors
from awards.services import review as services
from blocs.selectors import visible_blocs
from core.actions import AuthenticatedRequest, act, handle_form, require
from core.xlsx import write_rows_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def proposal_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "awards.view_proposal_list")
    form, filters = _filters(request)
    context = presenters.proposal_list_page(request.user, form, filters, request.GET)
    return render(request, "awards/proposal_list.html", context)


def proposal_export(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "awards.view_proposal_list")
    __, filters = _filters(request)
    content = write_rows_xlsx(proposal_rows(selectors.province_proposals(request.user, filters)), title=_("Proposals"))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="ho-so-de-nghi-khen-thuong.xlsx"'
    return response


def _filters(request: AuthenticatedRequest) -> tuple[ProposalFilterForm, selectors.ProposalFilter]:
    form = ProposalFilterForm(request.GET or None, blocs=visible_blocs(request.user).order_by("name"))
    if not form.is_bound or not form.is_valid():
        return form, selectors.ProposalFilter()
    data = form.cleaned_data
    return form, selectors.ProposalFilter(
        year=data["year"],
        bloc_id=data["bloc"].pk if data["bloc"] else None,
        status=data["status"],
        award=data["award"],
        late={"yes": True, "no": False}.get(data["late"]),
    )


@require_POST
def proposal_receive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_reviewed_proposal_for_user(request.user, pk)
    require(request.user, "awards.receive_proposal", proposal)
    perform = partial(services.receive_proposal, proposal, actor=request.user)
    return act(request, perform, success_message=_("The dossier was received."), back_to=proposal)


@require_http_methods(["GET", "POST"])
def proposal_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_reviewed_proposal_for_user(request.user, pk)
    require(request.user, "awards.return_proposal", proposal)
    return handle_form(
        request,
        ReturnProposalForm(request.POST or None),
        perform=lambda data: services.return_proposal(proposal, actor=request.user, **data),
        success_url=proposal.get_absolute_url(),
        success_message=_("The dossier was returned to the bloc's secretariat."),
        title=_("Return %(proposal)s") % {"proposal": proposal},
        back_url=proposal.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def proposal_assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_reviewed_proposal_for_user(request.user, pk)
    require(request.user, "awards.assign_proposal", proposal)
    officers = selectors.office_officers(proposal.bloc_year.bloc.province)
    return handle_form(
        request,
        AssignProposalForm(request.POST or None, officers=officers),
        perform=lambda data: services.assign_proposal(proposal, actor=request.user, **data),
        success_url=proposal.get_absolute_url(),
        success_message=_("The dossier was assigned."),
        title=_("Assign %(proposal)s to an officer") % {"proposal": proposal},
        back_url=proposal.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def item_appraise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = selectors.get_reviewed_item_for_user(request.user, pk)
    require(request.user, "awards.appraise_proposal", item.proposal)
    back = item.proposal.get_absolute_url()
    return handle_form(
        request,
        AppraisalForm(request.POST or None, prefix=presenters.appraisal_prefix(item)),
        perform=lambda data: services.appraise_item(
            item, actor=request.user, eligible=data["finding"] == "eligible", reason=data["reason"]
        ),
        success_url=back,
        success_message=_("The appraisal of %(item)s was saved.") % {"item": item},
        title=_("Appraise %(item)s") % {"item": item},
        back_url=back,
    )


@require_http_methods(["GET", "POST"])
def item_note_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = selectors.get_reviewed_item_for_user(request.user, pk)
    require(request.user, "awards.appraise_proposal", item.proposal)
    back = item.proposal.get_absolute_url()
    return handle_form(
        request,
        presenters.note_form(item, request.POST or None),
        perform=lambda data: services.add_compliance_note(item, actor=request.user, **data),
        success_url=back,
        success_message=_("The compliance note was recorded."),
        title=_("A compliance note on %(item)s") % {"item": item},
        back_url=back,
    )


@require_POST
def proposal_finish_appraisal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_reviewed_proposal_for_user(request.user, pk)
    require(request.user, "awards.appraise_proposal", proposal)
    perform = partial(services.finish_appraisal, proposal, actor=request.user)
    return act(request, perform, success_message=_("The appraisal is finished."), back_to=proposal)


@require_POST
def proposal_place(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_reviewed_proposal_for_user(request.user, pk)
    require(request.user, "awards.place_proposal", proposal)
    perform = partial(services.place_on_session, proposal, actor=request.user)
    return act(
        request, perform, success_message=_("The dossier was placed on the council's session."), back_to=proposal
    )
