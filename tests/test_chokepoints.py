"""Every chokepoint selector (``get_*_for_user``) returns the object whose id it was given.

The selectors are discovered from the apps' selector modules, so a new chokepoint without
a case below makes ``test_chokepoints_every_selector_has_a_case_all_covered`` fail.
Each case creates two objects the user may see and fetches the second: a selector that
ignores the id answers with the first one.
"""

import datetime
import importlib
import inspect
import pkgutil
import uuid
from decimal import Decimal

import pytest
from django.http import Http404

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
from blocs.models import Membership
from core.models import GeneratedFile
from pledges.enums import ReportKind, TitleLevel
from pledges.models import (
    BlocReport,
    Inspection,
    InspectionAttachment,
    Pledge,
    Registration,
    ReportAttachment,
    Title,
    UnitReport,
)
from scoring.enums import SchemeItemKind, Stage
from scoring.models import Evidence, Scheme, SchemeItem, ScoreLine, ScoreSheet

SELECTOR_PACKAGES = ("awards.selectors", "blocs.selectors", "pledges.selectors", "scoring.selectors", "core.selectors")


def discovered_selectors() -> set[str]:
    """ "module.get_x_for_user" for every chokepoint defined in the selector modules."""
    found = set()
    for package_name in SELECTOR_PACKAGES:
        package = importlib.import_module(package_name)
        modules = [package]
        if hasattr(package, "__path__"):
            modules += [
                importlib.import_module(f"{package_name}.{info.name}")
                for info in pkgutil.iter_modules(package.__path__)
            ]
        for module in modules:
            for name, function in inspect.getmembers(module, inspect.isfunction):
                if name.startswith("get_") and name.endswith("_for_user") and function.__module__ == module.__name__:
                    found.add(f"{module.__name__}.{name}")
    return found


def _selector(path: str):
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


# --- Cases: each builds two objects the viewer may see and returns (objects, extra leading args) ---


def _scheme_with_items(world):
    scheme = Scheme.objects.create(bloc_year=world.bloc_year, title="Thang điểm", bonus_cap=Decimal(5))
    items = [
        SchemeItem.objects.create(
            scheme=scheme, kind=SchemeItemKind.CRITERION, code=code, text=code, max_points=Decimal(10), sort_key=key
        )
        for code, key in (("1", "0001"), ("2", "0002"))
    ]
    return scheme, items


# Sent once: a draft never sent is its own unit's alone, so the council office could not see it at all.
SUBMITTED = datetime.datetime(2020, 11, 20, 9, 0, tzinfo=datetime.UTC)


def _sheets(world):
    _scheme_with_items(world)
    return [
        ScoreSheet.objects.create(bloc_year=world.bloc_year, unit=unit, stage=Stage.SELF, submitted_at=SUBMITTED)
        for unit in (world.head, world.member)
    ]


def _lines(world):
    _scheme, items = _scheme_with_items(world)
    sheet = ScoreSheet.objects.create(
        bloc_year=world.bloc_year, unit=world.member, stage=Stage.SELF, submitted_at=SUBMITTED
    )
    return [ScoreLine.objects.create(sheet=sheet, item=item) for item in items], sheet


def _attachment_fields(user, name):
    return {"file": f"test/{name}", "original_name": name, "size": 1, "uploaded_by": user}


def _unit_reports(world):
    return [
        UnitReport.objects.create(bloc_year=world.bloc_year, unit=world.member, kind=kind, first_submitted_at=SUBMITTED)
        for kind in ReportKind
    ]


def _inspections(world, user):
    return [
        Inspection.objects.create(
            bloc_year=world.bloc_year, inspected_on=f"2020-0{month}-01", team="A", recorded_by=user
        )
        for month in (6, 9)
    ]


def case_bloc(world, user):
    return [world.bloc, world.other_bloc_year.bloc], ()


def case_bloc_year(world, user):
    return [world.bloc_year, world.other_bloc_year], ()


def case_membership(world, user):
    return list(Membership.objects.filter(bloc_year=world.bloc_year).order_by("pk")[:2]), ()


def case_unit(world, user):
    return [world.head, world.member], ()


def case_unit_report(world, user):
    return _unit_reports(world), ()


def case_bloc_report(world, user):
    return [
        BlocReport.objects.create(bloc_year=world.bloc_year, kind=kind, issuer_unit=world.head, place="Hà Tĩnh")
        for kind in ReportKind
    ], ()


def case_inspection(world, user):
    return _inspections(world, user), ()


def case_report_attachment(world, user):
    report = _unit_reports(world)[0]
    return [
        ReportAttachment.objects.create(report=report, **_attachment_fields(user, n)) for n in ("a.pdf", "b.pdf")
    ], ()


def case_inspection_attachment(world, user):
    inspection = _inspections(world, user)[0]
    return [
        InspectionAttachment.objects.create(inspection=inspection, **_attachment_fields(user, n))
        for n in ("a.pdf", "b.pdf")
    ], ()


