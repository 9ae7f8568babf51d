"""Lateness is news only while the year is open: a closed year's unfiled work is history, not "late" today."""

import datetime

from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from pledges.enums import ReportKind, ReportStatus
from pledges.presenters.reports import reports_page
from pledges.selectors.commitments import year_registrations
from pledges.selectors.reports import days_late_of
from tests.pledges.factories import RegistrationFactory, UnitReportFactory

TODAY = datetime.date(2026, 11, 29)  # years after the world's 2020 deadlines


def _close(bloc_year):
    BlocYear.objects.filter(pk=bloc_year.pk).update(status=BlocYearStatus.CLOSED)
    bloc_year.refresh_from_db()


def test_days_late_of_unfiled_report_counts_in_open_year_not_in_closed_year(world):
    open_draft = UnitReportFactory(bloc_year=world.other_bloc_year, unit=world.other_unit)
    closed_draft = UnitReportFactory(bloc_year=world.bloc_year, unit=world.member)
    _close(world.bloc_year)
    closed_draft.refresh_from_db()

    assert days_late_of(open_draft, today=TODAY) > 2000
    assert days_late_of(closed_draft, today=TODAY) == 0


def test_days_late_of_report_filed_late_in_closed_year_stays_late(world):
    filed = UnitReportFactory(
        bloc_year=world.bloc_year,
        unit=world.member,
        status=ReportStatus.ACCEPTED,
        first_submitted_at=datetime.datetime(2020, 7, 18, 9, tzinfo=datetime.UTC),
    )
    _close(world.bloc_year)
    filed.refresh_from_db()

    assert days_late_of(filed, today=TODAY) == 3


def test_reports_page_missing_report_late_only_while_year_open(world, secretariat):
    late_before = _late_cells(reports_page(world.bloc_year, secretariat, today=TODAY))
    _close(world.bloc_year)
    late_after = _late_cells(reports_page(world.bloc_year, secretariat, today=TODAY))

    assert late_before and not late_after


def test_year_registrations_unsubmitted_late_only_while_year_open(world, flag):
    RegistrationFactory(bloc_year=world.bloc_year, unit=world.head, title=flag)
    RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, title=flag)

    before = [r.days_late for r in year_registrations(world.bloc_year, today=TODAY)]
    _close(world.bloc_year)
    after = [r.days_late for r in year_registrations(world.bloc_year, today=TODAY)]

    assert all(days > 2000 for days in before) and after == [0, 0]


def _late_cells(page) -> list:
    return [cell for row in page.rows for cell in row.cells if cell.days_late and cell.kind in ReportKind.values]
