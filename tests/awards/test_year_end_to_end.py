"""One Hà Tĩnh bloc-year from the signed pledge to the unit's award history, through the services only.

The starting world (province, bloc, eight member units with their officers, the council office's officer,
the titles) comes from factories; every state change after that is a service call, each on the day it
happens in a year's calendar (DOMAIN §4): launch and pledge in January, registrations in February,
6-month reports in July, scores in November and December, the year-end meeting and its ballots on
20/12/2024, the proposal, its return and resubmission, the appraisal, the publication for comment in
January 2025, the council's session and the Chairman's decision of 20/01/2025 (base salary 2,340,000 VND
in force since 01/07/2024, Decree 73/2024).
"""

import contextlib
import datetime
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
import time_machine

from awards.enums import (
    DECISION_KIND,
    MINUTES_KIND,
    Appraisal,
    AwardKind,
    BallotForm,
    BallotStatus,
    CouncilSessionStatus,
    DecisionStatus,
    ProposalStatus,
    SignerRank,
)
from awards.models import AwardDecision, CouncilSession, Meeting, Proposal, Publication
from awards.selectors.decisions import award_history
from awards.selectors.meetings import MERIT_TITLE_NAME, candidacies, ranks_of
from awards.services import ballots as ballot_services
from awards.services import council as council_services
from awards.services import decisions as decision_services
from awards.services import meetings as meeting_services
from awards.services import minutes as minutes_services
from awards.services import proposals as proposal_services
from awards.services import publication as publication_services
from awards.services import review as review_services
from awards.services.council import COUNCIL_MINUTES_KIND
from awards.services.proposals import PROPOSAL_KIND
from blocs.enums import BlocYearStatus, CouncilRoleKind, MemberRole
from blocs.models import BlocYear, Unit
from blocs.services import advance_bloc_year
from core.models import ActivityLog, User
from core.services import issued_document_of
from pledges.enums import SIGNED_PLEDGE_KIND, ReportKind, TitleLevel
from pledges.models import Title
from pledges.services import commitments as pledge_services
from pledges.services import reports as report_services
from scoring.enums import SchemeItemKind, SheetStatus, Stage
from scoring.models import ScoreSheet
from scoring.services import schemes as scheme_services
from scoring.services import sheets as sheet_services
from tests.factories import (
    BlocFactory,
    BlocYearFactory,
    CouncilRoleFactory,
    MembershipFactory,
    ProvinceFactory,
    UnitFactory,
    UnitRoleFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2024
FLAG_TITLE = "Cờ thi đua của UBND tỉnh"
# The units in the order of their final score: the first leads the bloc, the second is its deputy.
UNITS = [
    "Thanh tra tỉnh",
    "Sở Tư pháp",
    "Công an tỉnh",
    "Viện Kiểm sát nhân dân tỉnh",
    "Tòa án nhân dân tỉnh",
    "Cục Thi hành án dân sự tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
]
MEETING_DAY = D(YEAR, 12, 20)
COUNCIL_DAY = D(YEAR + 1, 1, 14)
DECISION_DAY = D(YEAR + 1, 1, 20)
BASE_SALARY = Decimal(2_340_000)  # Decree 73/2024, in force on DECISION_DAY
FLAG_MULTIPLIER = Decimal(8)  # the provincial flag (Decree 98/2023 Art. 73)
HA_TINH_TIME = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@contextlib.contextmanager
def on(day: datetime.date, hour: int = 9) -> Iterator[None]:
    """The clock stands at ``hour`` o'clock of ``day`` (Hà Tĩnh time) while the block runs."""
    moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=HA_TINH_TIME)
    with time_machine.travel(moment, tick=False):
        yield


