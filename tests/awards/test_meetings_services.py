import datetime

import pytest

from awards.enums import AwardKind
from awards.models import Attendance, CandidateOverride, Guest, Meeting, MeetingSession
from awards.services.meetings import (
    AttendanceRow,
    add_guest,
    approve_scores,
    override_exclusion,
    record_attendance,
    record_leading_unit,
    record_meeting_session,
    remove_guest,
    update_session,
)
from blocs.enums import BlocYearStatus
from core.exceptions import DomainError
from core.models import ActivityLog
from scoring.enums import SheetStatus, Stage
from scoring.models import ScoreSheet
from tests.awards.conftest import SESSION, all_present, score_year, set_status
from tests.factories import UnitFactory
from tests.pledges.factories import RegistrationFactory, TitleFactory
from tests.refusals import assert_refused, close_year

pytestmark = pytest.mark.usefixtures("english")


def _log(action):
    return ActivityLog.objects.filter(action=action).order_by("-id").first()


# --- Sessions ---------------------------------------------------------------------------------


def test_record_meeting_session_first_creates_meeting_and_audits(ready_year, secretariat):
    session = record_meeting_session(ready_year, actor=secretariat, **SESSION)

    meeting = Meeting.objects.get(bloc_year=ready_year)
    assert session.meeting == meeting and session.chair_name == "Nguyễn Văn An"
    assert _log("awards.meeting.opened").object_id == meeting.pk
    assert _log("awards.session.recorded").data["place"] == SESSION["place"]


def test_record_meeting_session_second_keeps_one_meeting(meeting_session, ready_year, secretariat):
    record_meeting_session(ready_year, actor=secretariat, **{**SESSION, "held_on": datetime.date(2020, 12, 22)})

    assert Meeting.objects.filter(bloc_year=ready_year).count() == 1
    assert list(meeting_session.meeting.sessions.values_list("held_on", flat=True)) == [
        datetime.date(2020, 12, 20),
        datetime.date(2020, 12, 22),
    ]


def test_record_meeting_session_before_ready_for_review_refused(world, secretariat):
    set_status(world.bloc_year, BlocYearStatus.SCORING)

    assert_refused(
        lambda: record_meeting_session(world.bloc_year, actor=secretariat, **SESSION),
        state=lambda: Meeting.objects.count(),
        actor=secretariat,
    )


def test_record_meeting_session_closed_year_refused(ready_year, secretariat):
    close_year(ready_year)

    assert_refused(
        lambda: record_meeting_session(ready_year, actor=secretariat, **SESSION),
        state=lambda: Meeting.objects.count(),
        actor=secretariat,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"chair_name": "  "}, "Give the place, and the name and title of the chair"),
        ({"place": ""}, "Give the place"),
        ({"held_on": datetime.date(2019, 12, 20)}, "held at the end of that year or early in the next"),
    ],
)
def test_record_meeting_session_bad_input_refused_nothing_saved(ready_year, secretariat, change, message):
    with pytest.raises(DomainError, match=message):
        record_meeting_session(ready_year, actor=secretariat, **{**SESSION, **change})

    assert not Meeting.objects.exists() and not MeetingSession.objects.exists()


def test_update_session_changes_place_and_audits_diff(meeting_session, secretariat):
    update_session(meeting_session, actor=secretariat, place="Hội trường UBND tỉnh")

    meeting_session.refresh_from_db()
    assert meeting_session.place == "Hội trường UBND tỉnh"
    assert _log("awards.session.updated").data["after"] == {"place": "Hội trường UBND tỉnh"}


def test_update_session_blank_secretary_refused_unchanged(meeting_session, secretariat):
    with pytest.raises(DomainError):
        update_session(meeting_session, actor=secretariat, secretary_name="")

    meeting_session.refresh_from_db()
    assert meeting_session.secretary_name == SESSION["secretary_name"]


# --- Attendance and guests ----------------------------------------------------------------------


def test_record_attendance_every_member_saves_present_and_absent(world, meeting_session, secretariat):
    rows = [*all_present(world)[:2], AttendanceRow(world.member.pk, False, "ignored", "ignored")]

    record_attendance(meeting_session, actor=secretariat, rows=rows)

    saved = {a.unit_id: a for a in Attendance.objects.filter(session=meeting_session)}
    assert saved[world.head.pk].present and saved[world.head.pk].representative_name == f"Đại diện {world.head.name}"
    assert not saved[world.member.pk].present and saved[world.member.pk].representative_name == ""
    assert _log("awards.session.attendance").data == {
        "present": sorted([world.head.pk, world.deputy.pk]),
        "absent": [world.member.pk],
    }


