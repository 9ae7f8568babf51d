"""Two provinces built alike, each with one object of every kind a route can point at.

The permission matrix requests every route against the objects of province P and of province P2;
building both the same way makes a persona's expected outcome depend only on its role towards the
object's province (see ``policy.relative_role``), not on which province it is.
Where a route's move or edit depends on the object's state, a province has it twice: closed (the
report submitted, the year at scoring...) and open (``_open_*``: the report returned, a year before
scoring...), so the matrix proves both that the right person gets in and that the state still holds.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile

from awards.models import (
    AchievementReport,
    AwardDecision,
    Ballot,
    CandidateOverride,
    CertificateLayout,
    ComplianceRecord,
    CouncilSession,
    DecisionItem,
    Guest,
    Meeting,
    MeetingSession,
    Proposal,
    ProposalItem,
    Publication,
)
from blocs.enums import BlocYearStatus, CouncilRoleKind, MemberRole
from core.models import GeneratedFile
from pledges.enums import RegistrationStatus, ReportKind, ReportStatus, TitleLevel
from pledges.models import (
    BlocReport,
    Inspection,
    InspectionAttachment,
    Registration,
    ReportAttachment,
    Title,
    UnitReport,
)
from scoring.enums import SchemeItemKind, SheetStatus, Stage
from scoring.models import Evidence, Scheme, SchemeItem, ScoreLine, ScoreSheet
from tests.factories import (
    BlocFactory,
    BlocYearFactory,
    CouncilRoleFactory,
    MembershipFactory,
    ProvinceFactory,
    UnitFactory,
    UnitRoleFactory,
    UserFactory,
)
from tests.pledges.factories import PledgeFactory

# Sent once: a draft never sent is its own unit's alone, so nobody else could reach it at all.
SUBMITTED = datetime.datetime(2020, 11, 20, 9, 0, tzinfo=datetime.UTC)


@dataclass
class Province:
    """Province X: bloc B (2020 at scoring, 2019 at its year-end meeting; head H, deputy D, member M),
    bloc B2 (head O), its council; one object of every kind, reached as attributes (``world.report``)."""

    users: dict[str, AbstractBaseUser] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return f"<Province {self.objects['province'].name}>"


STORED_FILES = ("report_attachment", "inspection_attachment", "evidence", "achievement_report")


def store_files(world: Province) -> None:
    """Write the objects' files where this test's MEDIA_ROOT is, so downloads answer with a file, not a 404."""
    for name in STORED_FILES:
        stored = getattr(world, name).file
        stored.storage.save(stored.name, ContentFile(b"%PDF-1.4 matrix"))


def build_province(label: str) -> Province:
    """Every object of one province, and the people who hold a role in it (keyed by relative role)."""
    world = Province()
    _organisation(world, label)
    _people(world, label)
    _pledges(world)
    _scoring(world)
    _awards(world)
    _open_pledges(world)
    _open_scoring(world)
    _open_awards(world)
    return world


def _organisation(world, label):
    province = ProvinceFactory(name=f"Tỉnh {label}")
    bloc_year = BlocYearFactory(
        bloc=BlocFactory(province=province, name=f"Khối Nội chính {label}"),
        year=2020,
        status=BlocYearStatus.SCORING,
    )
    units = {role: UnitFactory(province=province, name=f"{role} {label}") for role in ("head", "deputy", "member")}
    roles = {"head": MemberRole.HEAD, "deputy": MemberRole.DEPUTY, "member": MemberRole.MEMBER}
    memberships = {k: MembershipFactory(bloc_year=bloc_year, unit=u, role=roles[k]) for k, u in units.items()}
    other_year = BlocYearFactory(bloc=BlocFactory(province=province, name=f"Khối Kinh tế {label}"), year=2020)
    outside = UnitFactory(province=province, name=f"outside {label}")
    MembershipFactory(bloc_year=other_year, unit=outside, role=MemberRole.HEAD)
    world.objects.update(
        province=province,
        bloc=bloc_year.bloc,
        bloc_year=bloc_year,
        membership=memberships["member"],
        unit=units["member"],
        head=units["head"],
        deputy_unit=units["deputy"],
        outside_unit=outside,
    )


def _people(world, label):
    slug = label.lower()
    for role, unit in (
        ("secretariat", world.head),
        ("deputy", world.deputy_unit),
        ("owner", world.unit),
        ("nonmember", world.outside_unit),
    ):
        world.users[role] = UnitRoleFactory(unit=unit, user=UserFactory(username=f"{role}-{slug}")).user
    for role, kind in (("office", CouncilRoleKind.OFFICE_OFFICER), ("council", CouncilRoleKind.MEMBER)):
        user = UserFactory(username=f"{role}-{slug}")
        world.users[role] = CouncilRoleFactory(province=world.province, role=kind, user=user).user


def _attachment(user, name):
    return {"file": f"test/{name}", "original_name": name, "size": 1, "uploaded_by": user}


def _pledges(world):
    year, unit, office = world.bloc_year, world.unit, world.users["office"]
    report = UnitReport.objects.create(
        bloc_year=year,
        unit=unit,
        kind=ReportKind.SIX_MONTH,
        status=ReportStatus.SUBMITTED,
        first_submitted_at=SUBMITTED,
        results="Hoàn thành.",
    )
    inspection = Inspection.objects.create(
        bloc_year=year, inspected_on=datetime.date(2020, 6, 1), team="A", recorded_by=office
    )
    title, _ = Title.objects.get_or_create(name="Cờ thi đua", defaults={"level": TitleLevel.PROVINCE})
    world.objects.update(
        report=report,
        bloc_report=BlocReport.objects.create(
            bloc_year=year, kind=ReportKind.SIX_MONTH, issuer_unit=world.head, place="X"
        ),
        inspection=inspection,
        report_attachment=ReportAttachment.objects.create(report=report, **_attachment(world.users["owner"], "a.pdf")),
        inspection_attachment=InspectionAttachment.objects.create(
            inspection=inspection, **_attachment(office, "b.pdf")
        ),
        pledge=PledgeFactory(bloc_year=year),
        registration=Registration.objects.create(
            bloc_year=year,
            unit=unit,
            title=title,
            targets="x",
            status=RegistrationStatus.SUBMITTED,
            submitted_at=SUBMITTED,
        ),
    )


def _scoring(world):
    year = world.bloc_year
    scheme = Scheme.objects.create(bloc_year=year, title="Thang điểm", bonus_cap=Decimal(5))
    item = SchemeItem.objects.create(
        scheme=scheme, kind=SchemeItemKind.CRITERION, code="1", text="1", max_points=Decimal(10), sort_key="0001"
    )
    sheet = ScoreSheet.objects.create(
        bloc_year=year, unit=world.unit, stage=Stage.SELF, status=SheetStatus.SUBMITTED, submitted_at=SUBMITTED
    )
    line = ScoreLine.objects.create(sheet=sheet, item=item)
    world.objects.update(
        scheme=scheme,
        scheme_item=item,
        sheet=sheet,
        line=line,
        evidence=Evidence.objects.create(line=line, file="test/e.pdf", filename="e.pdf"),
        generated_file=GeneratedFile.objects.create(kind="scoring.summary", target=year),
    )


def _year_of_b(world, year, status):
    """Another year of bloc B with the same members in the same roles, so the personas keep their role."""
    bloc_year = BlocYearFactory(bloc=world.bloc, year=year, status=status)
    for unit, role in (
        (world.head, MemberRole.HEAD),
        (world.deputy_unit, MemberRole.DEPUTY),
        (world.unit, MemberRole.MEMBER),
    ):
        MembershipFactory(bloc_year=bloc_year, unit=unit, role=role)
    return bloc_year


def _meeting_year(world):
    """Bloc B's 2019, same members and roles, at "ready for review": its year-end meeting is due."""
    return _year_of_b(world, 2019, BlocYearStatus.READY_FOR_REVIEW)


