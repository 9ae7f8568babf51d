"""Dashboard items of reports and inspections, per persona."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pledges.dashboard import report_sections
from pledges.enums import ReportKind, ReportStatus
from tests.factories import MembershipFactory, UnitFactory, UnitRoleFactory
from tests.pledges.factories import InspectionFactory, InspectionFindingFactory, UnitReportFactory

JULY_1 = datetime.date(2020, 7, 1)


def items(user, today=JULY_1):
    return [item for section in report_sections(user, today=today) for item in section.items]


def test_dashboard_unit_officer_sees_the_report_due_soon(world, unit_officer):
    found = items(unit_officer)

    assert [(i.due, i.days_left, i.level) for i in found] == [(datetime.date(2020, 7, 15), 14, "info")]


def test_dashboard_unit_officer_overdue_report_is_danger(world, unit_officer):
    found = items(unit_officer, today=datetime.date(2020, 7, 20))

    assert [i.level for i in found] == ["danger"]


def test_dashboard_submitted_report_is_no_longer_due(world, unit_officer):
    UnitReportFactory(bloc_year=world.bloc_year, unit=world.member, status=ReportStatus.SUBMITTED)

    assert items(unit_officer) == []


def test_dashboard_returned_report_shows_the_reason(world, unit_officer):
    report = UnitReportFactory(bloc_year=world.bloc_year, unit=world.member, status=ReportStatus.RETURNED)

    found = items(unit_officer)

    assert [(i.url, i.level) for i in found] == [(report.get_absolute_url(), "danger")]
    assert report.return_reason in found[0].text


def test_dashboard_secretariat_sees_reports_waiting_for_decision(world, secretariat):
    report = UnitReportFactory(bloc_year=world.bloc_year, unit=world.member, status=ReportStatus.SUBMITTED)

    urls = [i.url for i in items(secretariat)]

    assert report.get_absolute_url() in urls


def test_dashboard_deputy_does_not_decide_on_reports(world, deputy_officer):
    report = UnitReportFactory(bloc_year=world.bloc_year, unit=world.member, status=ReportStatus.SUBMITTED)

    assert report.get_absolute_url() not in [i.url for i in items(deputy_officer)]


def test_dashboard_unit_sees_its_own_inspection_findings_only(world, unit_officer, deputy_officer):
    inspection = InspectionFactory(bloc_year=world.bloc_year)
    InspectionFindingFactory(inspection=inspection, unit=world.member)

    assert inspection.get_absolute_url() in [i.url for i in items(unit_officer)]
    assert inspection.get_absolute_url() not in [i.url for i in items(deputy_officer)]


@pytest.mark.parametrize("persona", ["council_officer", "outsider"])
def test_dashboard_without_a_unit_has_no_report_section(request, world, persona):
    assert report_sections(request.getfixturevalue(persona), today=JULY_1) == []


def add_units(bloc_year, user, count):
    for _ in range(count):
        unit = UnitFactory(province=bloc_year.bloc.province)
        MembershipFactory(bloc_year=bloc_year, unit=unit)
        UnitRoleFactory(user=user, unit=unit)
        UnitReportFactory(bloc_year=bloc_year, unit=unit, kind=ReportKind.ANNUAL, status=ReportStatus.RETURNED)
        InspectionFindingFactory(inspection=InspectionFactory(bloc_year=bloc_year), unit=unit)
    user._roles_cache = None


def queries(user) -> int:
    with CaptureQueriesContext(connection) as captured:
        report_sections(user, today=JULY_1)
    return len(captured)


def test_dashboard_query_count_does_not_grow_with_units(world, secretariat):
    add_units(world.bloc_year, secretariat, 1)
    small = queries(secretariat)
    add_units(world.bloc_year, secretariat, 6)

    assert queries(secretariat) == small