def test_record_attendance_again_replaces_rows(world, meeting_session, secretariat):
    record_attendance(meeting_session, actor=secretariat, rows=all_present(world))
    absent = [AttendanceRow(row.unit_id, False) for row in all_present(world)]

    record_attendance(meeting_session, actor=secretariat, rows=absent)

    assert Attendance.objects.filter(session=meeting_session).count() == 3
    assert not Attendance.objects.filter(session=meeting_session, present=True).exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (lambda w: all_present(w)[:2], "Say whether these units were present: Công an tỉnh"),
        (lambda w: [*all_present(w), AttendanceRow(w.other_unit.pk, True, "X")], "Only the current member units"),
        (lambda w: [*all_present(w), all_present(w)[0]], "Each member unit is recorded once"),
        (
            lambda w: [*all_present(w)[:2], AttendanceRow(w.member.pk, True, "  ")],
            "Give the representative's name of each unit present: Công an tỉnh",
        ),
    ],
)
def test_record_attendance_bad_rows_refused_nothing_saved(world, meeting_session, secretariat, rows, message):
    with pytest.raises(DomainError, match=message):
        record_attendance(meeting_session, actor=secretariat, rows=rows(world))

    assert not Attendance.objects.exists()


def test_record_attendance_unit_that_left_refused(world, meeting_session, secretariat):
    world.bloc_year.memberships.filter(unit=world.member).update(
        left_on=datetime.date(2020, 6, 1), left_reason="Sáp nhập"
    )

    with pytest.raises(DomainError, match="Only the current member units"):
        record_attendance(meeting_session, actor=secretariat, rows=all_present(world))


def test_add_guest_saves_and_audits(meeting_session, council_officer):
    guest = add_guest(meeting_session, actor=council_officer, name=" Lê Văn Cường ", title="Phó Trưởng ban")

    assert Guest.objects.get(pk=guest.pk).name == "Lê Văn Cường"
    assert _log("awards.session.guest_added").data == {"name": "Lê Văn Cường", "title": "Phó Trưởng ban"}


def test_add_guest_blank_name_refused(meeting_session, secretariat):
    with pytest.raises(DomainError, match="Give the guest's name"):
        add_guest(meeting_session, actor=secretariat, name=" ")

    assert not Guest.objects.exists()


def test_remove_guest_deletes_and_audits(meeting_session, secretariat):
    guest = add_guest(meeting_session, actor=secretariat, name="Lê Văn Cường")

    remove_guest(guest, actor=secretariat)

    assert not Guest.objects.exists()
    assert _log("awards.session.guest_removed").data == {"name": "Lê Văn Cường"}


# --- Approval of the scores ------------------------------------------------------------------------


def test_approve_scores_ready_year_accepts_locks_and_records(world, meeting_session, secretariat):
    meeting = approve_scores(meeting_session.meeting, actor=secretariat)

    approved = ScoreSheet.objects.filter(bloc_year=world.bloc_year, stage=Stage.APPROVED)
    assert approved.count() == 3 and all(s.status == SheetStatus.ACCEPTED for s in approved)
    assert not ScoreSheet.objects.filter(bloc_year=world.bloc_year, locked_at__isnull=True).exists()
    meeting.refresh_from_db()
    assert meeting.scores_approved_by == secretariat and meeting.scores_approved_at is not None
    assert _log("awards.meeting.scores_approved").data == {"sheets_locked": 9}
    assert _log("scoring.scores.locked") is not None


def test_approve_scores_second_call_changes_nothing(meeting_session, secretariat, council_officer):
    approve_scores(meeting_session.meeting, actor=secretariat)
    logged = ActivityLog.objects.count()

    meeting = approve_scores(meeting_session.meeting, actor=council_officer)

    assert meeting.scores_approved_by == secretariat and ActivityLog.objects.count() == logged


def test_approve_scores_before_ready_for_review_refused(meeting_session, ready_year, secretariat):
    set_status(ready_year, BlocYearStatus.SCORING)

    assert_refused(
        lambda: approve_scores(meeting_session.meeting, actor=secretariat),
        state=lambda: list(Meeting.objects.values_list("scores_approved_at", flat=True)),
        actor=secretariat,
    )


def test_approve_scores_unaccepted_verification_refused_nothing_locked(world, admin_user, secretariat):
    score_year(world.bloc_year, {world.head: "9", world.deputy: "8"}, actor=admin_user)
    set_status(world.bloc_year, BlocYearStatus.READY_FOR_REVIEW)
    session = record_meeting_session(world.bloc_year, actor=secretariat, **SESSION)

    with pytest.raises(DomainError, match="Verified scores are not accepted yet for: Công an tỉnh"):
        approve_scores(session.meeting, actor=secretariat)

    session.meeting.refresh_from_db()
    assert session.meeting.scores_approved_at is None
    assert not ScoreSheet.objects.filter(locked_at__isnull=False).exists()
    assert not ScoreSheet.objects.filter(stage=Stage.APPROVED, status=SheetStatus.ACCEPTED).exists()