@dataclass
class Story:
    bloc_year: BlocYear
    units: list[Unit]
    officers: dict[int, User]  # unit id → its emulation officer
    office: User

    @property
    def secretary(self) -> User:
        """The head unit's officer: the bloc's secretariat."""
        return self.officers[self.units[0].pk]

    def move(self, status: str, *, day: datetime.date) -> None:
        with on(day):
            advance_bloc_year(self.bloc_year, to=status, actor=self.secretary)
        self.bloc_year.refresh_from_db()
        assert self.bloc_year.status == status


@pytest.fixture
def story() -> Story:
    """Hà Tĩnh's Nội chính bloc in 2024, a draft year: eight members (the first the head, the second its
    deputy), an officer each, the council office's officer, and the flag and certificate titles."""
    province = ProvinceFactory(name="Hà Tĩnh", code="42")
    bloc_year = BlocYearFactory(bloc=BlocFactory(province=province, name="Khối thi đua Nội chính"), year=YEAR)
    units = [UnitFactory(province=province, name=name) for name in UNITS]
    roles = [MemberRole.HEAD, MemberRole.DEPUTY] + [MemberRole.MEMBER] * (len(units) - 2)
    for unit, role in zip(units, roles, strict=True):
        MembershipFactory(bloc_year=bloc_year, unit=unit, role=role)
    officers = {unit.pk: UnitRoleFactory(unit=unit).user for unit in units}
    office = CouncilRoleFactory(province=province, role=CouncilRoleKind.OFFICE_OFFICER).user
    Title.objects.get_or_create(name=FLAG_TITLE, defaults={"level": TitleLevel.PROVINCE, "is_flag": True})
    Title.objects.get_or_create(name=MERIT_TITLE_NAME, defaults={"level": TitleLevel.PROVINCE})
    return Story(bloc_year, units, officers, office)


# --- January–July: launch, pledge, registrations, 6-month reports ------------------------------------------


def launch_and_sign(story: Story) -> None:
    day = D(YEAR, 1, 12)
    with on(day):
        pledge_services.record_launch_meeting(
            story.bloc_year,
            actor=story.secretary,
            held_on=day,
            place="Hội trường Thanh tra tỉnh",
            attendees="\n".join(f"Lãnh đạo {name}" for name in UNITS),
        )
        pledge = pledge_services.save_pledge(
            story.bloc_year,
            actor=story.secretary,
            theme="Đoàn kết, kỷ cương, hoàn thành xuất sắc nhiệm vụ năm 2024",
            clauses=[{"content": "Giải quyết 100 % đơn thư đúng hạn", "unit_of_measure": "%", "target_value": 100}],
            unit_themes={},
        )
    story.move(BlocYearStatus.LAUNCHED, day=day)
    with on(day, 10):
        for unit in story.units:
            pledge_services.record_pledge_signature(
                pledge,
                actor=story.secretary,
                unit=unit,
                signer_name=unit.leader_name,
                signer_title="Thủ trưởng",
                signed_on=day,
            )
    assert issued_document_of(pledge, kind=SIGNED_PLEDGE_KIND).number_text == "01/GƯ-KTĐ"
    story.move(BlocYearStatus.PLEDGE_SIGNED, day=day)
    story.move(BlocYearStatus.IN_PROGRESS, day=D(YEAR, 1, 15))


def register_titles(story: Story) -> None:
    """Every unit registers for the flag; the second, third and fourth also for the certificate of merit."""
    flag, merit = Title.objects.get(name=FLAG_TITLE), Title.objects.get(name=MERIT_TITLE_NAME)
    for rank, unit in enumerate(story.units, start=1):
        officer = story.officers[unit.pk]
        for title in [flag, merit] if 2 <= rank <= 4 else [flag]:
            with on(D(YEAR, 2, 20)):
                registration = pledge_services.create_registration(
                    story.bloc_year, actor=officer, unit=unit, title=title, targets="Hoàn thành xuất sắc nhiệm vụ"
                )
                pledge_services.submit_registration(registration, actor=officer)
            with on(D(YEAR, 3, 5)):
                pledge_services.accept_registration(registration, actor=story.secretary)
                pledge_services.forward_registration(registration, actor=story.secretary)
    assert set(story.bloc_year.registrations.values_list("status", flat=True)) == {"forwarded"}


