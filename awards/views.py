from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards import presenters, services
from awards.forms import (
    AttendanceForm,
    ComplianceRecordEditForm,
    ComplianceRecordForm,
    GuestForm,
    LeadingUnitForm,
    NextLeadershipForm,
    OverrideForm,
    ResolveForm,
    SessionForm,
)
from awards.selectors import compliance as selectors
from awards.selectors import meetings as meeting_selectors
from awards.services import meetings as meeting_services
from blocs.models import BlocYear
from blocs.selectors import current_member_units, get_bloc_year_for_user, get_unit_for_user
from core.actions import AuthenticatedRequest, act, handle_form, require


def compliance_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    require(request.user, "awards.view_compliancerecords", unit)
    return render(request, "awards/compliance_list.html", presenters.compliance_list_page(request.user, unit))


@require_http_methods(["GET", "POST"])
def compliance_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    require(request.user, "awards.add_compliancerecord", unit)
    back = reverse("awards:compliance_list", args=[unit.pk])
    return handle_form(
        request,
        ComplianceRecordForm(request.POST or None),
        perform=lambda data: services.record_compliance_record(unit, actor=request.user, **data),
        success_url=back,
        success_message=_("The compliance record was saved."),
        title=_("New compliance record of %(unit)s") % {"unit": unit},
        back_url=back,
    )


@require_http_methods(["GET", "POST"])
def compliance_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = selectors.get_compliance_record_for_user(request.user, pk)
    require(request.user, "awards.change_compliancerecord", record)
    return handle_form(
        request,
        ComplianceRecordEditForm(request.POST or None, instance=record),
        perform=lambda data: services.update_compliance_record(record, actor=request.user, **data),
        success_url=record.get_absolute_url(),
        success_message=_("The compliance record was saved."),
        title=_("Edit the compliance record of %(unit)s") % {"unit": record.unit},
        back_url=record.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def compliance_resolve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = selectors.get_compliance_record_for_user(request.user, pk)
    require(request.user, "awards.resolve_compliancerecord", record)
    return handle_form(
        request,
        ResolveForm(request.POST or None),
        perform=lambda data: services.resolve_compliance_record(record, actor=request.user, **data),
        success_url=record.get_absolute_url(),
        success_message=_("The resolution was recorded: from that day the record no longer blocks the unit."),
        title=_("Resolve: %(record)s") % {"record": record},
        back_url=record.get_absolute_url(),
    )


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