def _awards(world):
    year, unit, office = world.bloc_year, world.unit, world.users["office"]
    meeting_year = _meeting_year(world)
    # The 2020 year's own meeting carries the proposal (a proposal is made from a meeting).
    meeting = Meeting.objects.create(bloc_year=meeting_year)
    proposal_meeting = Meeting.objects.create(bloc_year=year)
    session = MeetingSession.objects.create(
        meeting=meeting,
        held_on=datetime.date(2020, 12, 20),
        place="X",
        chair_name="A",
        chair_title="GĐ",
        secretary_name="B",
        secretary_title="CV",
    )
    proposal = Proposal.objects.create(
        bloc_year=year,
        meeting=proposal_meeting,
        status="submitted",
        submitted_on=datetime.date(2020, 12, 5),
        created_by=world.users["secretariat"],
    )
    council = {"place": "Hội trường", "chair_name": "A", "chair_title": "B", "created_by": office}
    planned = CouncilSession.objects.create(
        province=world.province, held_on=datetime.date(2021, 1, 15), members_total=10, present=0, **council
    )
    held = CouncilSession.objects.create(
        province=world.province,
        held_on=datetime.date(2021, 1, 10),
        members_total=9,
        present=8,
        status="held",
        **council,
    )
    Proposal.objects.filter(pk=proposal.pk).update(council_session=planned)
    decision = AwardDecision.objects.create(province=world.province, session=held, created_by=office)
    world.objects.update(
        meeting_year=meeting_year,
        meeting=meeting,
        meeting_session=session,
        guest=Guest.objects.create(session=session, name="Khách"),
        override=CandidateOverride.objects.create(
            meeting=meeting, award="province_merit", unit=unit, reason="Lý do", created_by=office
        ),
        ballot=Ballot.objects.create(
            meeting=meeting, award="province_merit", form="yes_no", salt=b"0" * 16, created_by=office
        ),
        proposal=proposal,
        proposal_item=ProposalItem.objects.create(proposal=proposal, award="province_flag", unit=unit),
        achievement_report=AchievementReport.objects.create(
            proposal=proposal, unit=unit, file="test/signed.pdf", original_name="signed.pdf"
        ),
        compliance=ComplianceRecord.objects.create(
            unit=unit, kind="investigation", started_on=datetime.date(2020, 3, 1), recorded_by=office
        ),
        council_session=planned,
        held_session=held,
        publication=Publication.objects.create(
            province=world.province,
            year=2020,
            opens_on=datetime.date(2020, 12, 1),
            closes_on=datetime.date(2020, 12, 15),
            published_by=office,
        ),
        certificate_layout=CertificateLayout.objects.order_by("pk").first(),
        decision=decision,
        decision_item=DecisionItem.objects.create(
            decision=decision, unit=unit, award="province_merit", year=2020, approved=True
        ),
    )


