"""Pages of the year-end meeting: sessions, attendance, guests, approving scores, candidates, next year's leadership."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.forms.meetings import (
    AttendanceForm,
    GuestForm,
    LeadingUnitForm,
    NextLeadershipForm,
    OverrideForm,
    SessionForm,
)
from awards.presenters import meetings as presenters
from awards.selectors import meetings as meeting_selectors
from awards.services import meetings as meeting_services
from blocs.models import BlocYear
from blocs.selectors import current_member_units, get_bloc_year_for_user
from core.actions import AuthenticatedRequest, act, handle_form, require

# --- The year-end meeting ------------------------------------------------------------------------


def _meeting_url(bloc_year: BlocYear) -> str:
    return reverse("awards:meeting_detail", args=[bloc_year.pk])


def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "awards.view_meeting", bloc_year)
    return render(request, "awards/meeting_detail.html", presenters.meeting_page(request.user, bloc_year))


@require_http_methods(["GET", "POST"])
def session_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    bloc_year = get_bloc_year_for_user(request.user, pk)
    require(request.user, "awards.record_meeting", bloc_year)
    return handle_form(
        request,
        SessionForm(request.POST or None),
        perform=lambda data: meeting_services.record_meeting_session(bloc_year, actor=request.user, **data),
        success_url=_meeting_url(bloc_year),
        success_message=_("The session was recorded."),
        title=_("New session of the year-end meeting of %(bloc_year)s") % {"bloc_year": bloc_year},
        back_url=_meeting_url(bloc_year),
    )


@require_http_methods(["GET", "POST"])
def session_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = meeting_selectors.get_session_for_user(request.user, pk)
    bloc_year = session.meeting.bloc_year
    require(request.user, "awards.record_meeting", bloc_year)
    return handle_form(
        request,
        SessionForm(request.POST or None, instance=session),
        perform=lambda data: meeting_services.update_session(session, actor=request.user, **data),
        success_url=_meeting_url(bloc_year),
        success_message=_("The session was saved."),
        title=_("Edit the session"),
        back_url=_meeting_url(bloc_year),
    )


@require_http_methods(["GET", "POST"])
def attendance_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = meeting_selectors.get_session_for_user(request.user, pk)
    bloc_year = session.meeting.bloc_year
    require(request.user, "awards.record_meeting", bloc_year)
    form = AttendanceForm(request.POST or None, members=meeting_selectors.attendance_rows(session))
    return handle_form(
        request,
        form,
        perform=lambda data: meeting_services.record_attendance(session, actor=request.user, rows=form.rows()),
        success_url=_meeting_url(bloc_year),
        success_message=_("The attendance was recorded."),
        title=_("Attendance: %(session)s") % {"session": session},
        back_url=_meeting_url(bloc_year),
        template="awards/attendance_form.html",
    )


@require_http_methods(["GET", "POST"])
def guest_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = meeting_selectors.get_session_for_user(request.user, pk)
    bloc_year = session.meeting.bloc_year
    require(request.user, "awards.record_meeting", bloc_year)
    return handle_form(
        request,
        GuestForm(request.POST or None),
        perform=lambda data: meeting_services.add_guest(session, actor=request.user, **data),
        success_url=_meeting_url(bloc_year),
        success_message=_("The guest was added."),
        title=_("New guest: %(session)s") % {"session": session},
        back_url=_meeting_url(bloc_year),
    )


@require_POST
def guest_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    guest = meeting_selectors.get_guest_for_user(request.user, pk)
    bloc_year = guest.session.meeting.bloc_year
    require(request.user, "awards.record_meeting", bloc_year)
    return act(
        request,
        lambda: meeting_services.remove_guest(guest, actor=request.user),
        success_message=_("The guest was removed."),
        back_to=_meeting_url(bloc_year),
    )


@require_POST
def scores_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_selectors.get_meeting_for_user(request.user, pk)
    require(request.user, "awards.approve_scores", meeting.bloc_year)
    return act(
        request,
        lambda: meeting_services.approve_scores(meeting, actor=request.user),
        success_message=_("The meeting approved the scores; the score sheets are locked."),
        back_to=_meeting_url(meeting.bloc_year),
    )


@require_http_methods(["GET", "POST"])
def leading_unit_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_selectors.get_meeting_for_user(request.user, pk)
    bloc_year = meeting.bloc_year
    require(request.user, "awards.record_meeting", bloc_year)
    return handle_form(
        request,
        LeadingUnitForm(request.POST or None, units=current_member_units(bloc_year)),
        perform=lambda data: meeting_services.record_leading_unit(meeting, actor=request.user, **data),
        success_url=_meeting_url(bloc_year),
        success_message=_("The leading unit was recorded."),
        title=_("The leading unit agreed by the meeting"),
        back_url=_meeting_url(bloc_year),
    )


@require_http_methods(["GET", "POST"])
def override_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_selectors.get_meeting_for_user(request.user, pk)
    bloc_year = meeting.bloc_year
    require(request.user, "awards.record_meeting", bloc_year)
    units = meeting_selectors.units_of_year(bloc_year)
    return handle_form(
        request,
        OverrideForm(request.POST or None, units=units, initial=request.GET.dict()),
        perform=lambda data: meeting_services.override_exclusion(meeting, actor=request.user, **data),
        success_url=_meeting_url(bloc_year),
        success_message=_("The unit stands for the award by the override; the reason is recorded."),
        title=_("Let a unit left out stand"),
        back_url=_meeting_url(bloc_year),
    )


@require_POST
def override_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    override = meeting_selectors.get_override_for_user(request.user, pk)
    bloc_year = override.meeting.bloc_year
    require(request.user, "awards.record_meeting", bloc_year)
    reason = request.POST.get("reason", "")
    return act(
        request,
        lambda: meeting_services.withdraw_override(override, actor=request.user, reason=reason),
        success_message=_("The override was withdrawn; the unit is left out again."),
        back_to=_meeting_url(bloc_year),
    )


@require_http_methods(["GET", "POST"])
def next_leadership_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_selectors.get_meeting_for_user(request.user, pk)
    bloc_year = meeting.bloc_year
    require(request.user, "awards.record_next_leadership", bloc_year)
    form = NextLeadershipForm(
        request.POST or None,
        units=current_member_units(bloc_year).order_by("name"),
        initial=presenters.next_leadership_initial(meeting),
    )
    return handle_form(
        request,
        form,
        perform=lambda data: meeting_services.record_next_leadership(meeting, actor=request.user, **data),
        success_url=_meeting_url(bloc_year),
        success_message=_("Next year's leadership was recorded and set on the bloc's next year."),
        title=_("Next year's head and deputies elected by the meeting"),
        back_url=_meeting_url(bloc_year),
    )
