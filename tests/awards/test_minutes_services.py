"""Issuing the minutes of the year-end meeting: each refusal, idempotence, numbering, audit and notices."""

import datetime

import pytest
from django.utils import timezone

from awards.enums import MINUTES_KIND, AwardKind, BallotForm, LeadershipMethod
from awards.models import Meeting, MeetingSession
from awards.services import meetings as meeting_services
from awards.services.ballots import cast_ballot, close_ballot, create_ballot, next_round, open_ballot, tally_ballot
from awards.services.minutes import issue_minutes
from awards.services.paper import record_counting_committee
from blocs.enums import BlocYearStatus
from core.exceptions import DomainError, RefusedTransition
from core.models import ActivityLog, IssuedDocument, Notice
from core.services import issued_document_of, next_document_number
from tests.awards.conftest import SESSION, all_present, set_status
from tests.factories import BlocYearFactory
from tests.refusals import assert_refused, close_year

pytestmark = pytest.mark.usefixtures("english")

DAY = datetime.date(2020, 12, 22)


def _state(meeting):
    meeting.refresh_from_db()
    return meeting.minutes_issued_on, IssuedDocument.objects.count()


def _ready_meeting(bloc_year, *, actor, leader=None) -> Meeting:
    """Arrange directly (the meeting's services are tested on their own): a session, the scores approved, the
    leading unit agreed."""
    set_status(bloc_year, BlocYearStatus.READY_FOR_REVIEW)
    leader = leader or bloc_year.memberships.order_by("id").first().unit
    meeting = Meeting.objects.create(
        bloc_year=bloc_year, scores_approved_at=timezone.now(), scores_approved_by=actor, leading_unit=leader
    )
    MeetingSession.objects.create(meeting=meeting, **SESSION)
    return meeting


# --- Issuing -----------------------------------------------------------------------------------