# --- The open state ---------------------------------------------------------------------------------
# The objects above are mostly past the point where their owner may still change them (submitted,
# the year at scoring): they prove outsiders are refused. The objects below are where the move or the
# edit is open, so the rows that point at them prove the right person is let in, and nobody else.


def _open_pledges(world):
    """In 2021 (in progress): a report and a registration returned to member unit M, which may edit and resubmit them."""
    open_year = _year_of_b(world, 2021, BlocYearStatus.IN_PROGRESS)
    returned = {"first_submitted_at": SUBMITTED, "return_reason": "Bổ sung số liệu."}
    report = UnitReport.objects.create(
        bloc_year=open_year, unit=world.unit, kind=ReportKind.SIX_MONTH, status=ReportStatus.RETURNED, **returned
    )
    registration = {"unit": world.unit, "title": world.registration.title, "targets": "x", "submitted_at": SUBMITTED}
    world.objects.update(
        open_year=open_year,
        open_report=report,
        open_report_attachment=ReportAttachment.objects.create(
            report=report, **_attachment(world.users["owner"], "c.pdf")
        ),
        open_registration=Registration.objects.create(
            bloc_year=open_year, status=RegistrationStatus.RETURNED, return_reason="Sửa chỉ tiêu.", **registration
        ),
        # Accepted by the secretariat in 2019, not yet sent on to the council office.
        accepted_registration=Registration.objects.create(
            bloc_year=world.meeting_year, status=RegistrationStatus.ACCEPTED, **registration
        ),
    )


