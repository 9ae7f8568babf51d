"""The demo's Hà Tĩnh 2020 reports, bloc report and inspection."""

import datetime

import pytest

from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from core.models import ActivityLog, Notice
from pledges.enums import BlocReportStatus, ReportKind, ReportStatus
from pledges.models import BlocReport, Inspection, UnitReport


@pytest.fixture
def hatinh_2020(demo_db):
    """Hà Tĩnh's Nội chính bloc in 2020, in the demo story loaded once for this module."""
    return BlocYear.objects.get(bloc__province__name="Hà Tĩnh", bloc__name="Khối thi đua Nội chính", year=2020)


def test_demo_six_month_reports_all_accepted_one_returned_then_resubmitted(hatinh_2020):
    reports = UnitReport.objects.filter(bloc_year=hatinh_2020, kind=ReportKind.SIX_MONTH)
    returned = ActivityLog.objects.filter(action="pledges.unit_report.returned")

    assert hatinh_2020.status == BlocYearStatus.SCORING
    assert reports.count() == hatinh_2020.memberships.filter(left_on__isnull=True).count() == 9
    assert set(reports.values_list("status", flat=True)) == {ReportStatus.ACCEPTED}
    assert returned.count() == 1
    assert reports.get(pk=returned.get().object_id).unit.short_name == "Công an tỉnh"
    assert reports.filter(first_submitted_at__date__gt=datetime.date(2020, 7, 15)).count() == 1


def test_demo_bloc_six_month_report_issued_with_number(hatinh_2020):
    report = BlocReport.objects.get(bloc_year=hatinh_2020, kind=ReportKind.SIX_MONTH)

    assert (report.status, report.number, report.issued_on) == (BlocReportStatus.ISSUED, 1, datetime.date(2020, 7, 24))
    assert "Công an tỉnh Hà Tĩnh:\n" in report.results and report.signer_name


def test_demo_annual_reports_all_filed(hatinh_2020):
    statuses = sorted(
        UnitReport.objects.filter(bloc_year=hatinh_2020, kind=ReportKind.ANNUAL).values_list("status", flat=True)
    )

    assert statuses == ["accepted"] * 5 + ["submitted"] * 4


def test_demo_inspection_with_findings_and_no_unread_notices_of_the_past(hatinh_2020):
    inspection = Inspection.objects.get(bloc_year=hatinh_2020)

    assert inspection.findings.count() == 3
    assert not Notice.objects.filter(read_at__isnull=True, url__contains="/reports/").exists()