def test_issue_minutes_ready_meeting_numbers_dates_audits_and_notifies(
    world, voting_meeting, secretariat, unit_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = issue_minutes(voting_meeting, actor=secretariat, issued_on=DAY)

    meeting.refresh_from_db()
    issued = issued_document_of(meeting, kind=MINUTES_KIND)
    assert meeting.minutes_issued_on == DAY
    assert (meeting.minutes_secretary_name, meeting.minutes_secretary_title) == ("Trần Thị Bình", "Chuyên viên")
    assert issued.number_text == "01/BB-KTĐ" and issued.issued_on == DAY
    assert (issued.signer_title, issued.signer_name) == ("CHỦ TRÌ", "Nguyễn Văn An")
    entry = ActivityLog.objects.filter(action="awards.minutes.issued").get()
    assert entry.data == {"number": "01/BB-KTĐ", "issued_on": "2020-12-22"}
    assert set(Notice.objects.values_list("user_id", flat=True)) == {secretariat.pk, unit_officer.pk}


def test_issue_minutes_twice_keeps_number_date_and_audits_once(world, voting_meeting, secretariat):
    issue_minutes(voting_meeting, actor=secretariat, issued_on=DAY)

    again = issue_minutes(voting_meeting, actor=secretariat, issued_on=DAY + datetime.timedelta(days=3))

    assert again.minutes_issued_on == DAY
    assert IssuedDocument.objects.filter(kind=MINUTES_KIND).count() == 1
    assert ActivityLog.objects.filter(action="awards.minutes.issued").count() == 1


def test_issue_minutes_scores_not_approved_is_refused(world, ready_year, meeting_session, secretariat):
    meeting = meeting_session.meeting

    with pytest.raises(DomainError, match="not approved the ranked scores"):
        issue_minutes(meeting, actor=secretariat, issued_on=DAY)

    assert _state(meeting) == (None, 0)


def test_issue_minutes_leading_unit_not_agreed_is_refused(world, secretariat):
    meeting = _ready_meeting(world.bloc_year, actor=secretariat)
    Meeting.objects.filter(pk=meeting.pk).update(leading_unit=None)
    before = _state(meeting)

    with pytest.raises(DomainError, match="leading unit"):
        issue_minutes(Meeting.objects.get(pk=meeting.pk), actor=secretariat, issued_on=DAY)

    assert _state(meeting) == before


def test_issue_minutes_without_session_is_refused(world, secretariat):
    meeting = _ready_meeting(world.bloc_year, actor=secretariat)
    meeting.sessions.all().delete()

    with pytest.raises(DomainError, match="Record the meeting's session"):
        issue_minutes(meeting, actor=secretariat, issued_on=DAY)

    assert _state(meeting) == (None, 0)


def test_issue_minutes_ballot_open_is_refused(world, open_merit_ballot, secretariat):
    meeting = open_merit_ballot.meeting

    with pytest.raises(DomainError, match="still open or not yet counted"):
        issue_minutes(meeting, actor=secretariat, issued_on=DAY)

    assert _state(meeting) == (None, 0)


def test_issue_minutes_ballot_closed_not_tallied_is_refused(world, open_merit_ballot, secretariat):
    cast_ballot(open_merit_ballot, voter=secretariat, choice=[world.head.pk])
    close_ballot(open_merit_ballot, actor=secretariat)
    meeting = open_merit_ballot.meeting

    with pytest.raises(DomainError, match="still open or not yet counted"):
        issue_minutes(meeting, actor=secretariat, issued_on=DAY)

    assert _state(meeting) == (None, 0)


def _undecided_round(world, ballot, secretariat, deputy_officer, unit_officer):
    """One vote each for H, D and M: nobody passes more than half of the members, a new round is called for."""
    voters = [(secretariat, world.head), (deputy_officer, world.deputy), (unit_officer, world.member)]
    for voter, unit in voters:
        cast_ballot(ballot, voter=voter, choice=[unit.pk])
    close_ballot(ballot, actor=secretariat)
    return tally_ballot(ballot, actor=secretariat)


def test_issue_minutes_new_round_not_held_is_refused(
    world, open_merit_ballot, secretariat, deputy_officer, unit_officer
):
    tallied = _undecided_round(world, open_merit_ballot, secretariat, deputy_officer, unit_officer)
    assert tallied.result["next_round"]

    with pytest.raises(DomainError, match="calls for a new round that was not held"):
        issue_minutes(tallied.meeting, actor=secretariat, issued_on=DAY)

    assert _state(tallied.meeting) == (None, 0)


def test_issue_minutes_new_round_held_and_tallied_is_issued(
    world, open_merit_ballot, secretariat, deputy_officer, unit_officer
):
    first = _undecided_round(world, open_merit_ballot, secretariat, deputy_officer, unit_officer)
    second = open_ballot(next_round(first, actor=secretariat), actor=secretariat)
    for voter in (secretariat, deputy_officer, unit_officer):
        cast_ballot(second, voter=voter, choice=[world.head.pk])
    close_ballot(second, actor=secretariat)
    tally_ballot(second, actor=secretariat)

    meeting = issue_minutes(first.meeting, actor=secretariat, issued_on=DAY)

    assert meeting.minutes_issued_on == DAY


def test_issue_minutes_before_last_session_is_refused(world, voting_meeting, secretariat):
    with pytest.raises(DomainError, match="before the meeting's last session"):
        issue_minutes(voting_meeting, actor=secretariat, issued_on=datetime.date(2020, 12, 19))

    assert _state(voting_meeting) == (None, 0)


def test_issue_minutes_year_not_ready_for_review_is_refused(world, voting_meeting, secretariat):
    set_status(world.bloc_year, BlocYearStatus.REVIEWED)

    assert_refused(
        lambda: issue_minutes(voting_meeting, actor=secretariat, issued_on=DAY),
        state=lambda: _state(voting_meeting),
        actor=secretariat,
    )


def test_issue_minutes_closed_year_is_refused(world, voting_meeting, secretariat):
    close_year(world.bloc_year)

    with pytest.raises(RefusedTransition):
        issue_minutes(voting_meeting, actor=secretariat, issued_on=DAY)

    assert _state(voting_meeting) == (None, 0)


# --- Numbering ----------------------------------------------------------------------------------


def test_issue_minutes_two_blocs_each_start_at_one(world, secretariat):
    first = issue_minutes(_ready_meeting(world.bloc_year, actor=secretariat), actor=secretariat, issued_on=DAY)
    second = issue_minutes(_ready_meeting(world.other_bloc_year, actor=secretariat), actor=secretariat, issued_on=DAY)

    numbers = [issued_document_of(m, kind=MINUTES_KIND).number for m in (first, second)]
    assert numbers == [1, 1]


def test_issue_minutes_same_bloc_same_issue_year_counts_on(world, secretariat):
    next_year = BlocYearFactory(bloc=world.bloc_year.bloc, year=2021)
    early = _ready_meeting(world.bloc_year, actor=secretariat)
    late = _ready_meeting(next_year, actor=secretariat, leader=world.head)
    MeetingSession.objects.filter(meeting=late).update(held_on=datetime.date(2021, 12, 20))

    issue_minutes(early, actor=secretariat, issued_on=datetime.date(2021, 1, 5))
    issue_minutes(late, actor=secretariat, issued_on=datetime.date(2021, 12, 22))

    texts = [issued_document_of(m, kind=MINUTES_KIND).number_text for m in (early, late)]
    assert texts == ["01/BB-KTĐ", "02/BB-KTĐ"]


def test_issue_minutes_other_type_code_does_not_share_the_counter(world, secretariat):
    bloc_key = f"bloc:{world.bloc_year.bloc_id}"
    next_document_number(issuer_key=bloc_key, type_code="BC", year=2020)
    next_document_number(issuer_key=bloc_key, type_code="BC", year=2020)

    meeting = issue_minutes(_ready_meeting(world.bloc_year, actor=secretariat), actor=secretariat, issued_on=DAY)

    assert issued_document_of(meeting, kind=MINUTES_KIND).number == 1


# --- After issuing: the record the minutes print is frozen -------------------------------------------


def _writes(meeting, world, actor):
    """Every write to the meeting's record, as (name, call)."""
    session = meeting.sessions.get()
    return [
        ("session", lambda: meeting_services.record_meeting_session(meeting.bloc_year, actor=actor, **SESSION)),
        ("session edit", lambda: meeting_services.update_session(session, actor=actor, place="Nơi khác")),
        ("attendance", lambda: meeting_services.record_attendance(session, actor=actor, rows=all_present(world))),
        ("guest", lambda: meeting_services.add_guest(session, actor=actor, name="Khách")),
        ("leading unit", lambda: meeting_services.record_leading_unit(meeting, actor=actor, unit=world.deputy)),
        (
            "override",
            lambda: meeting_services.override_exclusion(
                meeting, actor=actor, award=AwardKind.PROVINCE_FLAG, unit=world.member, reason="Lý do"
            ),
        ),
        (
            "next leadership",
            lambda: meeting_services.record_next_leadership(
                meeting, actor=actor, head=world.deputy, deputies=[world.head], method=LeadershipMethod.AGREEMENT
            ),
        ),
        (
            "ballot",
            lambda: create_ballot(
                meeting, actor=actor, award=AwardKind.PROVINCE_MERIT, candidates=[world.head], form=BallotForm.YES_NO
            ),
        ),
        ("committee", lambda: record_counting_committee(meeting, actor=actor, members=[("Trần Văn A", "", True)])),
    ]


def test_meeting_writes_after_minutes_issued_are_refused_and_change_nothing(world, voting_meeting, secretariat):
    """Issued minutes print the meeting's record: no session, attendance, guest, leading unit, override,
    leadership, ballot or committee can change after (Decree 30/2020: an issued document is not edited)."""
    meeting = issue_minutes(voting_meeting, actor=secretariat, issued_on=DAY)
    entries = ActivityLog.objects.count()

    for name, write in _writes(meeting, world, secretariat):
        with pytest.raises(RefusedTransition, match="minutes of this meeting are issued"):
            write()
        assert ActivityLog.objects.count() == entries, name

    assert meeting.sessions.count() == 1 and not meeting.ballots.exists()
    assert Meeting.objects.get(pk=meeting.pk).leading_unit == world.head