def _open_scoring(world):
    """2021's scheme, still editable (the year has not reached scoring), and M's self-score sheet returned to it."""
    year = world.open_year
    scheme = Scheme.objects.create(bloc_year=year, title="Thang điểm 2021", bonus_cap=Decimal(5))
    item = SchemeItem.objects.create(
        scheme=scheme, kind=SchemeItemKind.CRITERION, code="1", text="1", max_points=Decimal(10), sort_key="0001"
    )
    sheet = ScoreSheet.objects.create(
        bloc_year=year, unit=world.unit, stage=Stage.SELF, status=SheetStatus.RETURNED, submitted_at=SUBMITTED
    )
    line = ScoreLine.objects.create(sheet=sheet, item=item)
    world.objects.update(
        open_scheme=scheme,
        open_scheme_item=item,
        open_sheet=sheet,
        open_line=line,
        open_evidence=Evidence.objects.create(line=line, file="test/f.pdf", filename="f.pdf"),
    )


def _proposal_of(world, year, status, **fields):
    """A proposal of ``year`` (with the meeting it is made from) and one item for member unit M."""
    proposal = Proposal.objects.create(
        bloc_year=year,
        meeting=Meeting.objects.create(bloc_year=year),
        status=status,
        created_by=world.users["secretariat"],
        **fields,
    )
    ProposalItem.objects.create(proposal=proposal, award="province_flag", unit=world.unit)
    return proposal


def _open_awards(world):
    """A draft proposal (2021), one being appraised (2018), one appraised (2017), a year awaiting its proposal
    (2016: minutes issued), a closed year (2015), and an issued decision with an item that can be revoked."""
    office, sent = world.users["office"], {"submitted_on": datetime.date(2020, 12, 5)}
    draft = _proposal_of(world, world.open_year, "draft")
    assigned = _proposal_of(
        world, _year_of_b(world, 2018, BlocYearStatus.PROPOSED), "assigned", assigned_to=office, **sent
    )
    appraised = _proposal_of(world, _year_of_b(world, 2017, BlocYearStatus.PROPOSED), "appraised", **sent)
    awaiting = _year_of_b(world, 2016, BlocYearStatus.REVIEWED)
    Meeting.objects.create(bloc_year=awaiting, minutes_issued_on=datetime.date(2016, 12, 20))
    decision = AwardDecision.objects.create(
        province=world.province,
        session=world.held_session,
        status="issued",
        number=1,
        issued_on=datetime.date(2021, 1, 12),
        created_by=office,
    )
    world.objects.update(
        draft_proposal=draft,
        draft_proposal_item=draft.items.get(),
        draft_achievement_report=AchievementReport.objects.create(
            proposal=draft, unit=world.unit, file="test/draft-signed.pdf", original_name="signed.pdf"
        ),
        assigned_proposal=assigned,
        assigned_proposal_item=assigned.items.get(),
        appraised_proposal=appraised,
        awaiting_proposal_year=awaiting,
        closed_year=_year_of_b(world, 2015, BlocYearStatus.CLOSED),
        issued_decision=decision,
        issued_decision_item=DecisionItem.objects.create(
            decision=decision, unit=world.unit, award="province_merit", year=2020, approved=True
        ),
    )
