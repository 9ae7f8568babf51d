"""The mid-year review needs the bloc's 6-month report issued."""

import datetime

import pytest

from blocs import services as bloc_services
from blocs.enums import BlocYearStatus
from blocs.requirements import unmet_requirements
from core.exceptions import DomainError
from pledges.enums import BlocReportStatus, ReportKind
from tests.pledges.factories import BlocReportFactory

MESSAGE = "Issue the bloc's 6-month report."


@pytest.fixture(autouse=True)
def _english(english):
    """Compare messages in the source language."""


def issued(world, kind):
    return BlocReportFactory(
        bloc_year=world.bloc_year,
        issuer_unit=world.head,
        kind=kind,
        status=BlocReportStatus.ISSUED,
        number=1,
        issued_on=datetime.date(2020, 7, 20),
    )


def test_requirement_mid_year_without_bloc_report_is_unmet(world):
    assert MESSAGE in unmet_requirements(world.bloc_year, BlocYearStatus.MID_YEAR_REVIEWED)


def test_requirement_mid_year_with_draft_or_annual_report_is_unmet(world):
    BlocReportFactory(bloc_year=world.bloc_year, issuer_unit=world.head, kind=ReportKind.SIX_MONTH)
    issued(world, ReportKind.ANNUAL)

    assert MESSAGE in unmet_requirements(world.bloc_year, BlocYearStatus.MID_YEAR_REVIEWED)


def test_requirement_mid_year_with_issued_six_month_report_is_met(world):
    issued(world, ReportKind.SIX_MONTH)

    assert MESSAGE not in unmet_requirements(world.bloc_year, BlocYearStatus.MID_YEAR_REVIEWED)


def test_mark_mid_year_reviewed_without_bloc_report_is_refused(world, secretariat):
    world.bloc_year.status = BlocYearStatus.IN_PROGRESS
    world.bloc_year.save()

    with pytest.raises(DomainError, match="6-month report"):
        bloc_services.advance_bloc_year(world.bloc_year, to=BlocYearStatus.MID_YEAR_REVIEWED, actor=secretariat)

    world.bloc_year.refresh_from_db()
    assert world.bloc_year.status == BlocYearStatus.IN_PROGRESS


def test_mark_mid_year_reviewed_with_issued_bloc_report_moves(world, secretariat):
    world.bloc_year.status = BlocYearStatus.IN_PROGRESS
    world.bloc_year.save()
    issued(world, ReportKind.SIX_MONTH)

    bloc_services.advance_bloc_year(world.bloc_year, to=BlocYearStatus.MID_YEAR_REVIEWED, actor=secretariat)

    world.bloc_year.refresh_from_db()
    assert world.bloc_year.status == BlocYearStatus.MID_YEAR_REVIEWED