def report_six_months(story: Story) -> None:
    for membership in story.bloc_year.memberships.select_related("unit"):
        officer = story.officers[membership.unit_id]
        with on(D(YEAR, 7, 5)):
            report = report_services.start_unit_report(membership, actor=officer, kind=ReportKind.SIX_MONTH)
            report_services.update_unit_report(report, actor=officer, results="Đạt 100 % chỉ tiêu 6 tháng.")
            report_services.submit_unit_report(report, actor=officer)
        with on(D(YEAR, 7, 8)):
            report_services.accept_unit_report(report, actor=story.secretary)
    with on(D(YEAR, 7, 12)):
        bloc_report = report_services.start_bloc_report(
            story.bloc_year, actor=story.secretary, kind=ReportKind.SIX_MONTH
        )
        bloc_report = report_services.issue_bloc_report(bloc_report, actor=story.secretary, issued_on=D(YEAR, 7, 12))
    assert "Thanh tra tỉnh" in bloc_report.results and bloc_report.number == 1
    story.move(BlocYearStatus.MID_YEAR_REVIEWED, day=D(YEAR, 7, 15))


# --- November–December: scores -------------------------------------------------------------------------


def score(story: Story) -> None:
    """Two criteria of 50 points; the n-th unit scores 50 − n and 45. Self-scores accepted by the secretariat,
    verified by it (the deputy verifies the head); no council stage."""
    secretary, deputy = story.secretary, story.officers[story.units[1].pk]
    with on(D(YEAR, 10, 20)):
        scheme = scheme_services.create_scheme(story.bloc_year, actor=secretary, title="Thang điểm 2024")
        for code in ("I.1", "I.2"):
            scheme_services.add_scheme_item(
                scheme,
                actor=secretary,
                kind=SchemeItemKind.CRITERION,
                code=code,
                text=f"Tiêu chí {code}",
                max_points=Decimal(50),
            )
        sheet_services.update_scoring_setting(story.bloc_year, actor=secretary, uses_council_stage=False)
    story.move(BlocYearStatus.SCORING, day=D(YEAR, 11, 1))
    with on(D(YEAR, 11, 1)):
        sheets = {sheet.unit_id: sheet for sheet in sheet_services.open_self_scoring(story.bloc_year, actor=secretary)}
    for rank, unit in enumerate(story.units, start=1):
        officer, verifier = story.officers[unit.pk], deputy if rank == 1 else secretary
        points = {"I.1": Decimal(50 - rank), "I.2": Decimal(45)}
        with on(D(YEAR, 11, 25)):
            sheet = sheets[unit.pk]
            values = {
                line.item_id: {"points": points[line.item.code], "note": "", "reason": ""}
                for line in sheet.lines.select_related("item")
            }
            sheet_services.save_lines(sheet, actor=officer, values=values)
            sheet_services.submit_sheet(sheet, actor=officer)
        with on(D(YEAR, 12, 2)):
            sheet_services.accept_sheet(sheet, actor=verifier)
            verification = ScoreSheet.objects.get(bloc_year=story.bloc_year, unit=unit, stage=Stage.VERIFICATION)
            sheet_services.submit_sheet(verification, actor=verifier)
            sheet_services.accept_sheet(verification, actor=verifier)
    approved = ScoreSheet.objects.filter(bloc_year=story.bloc_year, stage=Stage.APPROVED)
    assert approved.count() == 8 and not ScoreSheet.objects.filter(is_late=True).exists()
    story.move(BlocYearStatus.READY_FOR_REVIEW, day=D(YEAR, 12, 10))


# --- 20/12: the year-end meeting -----------------------------------------------------------------------


