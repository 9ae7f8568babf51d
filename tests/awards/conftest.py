"""Fixtures of the year-end meeting tests: bloc B's year Y scored, verified and ready for review."""

import datetime
from decimal import Decimal

import pytest

from awards.services.meetings import AttendanceRow, record_meeting_session
from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from scoring.enums import SchemeItemKind, Stage
from scoring.models import Scheme, ScoreSheet
from scoring.services import sheets as sheet_services
from tests.scoring.conftest import add_item, fill_sheet

SESSION = {
    "held_on": datetime.date(2020, 12, 20),
    "starts_at": datetime.time(8, 0),
    "place": "Hội trường Thanh tra tỉnh",
    "chair_name": "Nguyễn Văn An",
    "chair_title": "Chánh Thanh tra tỉnh",
    "secretary_name": "Trần Thị Bình",
    "secretary_title": "Chuyên viên",
}


def set_status(bloc_year, status) -> BlocYear:
    """Put the year at ``status`` directly: the lifecycle's own moves are tested in blocs."""
    BlocYear.objects.filter(pk=bloc_year.pk).update(status=status)
    bloc_year.refresh_from_db()
    return bloc_year


def score_year(bloc_year, units_points: dict, *, actor, verify=True) -> None:
    """Self-score each unit with its I.1 points (I.2 = 10), accept it, then (``verify``) accept the verification."""
    scheme = Scheme.objects.create(bloc_year=bloc_year, title="Thang điểm", bonus_cap=Decimal(0))
    add_item(scheme, "I.1", max_points="10")
    add_item(scheme, "I.2", SchemeItemKind.CRITERION, max_points="10")
    sheet_services.update_scoring_setting(bloc_year, actor=actor, uses_council_stage=False)
    sheet_services.open_self_scoring(bloc_year, actor=actor)
    for unit, points in units_points.items():
        sheet = ScoreSheet.objects.get(bloc_year=bloc_year, unit=unit, stage=Stage.SELF)
        fill_sheet(sheet, {"I.1": points, "I.2": "10"}, actor=actor)
        sheet_services.submit_sheet(sheet, actor=actor)
        sheet_services.accept_sheet(sheet, actor=actor)
        if verify:
            verification = ScoreSheet.objects.get(bloc_year=bloc_year, unit=unit, stage=Stage.VERIFICATION)
            sheet_services.submit_sheet(verification, actor=actor)
            sheet_services.accept_sheet(verification, actor=actor)


@pytest.fixture
def ready_year(world, admin_user):
    """Year Y scored (head 9, deputy 8, member 7 on I.1), every verification accepted, ready for review."""
    score_year(world.bloc_year, {world.head: "9", world.deputy: "8", world.member: "7"}, actor=admin_user)
    return set_status(world.bloc_year, BlocYearStatus.READY_FOR_REVIEW)


@pytest.fixture
def meeting_session(ready_year, secretariat):
    """The first session of year Y's meeting, recorded by the secretariat (no attendance yet)."""
    return record_meeting_session(ready_year, actor=secretariat, **SESSION)


def all_present(world) -> list[AttendanceRow]:
    return [
        AttendanceRow(unit.pk, True, f"Đại diện {unit.name}", "Phó Giám đốc")
        for unit in (world.head, world.deputy, world.member)
    ]
