"""Fixtures of the year-end meeting tests: bloc B's year Y scored, verified and ready for review."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from awards.enums import AwardKind, BallotForm, BallotStatus
from awards.models import Attendance, Ballot, BallotCandidate, Meeting, MeetingSession
from awards.sealing import new_salt
from awards.services.ballots import create_ballot, open_ballot
from awards.services.meetings import AttendanceRow, approve_scores, record_attendance, record_meeting_session
from awards.services.proposals import create_proposal
from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from scoring.enums import SchemeItemKind, Stage
from scoring.models import Scheme, ScoreSheet
from scoring.services import sheets as sheet_services
from tests.awards.proposal_setup import decided_meeting, write_achievement_reports
from tests.factories import MembershipFactory, UnitFactory, UnitRoleFactory
from tests.pledges.factories import RegistrationFactory, TitleFactory
from tests.scoring.conftest import add_item, fill_sheet

SESSION = {
    "held_on": datetime.date(2020, 12, 20),
    "starts_at": datetime.time(8, 0),
    "place": "Hội trường Thanh tra tỉnh",
    "chair_name": "Nguyễn Văn An",
    "chair_title": "Chánh Thanh tra tỉnh",
    "secretary_name": "Trần Thị Bình",
    "secretary_title": "Chuyên viên",
}


def set_status(bloc_year, status) -> BlocYear:
    """Put the year at ``status`` directly: the lifecycle's own moves are tested in blocs."""
    BlocYear.objects.filter(pk=bloc_year.pk).update(status=status)
    bloc_year.refresh_from_db()
    return bloc_year


def score_year(bloc_year, units_points: dict, *, actor, verify=True) -> None:
    """Self-score each unit with its I.1 points (I.2 = 10), accept it, then (``verify``) accept the verification."""
    scheme = Scheme.objects.create(bloc_year=bloc_year, title="Thang điểm", bonus_cap=Decimal(0))
    add_item(scheme, "I.1", max_points="10")
    add_item(scheme, "I.2", SchemeItemKind.CRITERION, max_points="10")
    sheet_services.update_scoring_setting(bloc_year, actor=actor, uses_council_stage=False)
    sheet_services.open_self_scoring(bloc_year, actor=actor)
    for unit, points in units_points.items():
        sheet = ScoreSheet.objects.get(bloc_year=bloc_year, unit=unit, stage=Stage.SELF)
        fill_sheet(sheet, {"I.1": points, "I.2": "10"}, actor=actor)
        sheet_services.submit_sheet(sheet, actor=actor)
        sheet_services.accept_sheet(sheet, actor=actor)
        if verify:
            verification = ScoreSheet.objects.get(bloc_year=bloc_year, unit=unit, stage=Stage.VERIFICATION)
            sheet_services.submit_sheet(verification, actor=actor)
            sheet_services.accept_sheet(verification, actor=actor)


@pytest.fixture
def ready_year(world, admin_user):
    """Year Y scored (head 9, deputy 8, member 7 on I.1), every verification accepted, ready for review."""
    score_year(world.bloc_year, {world.head: "9", world.deputy: "8", world.member: "7"}, actor=admin_user)
    return set_status(world.bloc_year, BlocYearStatus.READY_FOR_REVIEW)


@pytest.fixture
def meeting_session(ready_year, secretariat):
    """The first session of year Y's meeting, recorded by the secretariat (no attendance yet)."""
    return record_meeting_session(ready_year, actor=secretariat, **SESSION)


def all_present(world) -> list[AttendanceRow]:
    return [
        AttendanceRow(unit.pk, True, f"Đại diện {unit.name}", "Phó Giám đốc")
        for unit in (world.head, world.deputy, world.member)
    ]


# --- The secret ballot ----------------------------------------------------------------------------

MERIT = "Bằng khen của Chủ tịch UBND tỉnh"


@pytest.fixture
def voting_meeting(world, ready_year, meeting_session, secretariat):
    """Year Y's meeting with every member present, the scores approved, H agreed as the leading unit (arranged
    directly), and H, D, M registered for the certificate."""
    for unit in (world.head, world.deputy, world.member):
        RegistrationFactory(
            bloc_year=ready_year,
            unit=unit,
            title=TitleFactory(name=MERIT, level="province", is_flag=False),
            status="accepted",
        )
    record_attendance(meeting_session, actor=secretariat, rows=all_present(world))
    Meeting.objects.filter(pk=meeting_session.meeting_id).update(leading_unit=world.head)
    return approve_scores(meeting_session.meeting, actor=secretariat)