def hold_meeting(story: Story) -> Meeting:
    """Every member present; the scores approved; the first unit agreed as the leader, then elected for the flag
    by a yes/no ballot (8 of 8) and the second and third for the certificate by a "choose 2" ballot."""
    secretary, units = story.secretary, story.units
    with on(MEETING_DAY, 8):
        session = meeting_services.record_meeting_session(
            story.bloc_year,
            actor=secretary,
            held_on=MEETING_DAY,
            starts_at=datetime.time(8),
            place="Hội trường Thanh tra tỉnh",
            chair_name=units[0].leader_name,
            chair_title="Chánh Thanh tra tỉnh, Trưởng Khối",
            secretary_name="Trần Thị Bình",
            secretary_title="Chuyên viên",
        )
        rows = [meeting_services.AttendanceRow(u.pk, True, u.leader_name, "Thủ trưởng") for u in units]
        meeting_services.record_attendance(session, actor=secretary, rows=rows)
        meeting = meeting_services.approve_scores(session.meeting, actor=secretary)
        meeting_services.record_leading_unit(meeting, actor=secretary, unit=units[0])
    assert set(ScoreSheet.objects.filter(stage=Stage.APPROVED).values_list("status", flat=True)) == {
        SheetStatus.ACCEPTED
    }
    standing = {
        c.award.kind: {f.unit_id for f in c.candidates}
        for c in candidacies(story.bloc_year, meeting=meeting, ranks=ranks_of(story.bloc_year))
    }
    # The flag goes to the highest score among the eight registered; the certificate to the three registered.
    assert standing == {
        AwardKind.PROVINCE_FLAG: {units[0].pk},
        AwardKind.PROVINCE_MERIT: {u.pk for u in units[1:4]},
    }
    with on(MEETING_DAY, 9):
        flag = vote(story, meeting, AwardKind.PROVINCE_FLAG, [units[0]], BallotForm.YES_NO, {units[0].pk: True})
        merit = vote(
            story, meeting, AwardKind.PROVINCE_MERIT, units[1:4], BallotForm.CHOOSE, [units[1].pk, units[2].pk]
        )
    assert (flag.result["elected"], merit.result["elected"]) == ([units[0].pk], [units[1].pk, units[2].pk])
    with on(MEETING_DAY, 11):
        meeting = minutes_services.issue_minutes(meeting, actor=secretary, issued_on=MEETING_DAY)
    assert issued_document_of(meeting, kind=MINUTES_KIND).number_text == "01/BB-KTĐ"
    story.move(BlocYearStatus.REVIEWED, day=MEETING_DAY)
    return meeting


def vote(story: Story, meeting: Meeting, award: str, candidates: list[Unit], form: str, choice: object):
    """Create and open the electronic ballot, every unit's officer votes ``choice``, then close and count it."""
    secretary = story.secretary
    max_choices = 2 if form == BallotForm.CHOOSE else None
    ballot = ballot_services.create_ballot(
        meeting, actor=secretary, award=award, candidates=candidates, form=form, max_choices=max_choices
    )
    ballot = ballot_services.open_ballot(ballot, actor=secretary)
    receipts = {ballot_services.cast_ballot(ballot, voter=story.officers[u.pk], choice=choice) for u in story.units}
    ballot = ballot_services.close_ballot(ballot, actor=secretary)
    ballot = ballot_services.tally_ballot(ballot, actor=secretary)
    assert len(receipts) == 8 and ballot.status == BallotStatus.TALLIED and ballot.result["ballots"] == 8
    return ballot


# --- 23/12 – 10/01: the proposal, its return, the appraisal, the publication -----------------------------