def test_approve_scores_without_session_refused(ready_year, secretariat):
    meeting = Meeting.objects.create(bloc_year=ready_year)

    with pytest.raises(DomainError, match="Record the meeting's session"):
        approve_scores(meeting, actor=secretariat)


# --- Leading unit and overrides -------------------------------------------------------------------


def test_record_leading_unit_member_saves_and_audits(world, meeting_session, secretariat):
    meeting = record_leading_unit(meeting_session.meeting, actor=secretariat, unit=world.deputy)

    meeting.refresh_from_db()
    assert meeting.leading_unit == world.deputy
    assert _log("awards.meeting.leading_unit").data == {"before": None, "after": world.deputy.pk}


def test_record_leading_unit_non_member_refused(world, meeting_session, secretariat):
    with pytest.raises(DomainError, match="must be a current member"):
        record_leading_unit(meeting_session.meeting, actor=secretariat, unit=world.other_unit)

    meeting_session.meeting.refresh_from_db()
    assert meeting_session.meeting.leading_unit is None


def test_override_exclusion_unregistered_unit_stands_and_audits(world, meeting_session, secretariat):
    override = override_exclusion(
        meeting_session.meeting,
        actor=secretariat,
        award=AwardKind.PROVINCE_MERIT,
        unit=world.member,
        reason="Đăng ký muộn do sáp nhập phòng",
    )

    assert CandidateOverride.objects.get(pk=override.pk).created_by == secretariat
    assert _log("awards.meeting.override").data == {
        "award": "province_merit",
        "unit": world.member.pk,
        "reason": "Đăng ký muộn do sáp nhập phòng",
    }


def test_override_exclusion_blank_reason_refused(world, meeting_session, secretariat):
    with pytest.raises(DomainError, match="Write the reason"):
        override_exclusion(
            meeting_session.meeting, actor=secretariat, award=AwardKind.PROVINCE_MERIT, unit=world.member, reason=" "
        )

    assert not CandidateOverride.objects.exists()


def test_override_exclusion_candidate_refused(world, meeting_session, secretariat):
    title = TitleFactory(name="Bằng khen của Chủ tịch UBND tỉnh", is_flag=False)
    RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, title=title, status="accepted")

    with pytest.raises(DomainError, match="Only a unit left out"):
        override_exclusion(
            meeting_session.meeting,
            actor=secretariat,
            award=AwardKind.PROVINCE_MERIT,
            unit=world.member,
            reason="Lý do",
        )


def test_override_exclusion_unit_that_left_not_overridable(world, meeting_session, secretariat):
    world.bloc_year.memberships.filter(unit=world.member).update(
        left_on=datetime.date(2020, 6, 1), left_reason="Chuyển"
    )

    with pytest.raises(DomainError, match="cannot stand"):
        override_exclusion(
            meeting_session.meeting,
            actor=secretariat,
            award=AwardKind.PROVINCE_MERIT,
            unit=world.member,
            reason="Lý do",
        )


def test_override_exclusion_twice_refused(world, meeting_session, secretariat):
    kwargs = {"award": AwardKind.PROVINCE_MERIT, "unit": world.member, "reason": "Lý do"}
    override_exclusion(meeting_session.meeting, actor=secretariat, **kwargs)

    with pytest.raises(DomainError, match="already stands"):
        override_exclusion(meeting_session.meeting, actor=secretariat, **kwargs)

    assert CandidateOverride.objects.count() == 1


def test_override_exclusion_unknown_unit_refused(meeting_session, secretariat, world):
    stranger = UnitFactory(province=world.province)

    with pytest.raises(DomainError, match="Only a unit left out"):
        override_exclusion(
            meeting_session.meeting, actor=secretariat, award=AwardKind.PROVINCE_FLAG, unit=stranger, reason="Lý do"
        )


@pytest.mark.parametrize(
    "call",
    [
        lambda s, w, actor: record_attendance(s, actor=actor, rows=all_present(w)),
        lambda s, w, actor: add_guest(s, actor=actor, name="Lê Văn Cường"),
        lambda s, w, actor: approve_scores(s.meeting, actor=actor),
        lambda s, w, actor: record_leading_unit(s.meeting, actor=actor, unit=w.head),
        lambda s, w, actor: update_session(s, actor=actor, place="Nơi khác"),
    ],
)
def test_meeting_services_closed_year_refused_unchanged(world, meeting_session, ready_year, admin_user, call):
    close_year(ready_year)

    assert_refused(
        lambda: call(meeting_session, world, admin_user),
        state=lambda: (
            Attendance.objects.count(),
            Guest.objects.count(),
            list(Meeting.objects.values_list("scores_approved_at", "leading_unit")),
            list(MeetingSession.objects.values_list("place", flat=True)),
        ),
        actor=admin_user,
    )
