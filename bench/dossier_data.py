"""The dossier benchmark's data: blocs of 10 units, each year past its meeting with a proposal drawn up.

Each bloc's year 2020 is scored as in the scoring benchmark (bench/build.py: 150 criteria, every stage
accepted), then its year-end meeting is arranged directly — one session with every unit present and a
guest, the scores approved, two tallied paper rounds (the flag elects the head unit, the certificate of
merit three more units) — every unit files its annual report, and the services issue the minutes and
draw up the proposal (4 items). The dossier of such a proposal holds the tờ trình, the minutes, four
achievement reports and the score summary.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from awards.enums import AwardKind, BallotForm, BallotStatus, VoteMethod
from awards.models import Attendance, Ballot, BallotCandidate, Guest, Meeting, MeetingSession, Proposal
from awards.services.minutes import issue_minutes
from awards.services.proposals import create_proposal
from bench.build import build_year
from blocs.enums import BlocYearStatus, UnitRoleKind
from blocs.models import Province, Unit, UnitRole
from core.models import User
from pledges.enums import ReportKind, ReportStatus
from pledges.models import UnitReport

MEETING_DAY = datetime.date(2020, 12, 20)
MINUTES_DAY = datetime.date(2020, 12, 22)
MERIT_SEATS = 3
SESSION = {
    "held_on": MEETING_DAY,
    "starts_at": datetime.time(8, 0),
    "place": "Hội trường Ủy ban nhân dân tỉnh (bench)",
    "chair_name": "Nguyễn Văn An",
    "chair_title": "Giám đốc Sở, Trưởng Khối",
    "secretary_name": "Trần Thị Bình",
    "secretary_title": "Chuyên viên Văn phòng",
}
SECTIONS = {
    "results": "Hoàn thành toàn bộ chỉ tiêu giao ước thi đua năm 2020; {n} nhiệm vụ trọng tâm vượt kế hoạch. " * 12,
    "shortcomings": "Một số chỉ tiêu về cải cách hành chính còn chậm so với kế hoạch đề ra. " * 4,
    "causes": "Khối lượng công việc lớn, biên chế còn thiếu so với yêu cầu nhiệm vụ. " * 3,
    "lessons": "Phát huy vai trò người đứng đầu; gắn phong trào thi đua với nhiệm vụ chính trị. " * 3,
    "next_tasks": "Triển khai phong trào thi đua năm 2021; tổ chức Hội nghị tổng kết và bình xét khen thưởng. " * 3,
    "proposals": "Đề nghị Ủy ban nhân dân tỉnh tặng Cờ thi đua và Bằng khen cho các đơn vị dẫn đầu.",
}


@transaction.atomic
def build_dossiers(count: int, seed: int = 2020) -> tuple[list[Proposal], User]:
    """``count`` blocs of 10 units, each with its year's proposal (a draft); the secretariat of the first bloc."""
    rng = random.Random(seed)
    province = Province.objects.create(code="BENCHD", name="Tỉnh Bench")
    proposals, secretaries = [], []
    for number in range(1, count + 1):
        name = f"Khối thi đua số {number} (bench)"
        year = build_year(province, name, rng, status=BlocYearStatus.READY_FOR_REVIEW)
        secretary = _secretary(year.units[0], number)
        meeting = _meeting(year.bloc_year, year.units, secretary)
        _annual_reports(year.bloc_year, year.units)
        issue_minutes(meeting, actor=secretary, issued_on=MINUTES_DAY)
        proposals.append(create_proposal(year.bloc_year, actor=secretary))
        secretaries.append(secretary)
    return proposals, secretaries[0]


def _secretary(head: Unit, number: int) -> User:
    user = User.objects.create_user(f"bench.dossier.{number}", password=None, full_name="Thư ký khối (bench)")
    UnitRole.objects.create(user=user, unit=head, role=UnitRoleKind.OFFICER)
    return user


def _meeting(bloc_year, units: list[Unit], secretary: User) -> Meeting:
    """One session, every unit present, the scores approved, the head unit agreed as the bloc's leader."""
    meeting = Meeting.objects.create(
        bloc_year=bloc_year, leading_unit=units[0], scores_approved_at=timezone.now(), scores_approved_by=secretary
    )
    session = MeetingSession.objects.create(meeting=meeting, **SESSION)
    Attendance.objects.bulk_create(
        Attendance(
            session=session,
            unit=unit,
            present=True,
            representative_name=f"Đại diện {unit.short_name}",
            representative_title="Phó Thủ trưởng đơn vị",
        )
        for unit in units
    )
    Guest.objects.create(
        session=session, name="Lê Thị Lan", title="Chuyên viên", organisation="Ban Thi đua - Khen thưởng tỉnh"
    )
    members = len(units)
    _tallied(meeting, AwardKind.PROVINCE_FLAG, secretary, {units[0]: members}, elected=units[:1], seats=1)
    votes = {unit: members - 2 * n for n, unit in enumerate(units[1 : MERIT_SEATS + 3])}
    _tallied(meeting, AwardKind.PROVINCE_MERIT, secretary, votes, elected=units[1 : MERIT_SEATS + 1])
    return meeting


def _tallied(meeting: Meeting, award: str, actor: User, votes: dict, *, elected: list, seats=None) -> Ballot:
    """A paper round, tallied: ``votes`` unit → ballots for it, every member present and voting."""
    members = meeting.bloc_year.memberships.count()
    ballot = Ballot.objects.create(
        meeting=meeting,
        award=award,
        form=BallotForm.CHOOSE,
        max_choices=seats or len(elected),
        seats=seats,
        status=BallotStatus.TALLIED,
        method=VoteMethod.PAPER,
        salt=b"0" * 16,
        created_by=actor,
        result={
            "ballots": members,
            "votes": {str(unit.pk): count for unit, count in votes.items()},
            "members": members,
            "present": members,
            "elected": [unit.pk for unit in elected],
            "next_round": [],
        },
    )
    BallotCandidate.objects.bulk_create(BallotCandidate(ballot=ballot, unit=unit) for unit in votes)
    return ballot


def _annual_reports(bloc_year, units: list[Unit]) -> None:
    """Every unit's annual report, accepted (the dossier prints those of the proposed units)."""
    filed = timezone.now() - datetime.timedelta(days=30)
    UnitReport.objects.bulk_create(
        UnitReport(
            bloc_year=bloc_year,
            unit=unit,
            kind=ReportKind.ANNUAL,
            status=ReportStatus.ACCEPTED,
            first_submitted_at=filed,
            submitted_at=filed,
            accepted_at=filed,
            **{name: text.format(n=n + 3) for name, text in SECTIONS.items()},
        )
        for n, unit in enumerate(units)
    )