def propose(story: Story) -> Proposal:
    """Drawn up from the meeting, submitted (01/TTr-KTĐ), returned by the council office for a missing signature
    page, resubmitted under the same number, received and assigned."""
    secretary, office = story.secretary, story.office
    with on(D(YEAR, 12, 23)):
        proposal = proposal_services.create_proposal(story.bloc_year, actor=secretary)
        for report in proposal.achievement_reports.all():  # no annual report was filed: the drafts are empty
            proposal_services.edit_achievement_report(report, actor=secretary, body=f"I. Thành tích\n{report.unit}.")
        proposal_services.update_signer(
            proposal, actor=secretary, signer_name=story.units[0].leader_name, signer_title="Chánh Thanh tra tỉnh"
        )
        proposal = proposal_services.submit_proposal(proposal, actor=secretary, submitted_on=D(YEAR, 12, 23))
    number = issued_document_of(proposal, kind=PROPOSAL_KIND).number_text
    assert number == "01/TTr-KTĐ"
    items = sorted(proposal.items.values_list("award", "unit_id"))
    assert items == sorted(
        [(AwardKind.PROVINCE_FLAG, story.units[0].pk)] + [(AwardKind.PROVINCE_MERIT, u.pk) for u in story.units[1:3]]
    )
    story.move(BlocYearStatus.PROPOSED, day=D(YEAR, 12, 23))
    with on(D(YEAR, 12, 24)):
        proposal = review_services.receive_proposal(proposal, actor=office)
        proposal = review_services.return_proposal(proposal, actor=office, reason="Thiếu trang ký của Trưởng Khối.")
    assert proposal.status == ProposalStatus.RETURNED
    with on(D(YEAR, 12, 26)):
        proposal = proposal_services.submit_proposal(proposal, actor=secretary, submitted_on=D(YEAR, 12, 26))
    assert proposal.status == ProposalStatus.SUBMITTED
    assert issued_document_of(proposal, kind=PROPOSAL_KIND).number_text == number
    with on(D(YEAR, 12, 27)):
        proposal = review_services.receive_proposal(proposal, actor=office)
        proposal = review_services.assign_proposal(proposal, actor=office, officer=office)
    assert proposal.status == ProposalStatus.ASSIGNED
    return proposal


def appraise(story: Story, proposal: Proposal) -> Proposal:
    """The flag and the deputy's certificate eligible; the third unit's certificate not (a pending inspection)."""
    with on(D(YEAR, 12, 30)):
        for item in proposal.items.all():
            eligible = item.unit_id != story.units[2].pk
            reason = "" if eligible else "Đơn vị đang bị thanh tra, chưa có kết luận."
            review_services.appraise_item(item, actor=story.office, eligible=eligible, reason=reason)
        proposal = review_services.finish_appraisal(proposal, actor=story.office)
    assert proposal.status == ProposalStatus.APPRAISED
    return proposal


def publish(story: Story, proposal: Proposal) -> Publication:
    """The eligible awards published for comment from 02/01 (7 days); one letter on the flag received on 03/01."""
    province = story.bloc_year.bloc.province
    with on(D(YEAR + 1, 1, 2)):
        publication = publication_services.publish_list(
            province, actor=story.office, year=YEAR, opens_on=D(YEAR + 1, 1, 2)
        )
    flag_item = proposal.items.get(award=AwardKind.PROVINCE_FLAG)
    assert set(publication.items.values_list("unit_id", flat=True)) == {story.units[0].pk, story.units[1].pk}
    assert publication.closes_on == D(YEAR + 1, 1, 8)
    with on(D(YEAR + 1, 1, 3)):
        publication_services.record_comment(
            publication,
            actor=story.office,
            item=flag_item,
            received_on=D(YEAR + 1, 1, 3),
            commenter="Ông Nguyễn Văn B",
            text="Đồng tình với đề nghị.",
        )
    assert publication.comments.count() == 1
    return publication


# --- January: the council and the decision -------------------------------------------------------------


