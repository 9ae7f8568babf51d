"""Pages of the Chairman's award decision: the council office's list, drafting one from a held session,
a decision's page, issuing it, its PDF, and revoking one of its awards."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.enums import DECISION_KIND
from awards.forms.decisions import IssueDecisionForm, RevokeItemForm
from awards.models import AwardDecision
from awards.presenters import decisions as presenters
from awards.selectors import decisions as selectors
from awards.services import decisions as services
from core.actions import AuthenticatedRequest, handle_form, require
from core.exceptions import DomainError
from core.services import request_generated_file


def _url(decision: AwardDecision) -> str:
    return reverse("awards:decision_detail", args=[decision.pk])


def decision_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "awards.view_decision_list")
    year = request.GET.get("year", "")
    context = presenters.decision_list_page(request.user, int(year) if year.isdigit() and len(year) == 4 else None)
    return render(request, "awards/decision_list.html", context)


@require_POST
def decision_draft(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = selectors.get_decision_session_for_user(request.user, pk)
    require(request.user, "awards.draft_decision", session)
    try:
        decision = services.draft_decision(session, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("awards:decision_list")
    messages.success(request, _("The decision was drafted: check its items, then issue it."))
    return redirect(_url(decision))


def decision_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = selectors.get_decision_for_user(request.user, pk)
    require(request.user, "awards.view_decision", decision)
    return render(request, "awards/decision_detail.html", presenters.decision_detail_page(request.user, decision))


@require_http_methods(["GET", "POST"])
def decision_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = selectors.get_decision_for_user(request.user, pk)
    require(request.user, "awards.issue_decision", decision)
    return handle_form(
        request,
        IssueDecisionForm(request.POST or None, initial={"issued_on": timezone.localdate()}),
        perform=lambda data: services.issue_decision(decision, actor=request.user, **data),
        success_url=_url(decision),
        success_message=_("The decision was issued and numbered; the dossiers were settled."),
        title=_("Issue %(decision)s") % {"decision": decision},
        back_url=_url(decision),
    )


@require_POST
def decision_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = selectors.get_decision_for_user(request.user, pk)
    require(request.user, "awards.view_decision", decision)
    return redirect(request_generated_file(decision, kind=DECISION_KIND, actor=request.user))


@require_http_methods(["GET", "POST"])
def decision_item_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = selectors.get_decision_item_for_user(request.user, pk)
    require(request.user, "awards.revoke_decision_item", item)
    back = _url(item.decision)
    return handle_form(
        request,
        RevokeItemForm(request.POST or None, initial={"revoked_on": timezone.localdate()}),
        perform=lambda data: services.revoke_item(item, actor=request.user, **data),
        success_url=back,
        success_message=_("The award was revoked; it stays in the history, marked."),
        title=_("Revoke %(item)s") % {"item": item},
        back_url=back,
    )
