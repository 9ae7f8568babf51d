"""Truth tables of the report and inspection permissions, against every persona."""

import datetime

import pytest

from pledges import rules as pledge_rules
from pledges.enums import BlocReportStatus, ReportStatus
from tests.personas import MEMBERS, PERSONAS, PROVINCE_SEERS, persona
from tests.pledges.factories import BlocReportFactory, InspectionFactory, UnitReportFactory

LEADERS = ("secretariat", "deputy_officer")


def report(world, status=ReportStatus.DRAFT):
    return UnitReportFactory(bloc_year=world.bloc_year, unit=world.member, status=status)


def bloc_report(world, status=BlocReportStatus.DRAFT):
    extra = {"number": 1, "issued_on": datetime.date(2020, 7, 20)} if status == BlocReportStatus.ISSUED else {}
    return BlocReportFactory(bloc_year=world.bloc_year, issuer_unit=world.head, status=status, **extra)


def membership(world):
    return world.bloc_year.memberships.get(unit=world.member)


PREDICATES = {
    "acts_for_own_unit": (lambda w: report(w), ("unit_officer", "unit_leader")),
    "is_officer_of_own_unit": (lambda w: report(w), ("unit_officer",)),
    "is_member_of_year": (lambda w: report(w), MEMBERS),
    "is_secretariat_of_year": (lambda w: report(w), ("secretariat",)),
    "is_verifier_of_year": (lambda w: report(w), LEADERS),
    "sees_province_of_year": (lambda w: report(w), PROVINCE_SEERS),
    "manages_province_of_year": (lambda w: report(w), ("admin_user", "council_officer")),
}


@pytest.mark.parametrize("predicate", PREDICATES)
@pytest.mark.parametrize("name", PERSONAS)
def test_report_predicate_truth_table(request, world, predicate, name):
    target, allowed = PREDICATES[predicate]

    assert getattr(pledge_rules, predicate)(persona(request, name), target(world)) is (name in allowed)


PERMISSIONS = {
    # permission, object in the world, who has it
    # A draft never submitted is its unit's alone; once submitted (even returned) the others see it.
    "view_unitreport": (lambda w: report(w), ("unit_officer", "unit_leader")),
    "view_unitreport@returned": (lambda w: report(w, ReportStatus.RETURNED), PROVINCE_SEERS + MEMBERS),
    "add_unitreport": (membership, ("unit_officer",)),
    "change_unitreport": (lambda w: report(w), ("unit_officer",)),
    "change_unitreport@returned": (lambda w: report(w, ReportStatus.RETURNED), ("unit_officer",)),
    "change_unitreport@submitted": (lambda w: report(w, ReportStatus.SUBMITTED), ()),
    "submit_unitreport": (lambda w: report(w), ("unit_officer",)),
    "submit_unitreport@returned": (lambda w: report(w, ReportStatus.RETURNED), ("unit_officer",)),
    "submit_unitreport@accepted": (lambda w: report(w, ReportStatus.ACCEPTED), ()),
    "return_unitreport@submitted": (lambda w: report(w, ReportStatus.SUBMITTED), ("secretariat",)),
    "return_unitreport": (lambda w: report(w), ()),
    "accept_unitreport@submitted": (lambda w: report(w, ReportStatus.SUBMITTED), ("secretariat",)),
    "accept_unitreport@returned": (lambda w: report(w, ReportStatus.RETURNED), ()),
    "view_year_reports": (lambda w: w.bloc_year, PROVINCE_SEERS + LEADERS),
    "view_blocreport": (lambda w: bloc_report(w), PROVINCE_SEERS + LEADERS),
    "view_blocreport@issued": (lambda w: bloc_report(w, BlocReportStatus.ISSUED), PROVINCE_SEERS + MEMBERS),
    "add_blocreport": (lambda w: w.bloc_year, ("secretariat",)),
    "change_blocreport": (lambda w: bloc_report(w), ("secretariat",)),
    "change_blocreport@issued": (lambda w: bloc_report(w, BlocReportStatus.ISSUED), ()),
    "issue_blocreport": (lambda w: bloc_report(w), ("secretariat",)),
    "issue_blocreport@issued": (lambda w: bloc_report(w, BlocReportStatus.ISSUED), ()),
    "view_inspection": (lambda w: InspectionFactory(bloc_year=w.bloc_year), PROVINCE_SEERS + MEMBERS),
    "view_inspection_findings": (
        lambda w: InspectionFactory(bloc_year=w.bloc_year),
        (*PROVINCE_SEERS, "secretariat"),
    ),
    "add_inspection": (lambda w: w.bloc_year, ("admin_user", "council_officer")),
    "change_inspection": (lambda w: InspectionFactory(bloc_year=w.bloc_year), ("admin_user", "council_officer")),
}


@pytest.mark.parametrize("perm", PERMISSIONS)
@pytest.mark.parametrize("name", PERSONAS)
def test_report_permission_truth_table(request, world, perm, name):
    target, allowed = PERMISSIONS[perm]
    # Django gives an active superuser every permission; the tables list who else holds each one.
    expected = name in allowed or name == "admin_user"

    assert persona(request, name).has_perm(f"pledges.{perm.split('@')[0]}", target(world)) is expected


@pytest.mark.parametrize(
    ("perm", "make", "name"),
    [
        ("change_unitreport", report, "unit_officer"),
        ("submit_unitreport", report, "unit_officer"),
        ("accept_unitreport", lambda w: report(w, ReportStatus.SUBMITTED), "secretariat"),
        ("add_unitreport", membership, "unit_officer"),
        ("change_blocreport", bloc_report, "secretariat"),
        ("change_inspection", lambda w: InspectionFactory(bloc_year=w.bloc_year), "council_officer"),
    ],
)
def test_report_permission_closed_year_is_read_only(request, world, perm, make, name):
    target = make(world)
    world.bloc_year.status = "closed"
    world.bloc_year.save()
    target.bloc_year.refresh_from_db()

    assert not persona(request, name).has_perm(f"pledges.{perm}", target)


def test_add_unitreport_unit_that_left_may_not_start(world, unit_officer):
    member = membership(world)
    member.left_on, member.left_reason = datetime.date(2020, 5, 1), "Sáp nhập"

    assert not unit_officer.has_perm("pledges.add_unitreport", member)