def sit_council(story: Story, proposal: Proposal) -> CouncilSession:
    """Planned for 14/01 (11 members), the dossier placed, 10 present and 1 written opinion; the flag voted
    10 + 1 yes (the certificate needs no vote); closed with its minutes 01/BB-HĐTĐKT."""
    office = story.office
    with on(D(YEAR + 1, 1, 10)):
        session = council_services.plan_session(
            story.bloc_year.bloc.province,
            actor=office,
            held_on=COUNCIL_DAY,
            place="Phòng họp số 1, UBND tỉnh",
            chair_name="Trần Đình Khoa",
            chair_title="Phó Chủ tịch Thường trực Hội đồng",
            members_total=11,
        )
        proposal = council_services.add_to_session(proposal, session, actor=office)
    assert proposal.status == ProposalStatus.AT_SESSION
    with on(COUNCIL_DAY):
        session = council_services.record_attendance(session, actor=office, present=10, written_opinions=1)
        for item in proposal.items.all():
            if council_services.vote_needed(item) is not None and item.appraisal == Appraisal.ELIGIBLE:
                council_services.record_vote(item, actor=office, yes=10, no=0, written_yes=1)
        session = council_services.close_session(session, actor=office)
    assert session.status == CouncilSessionStatus.HELD and session.votes.get().passed
    assert issued_document_of(session, kind=COUNCIL_MINUTES_KIND).number_text == "01/BB-HĐTĐKT"
    return session


def decide(story: Story, session: CouncilSession) -> AwardDecision:
    with on(DECISION_DAY):
        decision = decision_services.draft_decision(session, actor=story.office)
        decision = decision_services.issue_decision(
            decision,
            actor=story.office,
            issued_on=DECISION_DAY,
            signer_rank=SignerRank.VICE_CHAIRMAN,
            signer_name="Trần Đình Khoa",
        )
    return decision


def test_year_end_to_end_from_pledge_to_award_history(story):
    """The decision awards the flag (with its money) and the deputy's certificate, rejects the certificate found
    ineligible, settles the dossier and, made by the council office, moves the year to "decided"."""
    launch_and_sign(story)
    register_titles(story)
    report_six_months(story)
    score(story)
    meeting = hold_meeting(story)
    proposal = propose(story)
    proposal = appraise(story, proposal)
    publish(story, proposal)
    session = sit_council(story, proposal)

    decision = decide(story, session)

    head, deputy, third = story.units[:3]
    decision.refresh_from_db()
    assert (decision.status, decision.number, decision.issued_on) == (DecisionStatus.ISSUED, 1, DECISION_DAY)
    assert issued_document_of(decision, kind=DECISION_KIND).number_text == "01/QĐ-UBND"
    approved = dict(decision.items.filter(approved=True).values_list("unit_id", "amount"))
    assert approved.keys() == {head.pk, deputy.pk}
    assert approved[head.pk] == FLAG_MULTIPLIER * BASE_SALARY == Decimal(18_720_000)
    assert not decision.items.get(unit=third).approved
    proposal.refresh_from_db()
    story.bloc_year.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED and story.bloc_year.status == BlocYearStatus.DECIDED
    history = award_history(head)
    assert [(row.year, row.award, row.decision.pk, row.amount) for row in history] == [
        (YEAR, AwardKind.PROVINCE_FLAG.label, decision.pk, Decimal(18_720_000))
    ]
    assert history[0].decision.number == 1 and history[0].bloc_name == "Khối thi đua Nội chính"
    assert award_history(third) == [] and [row.award for row in award_history(deputy)] == [
        AwardKind.PROVINCE_MERIT.label
    ]
    moves = ActivityLog.objects.filter(action="blocs.bloc_year.moved", object_id=str(story.bloc_year.pk))
    assert moves.order_by("pk").last().actor == story.office
    assert [entry.data["after"]["status"] for entry in moves.order_by("pk")] == [
        "launched",
        "pledge_signed",
        "in_progress",
        "mid_year_reviewed",
        "scoring",
        "ready_for_review",
        "reviewed",
        "proposed",
        "decided",
    ]
    assert meeting.minutes_issued_on == MEETING_DAY