def case_pledge(world, user):
    return [Pledge.objects.create(bloc_year=year) for year in (world.bloc_year, world.other_bloc_year)], ()


def case_registration(world, user):
    title = Title.objects.create(name="Cờ thi đua", level=TitleLevel.PROVINCE)
    return [
        Registration.objects.create(bloc_year=world.bloc_year, unit=unit, title=title, targets="x")
        for unit in (world.head, world.member)
    ], ()


def case_scheme_item(world, user):
    return _scheme_with_items(world)[1], ()


def case_sheet(world, user):
    return _sheets(world), ()


def case_scoring_year(world, user):
    return [world.bloc_year, world.other_bloc_year], ()


def case_line(world, user):
    lines, sheet = _lines(world)
    return lines, (sheet,)


def case_evidence(world, user):
    line = _lines(world)[0][0]
    return [Evidence.objects.create(line=line, file=f"test/{n}", filename=n) for n in ("a.pdf", "b.pdf")], ()


def case_compliance_record(world, user):
    return [
        ComplianceRecord.objects.create(unit=unit, kind="investigation", started_on="2020-03-01", recorded_by=user)
        for unit in (world.head, world.member)
    ], ()


def _meetings(world):
    return [Meeting.objects.create(bloc_year=year) for year in (world.bloc_year, world.other_bloc_year)]


def case_meeting(world, user):
    return _meetings(world), ()


def _sessions(world):
    details = {
        "place": "Hà Tĩnh",
        "chair_name": "A",
        "chair_title": "GĐ",
        "secretary_name": "B",
        "secretary_title": "CV",
    }
    return [
        MeetingSession.objects.create(meeting=m, held_on=datetime.date(2020, 12, 20), **details)
        for m in _meetings(world)
    ]


def case_meeting_session(world, user):
    return _sessions(world), ()


def case_meeting_guest(world, user):
    return [Guest.objects.create(session=session, name=f"Khách {session.pk}") for session in _sessions(world)], ()


def case_meeting_override(world, user):
    return [
        CandidateOverride.objects.create(
            meeting=m,
            award="province_merit",
            unit=m.bloc_year.memberships.first().unit,
            reason="Lý do",
            created_by=user,
        )
        for m in _meetings(world)
    ], ()


def case_ballot(world, user):
    return [
        Ballot.objects.create(meeting=m, award="province_merit", form="yes_no", salt=b"0" * 16, created_by=user)
        for m in _meetings(world)
    ], ()


def _proposals(world, user):
    return [Proposal.objects.create(bloc_year=m.bloc_year, meeting=m, created_by=user) for m in _meetings(world)]


def case_proposal(world, user):
    return _proposals(world, user), ()


def case_proposal_item(world, user):
    return [
        ProposalItem.objects.create(proposal=p, award="province_merit", unit=p.bloc_year.memberships.first().unit)
        for p in _proposals(world, user)
    ], ()


def case_achievement_report(world, user):
    return [
        AchievementReport.objects.create(proposal=p, unit=p.bloc_year.memberships.first().unit)
        for p in _proposals(world, user)
    ], ()


def case_generated_file(world, user):
    return [
        GeneratedFile.objects.create(kind="scoring.summary", target=year)
        for year in (world.bloc_year, world.other_bloc_year)
    ], ()


def _proposals(world, user):
    return [
        Proposal.objects.create(
            bloc_year=m.bloc_year,
            meeting=m,
            status="submitted",
            submitted_on=datetime.date(2020, 12, 5),
            created_by=user,
        )
        for m in _meetings(world)
    ]


def case_reviewed_proposal(world, user):
    return _proposals(world, user), ()


def case_reviewed_item(world, user):
    return [
        ProposalItem.objects.create(proposal=p, award="province_merit", unit=p.bloc_year.memberships.first().unit)
        for p in _proposals(world, user)
    ], ()


def _council_sessions(world, user):
    return [
        CouncilSession.objects.create(
            province=world.province,
            held_on=datetime.date(2021, 1, 15),
            place="Hội trường",
            chair_name="A",
            chair_title="B",
            members_total=10,
            present=0,
            created_by=user,
        )
        for _ in range(2)
    ]


def case_council_session(world, user):
    return _council_sessions(world, user), ()


def case_council_session_item(world, user):
    items = []
    for session, proposal in zip(_council_sessions(world, user), _proposals(world, user), strict=True):
        Proposal.objects.filter(pk=proposal.pk).update(council_session=session)
        unit = proposal.bloc_year.memberships.first().unit
        items.append(ProposalItem.objects.create(proposal=proposal, award="province_flag", unit=unit))
    return items, ()


def case_publication(world, user):
    return [
        Publication.objects.create(province=world.province, year=2020, opens_on=day, closes_on=day, published_by=user)
        for day in (datetime.date(2020, 12, 1), datetime.date(2020, 12, 15))
    ], ()


