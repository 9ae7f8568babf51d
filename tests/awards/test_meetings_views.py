"""The meeting's pages: one allowed and one forbidden case per view, bad input answered 400 with nothing saved."""

import datetime

import pytest
from django.urls import reverse

from awards.dashboard import meeting_sections
from awards.enums import AwardKind
from awards.models import Attendance, CandidateOverride, Guest, Meeting, MeetingSession
from awards.services.meetings import add_guest, record_attendance, record_meeting_session
from blocs.enums import BlocYearStatus
from scoring.models import ScoreSheet
from tests.awards.conftest import SESSION, all_present, set_status

pytestmark = pytest.mark.usefixtures("english")
FORM = {**SESSION, "held_on": "20/12/2020", "starts_at": "08:00"}


def _url(name, *args):
    return reverse(f"awards:{name}", args=args)


# --- The page --------------------------------------------------------------------------------------


def test_meeting_detail_member_sees_read_only(client, world, meeting_session, unit_officer):
    client.force_login(unit_officer)

    response = client.get(_url("meeting_detail", world.bloc_year.pk))

    assert response.status_code == 200
    page = response.content.decode()
    assert SESSION["place"] in page and 'data-testid="session-add"' not in page
    assert 'data-testid="approve-scores"' not in page


def test_meeting_detail_secretariat_sees_buttons(client, world, meeting_session, secretariat):
    client.force_login(secretariat)

    page = client.get(_url("meeting_detail", world.bloc_year.pk)).content.decode()

    assert 'data-testid="session-add"' in page and 'data-testid="approve-scores"' in page
    assert "Recorded a session of the meeting" in page  # the history panel


def test_meeting_detail_other_bloc_officer_not_found(client, world, meeting_session, other_unit_officer):
    client.force_login(other_unit_officer)

    assert client.get(_url("meeting_detail", world.bloc_year.pk)).status_code == 404


def test_meeting_detail_before_ready_for_review_forbidden(client, world, unit_officer):
    set_status(world.bloc_year, BlocYearStatus.SCORING)
    client.force_login(unit_officer)

    assert client.get(_url("meeting_detail", world.bloc_year.pk)).status_code == 403


def test_bloc_detail_links_meeting_only_when_due(client, world, unit_officer):
    client.force_login(unit_officer)
    url = reverse("blocs:bloc_detail", args=[world.bloc.pk])
    set_status(world.bloc_year, BlocYearStatus.SCORING)
    before = client.get(url).content.decode()

    set_status(world.bloc_year, BlocYearStatus.READY_FOR_REVIEW)

    assert 'data-testid="meeting-link"' not in before
    assert 'data-testid="meeting-link"' in client.get(url).content.decode()


# --- Sessions ----------------------------------------------------------------------------------------


def test_session_add_secretariat_records_session(client, world, ready_year, secretariat):
    client.force_login(secretariat)

    response = client.post(_url("session_add", ready_year.pk), FORM)

    assert response.status_code == 302
    assert MeetingSession.objects.get().held_on == datetime.date(2020, 12, 20)


def test_session_add_unit_officer_forbidden(client, world, ready_year, unit_officer):
    client.force_login(unit_officer)

    assert client.post(_url("session_add", ready_year.pk), FORM).status_code == 403
    assert not Meeting.objects.exists()


def test_session_add_bad_day_400_with_message_nothing_saved(client, world, ready_year, secretariat):
    client.force_login(secretariat)

    response = client.post(_url("session_add", ready_year.pk), {**FORM, "held_on": "20/12/2018"})

    assert response.status_code == 400
    assert "held at the end of that year or early in the next" in response.content.decode()
    assert not Meeting.objects.exists()


def test_session_edit_second_of_two_meetings_edits_second(client, world, ready_year, council_officer):
    set_status(world.other_bloc_year, BlocYearStatus.READY_FOR_REVIEW)
    record_meeting_session(ready_year, actor=council_officer, **SESSION)
    second = record_meeting_session(world.other_bloc_year, actor=council_officer, **SESSION)
    client.force_login(council_officer)

    response = client.post(_url("session_edit", second.pk), {**FORM, "place": "Nơi khác"})

    assert response.status_code == 302
    assert list(MeetingSession.objects.order_by("id").values_list("place", flat=True)) == [SESSION["place"], "Nơi khác"]


# --- Attendance and guests ------------------------------------------------------------------------------


def _attendance_post(world, *, member_name="Lê Văn Dũng"):
    data = {}
    for unit in (world.head, world.deputy, world.member):
        data |= {f"present_{unit.pk}": "on", f"name_{unit.pk}": f"Đại diện {unit.pk}", f"title_{unit.pk}": "PGĐ"}
    data[f"name_{world.member.pk}"] = member_name
    return data


def test_attendance_edit_secretariat_records_rows(client, world, meeting_session, secretariat):
    client.force_login(secretariat)
    data = _attendance_post(world)
    del data[f"present_{world.deputy.pk}"]

    response = client.post(_url("attendance_edit", meeting_session.pk), data)

    assert response.status_code == 302
    saved = dict(Attendance.objects.values_list("unit_id", "present"))
    assert saved == {world.head.pk: True, world.deputy.pk: False, world.member.pk: True}


def test_attendance_edit_shows_recorded_rows(client, world, meeting_session, secretariat):
    record_attendance(meeting_session, actor=secretariat, rows=all_present(world))
    client.force_login(secretariat)

    page = client.get(_url("attendance_edit", meeting_session.pk)).content.decode()

    assert f"Đại diện {world.member.name}" in page


