"""Pages of the council's session: the list, planning, the session page, dossiers on it, attendance,
the vote on each item, closing it and its minutes (PDF built in the background)."""

from functools import partial

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.forms.council import AddProposalForm, AttendanceForm, PlanSessionForm, VoteForm
from awards.models import CouncilSession
from awards.presenters import council as presenters
from awards.selectors import council as selectors
from awards.services import council as services
from blocs.models import Province
from blocs.selectors import roles_of
from core.actions import AuthenticatedRequest, act, handle_form, require
from core.services import request_generated_file


def session_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "awards.view_councilsession_list")
    context = {
        "sessions": selectors.session_list(request.user),
        "can_plan": request.user.has_perm("awards.add_councilsession"),
    }
    return render(request, "awards/council_session_list.html", context)


@require_http_methods(["GET", "POST"])
def session_plan(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "awards.add_councilsession")
    roles = roles_of(request.user)
    provinces = Province.objects.all() if roles.is_admin else Province.objects.filter(pk__in=roles.office_province_ids)
    back = reverse("awards:council_session_list")
    return handle_form(
        request,
        PlanSessionForm(request.POST or None, provinces=provinces.order_by("name")),
        perform=lambda data: services.plan_session(data.pop("province"), actor=request.user, **data),
        success_url=lambda session: reverse("awards:council_session_detail", args=[session.pk]),
        success_message=_("The council session was planned."),
        title=_("Plan a council session"),
        back_url=back,
    )


def _url(session: CouncilSession) -> str:
    return reverse("awards:council_session_detail", args=[session.pk])


def session_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = selectors.get_council_session_for_user(request.user, pk)
    require(request.user, "awards.view_councilsession", session)
    return render(request, "awards/council_session_detail.html", presenters.session_detail_page(request.user, session))


@require_http_methods(["GET", "POST"])
def session_add_proposal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = selectors.get_council_session_for_user(request.user, pk)
    require(request.user, "awards.change_councilsession", session)
    return handle_form(
        request,
        AddProposalForm(request.POST or None, proposals=selectors.placeable_proposals(session)),
        perform=lambda data: services.add_to_session(data["proposal"], session, actor=request.user),
        success_url=_url(session),
        success_message=_("The dossier was put on the session."),
        title=_("Put a dossier on %(session)s") % {"session": session},
        back_url=_url(session),
    )


@require_http_methods(["GET", "POST"])
def session_attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = selectors.get_council_session_for_user(request.user, pk)
    require(request.user, "awards.change_councilsession", session)
    initial = {
        "present": session.present,
        "written_opinions": session.written_opinions,
        **AttendanceForm.initial_of(session.attendees.all()),
    }
    return handle_form(
        request,
        AttendanceForm(request.POST or None, initial=initial),
        perform=lambda data: services.record_attendance(session, actor=request.user, **data),
        success_url=_url(session),
        success_message=_("The attendance was recorded."),
        title=_("Attendance at %(session)s (%(total)s members)") % {"session": session, "total": session.members_total},
        back_url=_url(session),
    )


@require_http_methods(["GET", "POST"])
def item_vote(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = selectors.get_session_item_for_user(request.user, pk)
    session = selectors.get_council_session_for_user(request.user, item.proposal.council_session_id)
    require(request.user, "awards.change_councilsession", session)
    return handle_form(
        request,
        VoteForm(request.POST or None),
        perform=lambda data: services.record_vote(item, actor=request.user, **data),
        success_url=_url(session),
        success_message=_("The vote on %(item)s was recorded.") % {"item": item},
        title=_("The council's vote on %(item)s") % {"item": item},
        back_url=_url(session),
    )


@require_POST
def session_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = selectors.get_council_session_for_user(request.user, pk)
    require(request.user, "awards.change_councilsession", session)
    perform = partial(services.close_session, session, actor=request.user)
    return act(
        request, perform, success_message=_("The session was closed and its minutes numbered."), back_to=_url(session)
    )


@require_POST
def session_minutes_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = selectors.get_council_session_for_user(request.user, pk)
    require(request.user, "awards.view_council_minutes", session)
    return redirect(request_generated_file(session, kind=services.COUNCIL_MINUTES_KIND, actor=request.user))