def flag_ballot(meeting, *, actor, shares) -> Ballot:
    """A draft yes/no ballot for the one provincial flag among ``shares``' units (unit → women's share or None),
    arranged directly: the flag's candidate rules are tested on their own."""
    ballot = Ballot.objects.create(
        meeting=meeting,
        award=AwardKind.PROVINCE_FLAG,
        form=BallotForm.YES_NO,
        seats=1,
        salt=b"0" * 16,
        created_by=actor,
    )
    BallotCandidate.objects.bulk_create(
        BallotCandidate(ballot=ballot, unit=unit, women_share=share) for unit, share in shares.items()
    )
    return ballot


@pytest.fixture
def draft_ballot(world, voting_meeting, secretariat):
    """A draft "choose 1" ballot for the certificate of merit among H, D and M."""
    return create_ballot(
        voting_meeting,
        actor=secretariat,
        award=AwardKind.PROVINCE_MERIT,
        candidates=[world.head, world.deputy, world.member],
        form=BallotForm.CHOOSE,
        max_choices=1,
    )


@pytest.fixture
def open_merit_ballot(draft_ballot, secretariat):
    """The certificate ballot, open: the secretariat (H), deputy_officer (D) and unit_officer (M) may vote."""
    return open_ballot(draft_ballot, actor=secretariat)


def open_ballot_among(bloc_year, *, voters: int, actor) -> tuple:
    """Arrange directly (the services are tested on their own): ``voters`` new member units present at a
    session of ``bloc_year``'s meeting, each with one officer, and an open "choose 1" ballot among the first
    three. Returns (ballot, [(officer, unit)] in creation order)."""
    BlocYear.objects.filter(pk=bloc_year.pk).update(status=BlocYearStatus.READY_FOR_REVIEW)
    units = [UnitFactory(province=bloc_year.bloc.province, name=f"Đơn vị {n:02d}") for n in range(voters)]
    for unit in units:
        MembershipFactory(bloc_year=bloc_year, unit=unit)
    meeting = Meeting.objects.create(bloc_year=bloc_year, scores_approved_at=timezone.now(), scores_approved_by=actor)
    session = MeetingSession.objects.create(meeting=meeting, **SESSION)
    Attendance.objects.bulk_create(
        Attendance(session=session, unit=unit, present=True, representative_name=f"Đại diện {unit.name}")
        for unit in units
    )
    ballot = Ballot.objects.create(
        meeting=meeting,
        award=AwardKind.PROVINCE_MERIT,
        form=BallotForm.CHOOSE,
        max_choices=1,
        status=BallotStatus.OPEN,
        opened_at=timezone.now(),
        opened_by=actor,
        salt=new_salt(),
        created_by=actor,
    )
    BallotCandidate.objects.bulk_create(BallotCandidate(ballot=ballot, unit=unit) for unit in units[:3])
    return ballot, [(UnitRoleFactory(unit=unit).user, unit) for unit in units]


# --- The proposal (arranged from a meeting whose ballots are tallied and minutes issued) ---------------


@pytest.fixture
def decided(world, voting_meeting, secretariat) -> Meeting:
    """Year Y's meeting with its rounds tallied (flag: H; certificate: D) and its minutes issued."""
    return decided_meeting(world, voting_meeting, actor=secretariat)


@pytest.fixture
def proposal(decided, secretariat):
    """Year Y's proposal, drawn up from the decided meeting (a draft), each unit's achievement report written
    (no unit filed an annual report, so each draft starts empty; see ``bare_proposal``)."""
    proposal = create_proposal(decided.bloc_year, actor=secretariat)
    write_achievement_reports(proposal, actor=secretariat)
    return proposal


@pytest.fixture
def bare_proposal(decided, secretariat):
    """Year Y's proposal as drawn up, its achievement reports empty drafts (no unit filed an annual report)."""
    return create_proposal(decided.bloc_year, actor=secretariat)