def test_attendance_edit_present_without_name_400_nothing_saved(client, world, meeting_session, secretariat):
    client.force_login(secretariat)

    response = client.post(_url("attendance_edit", meeting_session.pk), _attendance_post(world, member_name=""))

    assert response.status_code == 400
    assert "Give the representative&#x27;s name of each unit present: Công an tỉnh" in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_edit_council_member_forbidden(client, world, meeting_session, council_member):
    client.force_login(council_member)

    assert client.post(_url("attendance_edit", meeting_session.pk), _attendance_post(world)).status_code == 403
    assert not Attendance.objects.exists()


def test_guest_add_and_remove_by_secretariat(client, world, meeting_session, secretariat):
    client.force_login(secretariat)

    client.post(_url("guest_add", meeting_session.pk), {"name": "Lê Văn Cường", "title": "Phó Trưởng ban"})
    guest = Guest.objects.get()
    response = client.post(_url("guest_remove", guest.pk))

    assert response.status_code == 302 and not Guest.objects.exists()


def test_guest_remove_unit_officer_forbidden(client, world, meeting_session, secretariat, unit_officer):
    guest = add_guest(meeting_session, actor=secretariat, name="Lê Văn Cường")
    client.force_login(unit_officer)

    assert client.post(_url("guest_remove", guest.pk)).status_code == 403
    assert Guest.objects.filter(pk=guest.pk).exists()


# --- Approval, leading unit, overrides ------------------------------------------------------------


def test_scores_approve_secretariat_locks_sheets(client, world, meeting_session, secretariat):
    client.force_login(secretariat)

    response = client.post(_url("scores_approve", meeting_session.meeting.pk), follow=True)

    assert "The meeting approved the scores" in response.content.decode()
    assert not ScoreSheet.objects.filter(locked_at__isnull=True).exists()


def test_scores_approve_unit_officer_forbidden(client, world, meeting_session, unit_officer):
    client.force_login(unit_officer)

    assert client.post(_url("scores_approve", meeting_session.meeting.pk)).status_code == 403
    assert not ScoreSheet.objects.filter(locked_at__isnull=False).exists()


def test_leading_unit_edit_records_member(client, world, meeting_session, secretariat):
    client.force_login(secretariat)

    response = client.post(_url("leading_unit_edit", meeting_session.meeting.pk), {"unit": world.member.pk})

    assert response.status_code == 302
    assert Meeting.objects.get().leading_unit == world.member


def test_leading_unit_edit_non_member_400_nothing_saved(client, world, meeting_session, secretariat):
    client.force_login(secretariat)

    response = client.post(_url("leading_unit_edit", meeting_session.meeting.pk), {"unit": world.other_unit.pk})

    assert response.status_code == 400 and Meeting.objects.get().leading_unit is None


def test_override_add_records_reason(client, world, meeting_session, secretariat):
    client.force_login(secretariat)
    data = {"award": AwardKind.PROVINCE_MERIT, "unit": world.member.pk, "reason": "Đăng ký muộn"}

    response = client.post(_url("override_add", meeting_session.meeting.pk), data)

    assert response.status_code == 302
    assert CandidateOverride.objects.get().reason == "Đăng ký muộn"


def test_override_add_law_bar_400_with_message_nothing_saved(client, world, meeting_session, secretariat):
    world.bloc_year.memberships.filter(unit=world.member).update(
        left_on=datetime.date(2020, 6, 1), left_reason="Chuyển"
    )
    client.force_login(secretariat)
    data = {"award": AwardKind.PROVINCE_MERIT, "unit": world.member.pk, "reason": "Lý do"}

    response = client.post(_url("override_add", meeting_session.meeting.pk), data)

    assert response.status_code == 400
    assert "an override cannot change that" in response.content.decode()
    assert not CandidateOverride.objects.exists()


def test_override_add_deputy_officer_forbidden(client, world, meeting_session, deputy_officer):
    client.force_login(deputy_officer)
    data = {"award": AwardKind.PROVINCE_MERIT, "unit": world.member.pk, "reason": "Lý do"}

    assert client.post(_url("override_add", meeting_session.meeting.pk), data).status_code == 403
    assert not CandidateOverride.objects.exists()


# --- Dashboard ----------------------------------------------------------------------------------------


def test_dashboard_secretariat_ready_year_without_session_asks_for_meeting(world, ready_year, secretariat):
    sections = meeting_sections(secretariat, today=datetime.date(2020, 12, 15))

    assert [item.url for item in sections[0].items] == [_url("meeting_detail", ready_year.pk)]


def test_dashboard_secretariat_after_first_session_nothing(world, meeting_session, secretariat):
    assert meeting_sections(secretariat, today=datetime.date(2020, 12, 21)) == []


def test_dashboard_unit_officer_ready_year_nothing(world, ready_year, unit_officer):
    assert meeting_sections(unit_officer, today=datetime.date(2020, 12, 15)) == []


def test_meeting_detail_ready_year_without_scores_or_meeting_renders(client, world, admin_user):
    set_status(world.bloc_year, BlocYearStatus.READY_FOR_REVIEW)
    client.force_login(admin_user)

    response = client.get(_url("meeting_detail", world.bloc_year.pk))

    assert response.status_code == 200
    assert 'data-testid="no-session"' in response.content.decode()
