"""Demo of Hà Tĩnh 2019: the year fully past its meeting, then closed again; 2020 untouched at scoring."""

import datetime

import pytest

from awards.demo import load_meeting_2019
from awards.enums import AwardKind, BallotStatus, CouncilSessionStatus, LeadershipMethod, ProposalStatus
from awards.models import Ballot, DecisionItem, Meeting, Participation, Proposal
from awards.selectors.ballots import verify_stored_ballots
from awards.selectors.decisions import award_history
from awards.selectors.meetings import ranks_of
from awards.services.review import submitted_late
from blocs.enums import BlocYearStatus, MemberRole
from blocs.models import BlocYear
from core.models import ActivityLog
from core.services import issued_document_of
from scoring.enums import SheetStatus, Stage
from scoring.models import ScoreSheet


@pytest.fixture
def demo(demo_db):
    """The demo story, loaded once for this module; each test's changes roll back."""


def _year(year):
    return BlocYear.objects.get(bloc__province__code="42", bloc__name="Khối thi đua Nội chính", year=year)


def _meeting():
    return Meeting.objects.select_related("bloc_year").get(bloc_year=_year(2019))


def _member_ids(bloc_year):
    return set(bloc_year.memberships.filter(left_on__isnull=True).values_list("unit_id", flat=True))


def test_demo_2019_closed_and_2020_still_scoring(demo):
    assert _year(2019).status == BlocYearStatus.CLOSED
    assert _year(2020).status == BlocYearStatus.SCORING


def test_demo_2019_session_every_member_present_and_the_council_office_as_guest(demo):
    session = _meeting().sessions.get()

    assert session.held_on == datetime.date(2019, 12, 25)
    assert session.place and session.chair_name and session.chair_title and session.secretary_name
    attendance = session.attendances.all()
    assert {a.unit_id for a in attendance if a.present} == _member_ids(_year(2019))
    assert all(a.representative_name and a.representative_title for a in attendance)
    assert "Trần Quốc Việt" in {a.representative_name for a in attendance}
    assert [g.organisation for g in session.guests.all()] == ["Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Hà Tĩnh"]


def test_demo_2019_scores_approved_and_locked_for_every_member(demo):
    meeting = _meeting()
    approved = ScoreSheet.objects.filter(bloc_year=meeting.bloc_year, stage=Stage.APPROVED)

    assert meeting.scores_approved_at.date() == datetime.date(2019, 12, 25)
    assert {s.unit_id for s in approved if s.status == SheetStatus.ACCEPTED} == _member_ids(meeting.bloc_year)
    assert not ScoreSheet.objects.filter(bloc_year=meeting.bloc_year, locked_at__isnull=True).exists()
    assert ScoreSheet.objects.filter(bloc_year=_year(2020), locked_at__isnull=False).count() == 0


def test_demo_2019_leading_unit_is_the_first_ranked(demo):
    meeting = _meeting()
    ranks = ranks_of(meeting.bloc_year)

    assert ranks[meeting.leading_unit_id][0] == 1
    assert sorted(rank for rank, _score in ranks.values()) == list(range(1, 9))


def test_demo_2019_flag_ballot_tallied_by_every_members_officer(demo):
    meeting = _meeting()
    ballot = Ballot.objects.get(meeting=meeting, award=AwardKind.PROVINCE_FLAG)

    assert (ballot.award, ballot.status) == (AwardKind.PROVINCE_FLAG, BallotStatus.TALLIED)
    assert ballot.result["elected"] == [meeting.leading_unit_id] and ballot.result["ballots"] == 8
    assert set(Participation.objects.filter(ballot=ballot).values_list("unit_id", flat=True)) == _member_ids(
        meeting.bloc_year
    )
    assert verify_stored_ballots(ballot).ok
    assert ballot.closed_at.date() == datetime.date(2019, 12, 25)


def test_demo_2019_merit_ballot_elects_the_units_ranked_second_and_third(demo):
    meeting = _meeting()
    ranks = ranks_of(meeting.bloc_year)
    runners_up = {unit_id for unit_id, (rank, _score) in ranks.items() if rank in (2, 3)}
    ballot = Ballot.objects.get(meeting=meeting, award=AwardKind.PROVINCE_MERIT)

    assert ballot.status == BallotStatus.TALLIED and ballot.result["ballots"] == 8
    assert set(ballot.result["elected"]) == runners_up and len(runners_up) == 2
    assert verify_stored_ballots(ballot).ok


