"""A unit's draft report is the unit's alone until first submitted; then the secretariat sees it, even returned."""

import datetime

import pytest
from django.urls import reverse

from pledges.models import UnitReport
from pledges.presenters.reports import reports_page
from pledges.services import reports as services
from tests.pledges.factories import UnitReportFactory

SECRET = "Kết quả chưa gửi: 37 vụ án"
OUTSIDERS_OF_THE_DRAFT = ["secretariat", "deputy_officer", "council_officer", "council_member", "fellow_officer"]


@pytest.fixture
def reports(world):
    """The deputy's submitted annual report, then member M's draft 6-month report (the one fetched)."""
    UnitReportFactory(bloc_year=world.bloc_year, unit=world.deputy, kind="annual", status="submitted")
    return UnitReportFactory(bloc_year=world.bloc_year, unit=world.member, results=SECRET)


def _get(client, user, name, report):
    client.force_login(user)
    return client.get(reverse(name, args=[report.pk]))


@pytest.mark.parametrize("persona", [*OUTSIDERS_OF_THE_DRAFT, "admin_user"])
def test_report_detail_draft_is_404_for_everyone_but_its_unit(client, request, world, reports, persona):
    user = request.getfixturevalue(persona)

    assert _get(client, user, "pledges:report_detail", reports).status_code == 404
    assert client.post(reverse("pledges:report_pdf", args=[reports.pk])).status_code == 404


def test_report_detail_draft_own_unit_sees_it(client, world, reports, unit_officer, unit_leader):
    assert SECRET in _get(client, unit_officer, "pledges:report_detail", reports).content.decode()
    assert _get(client, unit_leader, "pledges:report_detail", reports).status_code == 200


@pytest.mark.parametrize("persona", ["secretariat", "council_officer", "council_member"])
def test_report_detail_after_first_submission_returned_report_stays_visible(
    client, request, world, reports, unit_officer, secretariat, persona
):
    services.submit_unit_report(reports, actor=unit_officer)
    services.return_unit_report(reports, actor=secretariat, reason="Thiếu số liệu")
    user = request.getfixturevalue(persona)

    response = _get(client, user, "pledges:report_detail", reports)

    assert response.status_code == 200
    assert SECRET in response.content.decode()


def test_report_detail_other_units_submitted_report_is_404_for_a_member(client, world, reports, fellow_officer):
    deputy_report = UnitReport.objects.get(unit=world.deputy)

    assert _get(client, fellow_officer, "pledges:report_detail", deputy_report).status_code == 404


def test_reports_page_secretariat_sees_no_draft_but_the_submitted_report(world, reports, secretariat):
    page = reports_page(world.bloc_year, secretariat, today=datetime.date(2020, 8, 1))

    shown = {cell.report.pk for row in page.rows for cell in row.cells if cell.report}
    assert reports.pk not in shown
    assert len(shown) == 1


def test_reports_page_own_unit_sees_its_draft(world, reports, unit_officer):
    page = reports_page(world.bloc_year, unit_officer, today=datetime.date(2020, 8, 1))

    assert {cell.report.pk for row in page.rows for cell in row.cells if cell.report} == {reports.pk}


@pytest.mark.parametrize("persona", OUTSIDERS_OF_THE_DRAFT)
def test_view_unitreport_rule_draft_refused_to_others(request, world, reports, persona):
    assert request.getfixturevalue(persona).has_perm("pledges.view_unitreport", reports) is False


def test_view_unitreport_rule_draft_allowed_to_own_unit(world, reports, unit_officer):
    assert unit_officer.has_perm("pledges.view_unitreport", reports) is True