def case_certificate_layout(world, user):
    return list(CertificateLayout.objects.order_by("pk")[:2]), ()


def _held_sessions(world, user):
    return [
        CouncilSession.objects.create(
            province=world.province,
            held_on=datetime.date(2021, 1, day),
            place="Hội trường UBND tỉnh",
            chair_name="Chủ tịch",
            chair_title="Chủ tịch Hội đồng",
            members_total=9,
            present=8,
            status="held",
            created_by=user,
        )
        for day in (10, 11)
    ]


def case_decision_session(world, user):
    return _held_sessions(world, user), ()


def _decisions(world, user):
    return [
        AwardDecision.objects.create(province=world.province, session=session, created_by=user)
        for session in _held_sessions(world, user)
    ]


def case_decision(world, user):
    return _decisions(world, user), ()


def case_decision_item(world, user):
    decision = _decisions(world, user)[0]
    return [
        DecisionItem.objects.create(decision=decision, unit=unit, award="province_merit", year=2020, approved=True)
        for unit in (world.head, world.deputy)
    ], ()


CASES = {
    "awards.selectors.council.get_council_session_for_user": case_council_session,
    "awards.selectors.council.get_session_item_for_user": case_council_session_item,
    "awards.selectors.decisions.get_decision_session_for_user": case_decision_session,
    "awards.selectors.decisions.get_decision_for_user": case_decision,
    "awards.selectors.decisions.get_decision_item_for_user": case_decision_item,
    "awards.selectors.review.get_reviewed_proposal_for_user": case_reviewed_proposal,
    "awards.selectors.review.get_reviewed_item_for_user": case_reviewed_item,
    "awards.selectors.publication.get_publication_for_user": case_publication,
    "awards.selectors.certificates.get_certificate_layout_for_user": case_certificate_layout,
    "awards.selectors.compliance.get_compliance_record_for_user": case_compliance_record,
    "awards.selectors.meetings.get_meeting_for_user": case_meeting,
    "awards.selectors.meetings.get_session_for_user": case_meeting_session,
    "awards.selectors.meetings.get_guest_for_user": case_meeting_guest,
    "awards.selectors.meetings.get_override_for_user": case_meeting_override,
    "awards.selectors.ballots.get_ballot_for_user": case_ballot,
    "awards.selectors.proposals.get_proposal_for_user": case_proposal,
    "awards.selectors.proposals.get_proposal_item_for_user": case_proposal_item,
    "awards.selectors.proposals.get_achievement_report_for_user": case_achievement_report,
    "blocs.selectors.get_bloc_for_user": case_bloc,
    "blocs.selectors.get_bloc_year_for_user": case_bloc_year,
    "blocs.selectors.get_membership_for_user": case_membership,
    "blocs.selectors.get_unit_for_user": case_unit,
    "pledges.selectors.reports.get_unit_report_for_user": case_unit_report,
    "pledges.selectors.reports.get_bloc_report_for_user": case_bloc_report,
    "pledges.selectors.reports.get_inspection_for_user": case_inspection,
    "pledges.selectors.reports.get_report_attachment_for_user": case_report_attachment,
    "pledges.selectors.reports.get_inspection_attachment_for_user": case_inspection_attachment,
    "pledges.selectors.commitments.get_pledge_for_user": case_pledge,
    "pledges.selectors.commitments.get_registration_for_user": case_registration,
    "scoring.selectors.schemes.get_scheme_item_for_user": case_scheme_item,
    "scoring.selectors.sheets.get_sheet_for_user": case_sheet,
    "scoring.selectors.sheets.get_scoring_year_for_user": case_scoring_year,
    "scoring.selectors.sheets.get_line_for_user": case_line,
    "scoring.selectors.sheets.get_evidence_for_user": case_evidence,
    "core.selectors.get_generated_file_for_user": case_generated_file,
}


def test_chokepoints_every_selector_has_a_case_all_covered():
    assert discovered_selectors() == set(CASES)


@pytest.mark.parametrize("path", sorted(CASES))
def test_chokepoint_second_of_two_visible_returns_second(path, world, council_officer):
    objects, leading = CASES[path](world, council_officer)
    assert len(objects) == 2 and objects[0].pk != objects[1].pk
    selector = _selector(path)

    first = selector(council_officer, *leading, objects[0].pk)
    second = selector(council_officer, *leading, objects[1].pk)

    assert (type(first), first.pk) == (type(objects[0]), objects[0].pk)
    assert (type(second), second.pk) == (type(objects[1]), objects[1].pk)


@pytest.mark.parametrize("path", sorted(CASES))
def test_chokepoint_unknown_id_404(path, world, council_officer):
    objects, leading = CASES[path](world, council_officer)
    model = type(objects[0])
    unknown = uuid.uuid4() if isinstance(objects[0].pk, uuid.UUID) else model.objects.order_by("-pk")[0].pk + 1000

    with pytest.raises(Http404):
        _selector(path)(council_officer, *leading, unknown)