def test_demo_2019_next_leadership_matches_2020(demo):
    record = _meeting().next_leadership
    leaders = _year(2020).memberships.filter(left_on__isnull=True)

    assert record.head_id == leaders.get(role=MemberRole.HEAD).unit_id
    assert set(record.deputies.values_list("pk", flat=True)) == set(
        leaders.filter(role=MemberRole.DEPUTY).values_list("unit_id", flat=True)
    )
    assert record.method == LeadershipMethod.AGREEMENT
    assert record.recorded_at.date() == datetime.date(2019, 12, 25)


def test_demo_2019_meeting_audit_dated_as_it_happened(demo):
    """The meeting on 25/12/2019, the dossier on 26–30/12/2019, the council's session on 08/01/2020, the
    decision on 15/01/2020."""
    entries = ActivityLog.objects.filter(action__startswith="awards.").exclude(action__startswith="awards.compliance")
    entries = entries.exclude(created__year__gt=2020)  # this year's council session, planned last week
    later = ("awards.proposal.", "awards.council_session.", "awards.decision.")
    meeting = [entry for entry in entries if not entry.action.startswith(later)]

    assert len(meeting) > 10
    assert {entry.created.date() for entry in meeting} == {datetime.date(2019, 12, 25)}
    assert {entry.created.date() for entry in entries} == {
        datetime.date(2019, 12, 25),
        datetime.date(2019, 12, 26),
        datetime.date(2019, 12, 27),
        datetime.date(2019, 12, 30),
        datetime.date(2020, 1, 8),
        datetime.date(2020, 1, 15),
    }


def test_demo_2019_proposal_submitted_in_time_appraised_and_passed_by_the_council(demo):
    proposal = Proposal.objects.select_related("council_session").get(bloc_year=_year(2019))

    assert proposal.status == ProposalStatus.DECIDED and proposal.submitted_on == datetime.date(2019, 12, 27)
    assert issued_document_of(proposal, kind="awards.proposal").number_text == "01/TTr-KTĐ"
    assert not submitted_late(proposal)
    flag = proposal.items.get(award=AwardKind.PROVINCE_FLAG)
    assert (flag.unit, flag.appraisal) == (_meeting().leading_unit, "eligible")
    assert flag.council_vote.passed and proposal.council_session.status == CouncilSessionStatus.HELD
    merits = proposal.items.filter(award=AwardKind.PROVINCE_MERIT)
    assert [(item.rank, item.appraisal) for item in merits.order_by("rank")] == [(2, "eligible"), (3, "eligible")]
    assert not merits.filter(council_vote__isnull=False).exists()  # the appraisal decides a certificate


def test_demo_2019_meeting_loaded_twice_changes_nothing(demo):
    before = (Meeting.objects.count(), Ballot.objects.count(), ActivityLog.objects.count(), ScoreSheet.objects.count())

    load_meeting_2019()

    after = (Meeting.objects.count(), Ballot.objects.count(), ActivityLog.objects.count(), ScoreSheet.objects.count())
    assert after == before


def test_demo_2019_decision_awards_the_flag_with_its_money_in_the_unit_history(demo):
    """Decision of 15/01/2020: 8 × the base salary then in force (1,490,000 VND from 01/07/2019)."""
    item = DecisionItem.objects.select_related("decision", "unit").get(year=2019, award=AwardKind.PROVINCE_FLAG)

    assert item.approved and item.unit == _meeting().leading_unit and item.amount == 8 * 1_490_000
    assert item.decision.issued_on == datetime.date(2020, 1, 15) and item.decision.number == 1
    history = award_history(item.unit)
    assert [(row.year, row.decision, row.amount, row.inherited) for row in history] == [
        (2019, item.decision, item.amount, False)
    ]


def test_demo_2019_decision_awards_two_certificates_of_merit_with_their_money(demo):
    """The same decision: 2 × the base salary for each collective's certificate (demo multiplier)."""
    flag = DecisionItem.objects.get(year=2019, award=AwardKind.PROVINCE_FLAG)
    merits = DecisionItem.objects.select_related("unit").filter(year=2019, award=AwardKind.PROVINCE_MERIT)

    assert len(merits) == 2 and {item.decision_id for item in merits} == {flag.decision_id}
    assert all(item.approved and item.amount == 2 * 1_490_000 for item in merits)
    assert flag.unit_id not in {item.unit_id for item in merits}
    for item in merits:
        assert [(row.year, row.award, row.amount) for row in award_history(item.unit)] == [
            (2019, item.get_award_display(), item.amount)
        ]
