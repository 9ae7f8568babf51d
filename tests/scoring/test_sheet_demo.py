"""Demo score sheets: Hà Tĩnh 2020 at every stage, consistent totals, loaded once."""

from decimal import Decimal

import pytest

from scoring.calculations import sheet_total
from scoring.demo import load_sheets
from scoring.enums import SheetStatus, Stage
from scoring.models import ScoreLine, ScoreSheet


@pytest.fixture
def demo(demo_db):
    """The demo story, loaded once for this module; each test's changes roll back."""


def _sheets_of(word: str) -> dict:
    sheets = ScoreSheet.objects.filter(
        unit__name__contains=word, bloc_year__year=2020, bloc_year__bloc__province__code="42"
    )
    return {sheet.stage: sheet for sheet in sheets}


def test_demo_sheets_cover_every_stage_and_status(demo):
    stages = set(ScoreSheet.objects.values_list("stage", "status"))

    assert {(Stage.SELF, s) for s in SheetStatus} <= stages
    assert (Stage.VERIFICATION, SheetStatus.DRAFT) in stages
    assert (Stage.COUNCIL, SheetStatus.DRAFT) in stages
    assert (Stage.APPROVED, SheetStatus.ACCEPTED) in stages
    assert _sheets_of("Công an tỉnh")[Stage.SELF].status == SheetStatus.DRAFT
    assert _sheets_of("Cảnh sát cơ động")[Stage.SELF].is_late


def test_demo_verified_lines_changed_with_reasons(demo):
    changed = ScoreLine.objects.filter(sheet__stage=Stage.VERIFICATION).exclude(reason="")

    assert changed.exists()
    assert all(line.points != line.base_points for line in changed)


def test_demo_council_adjusts_a_minus_8_deduction(demo):
    council = _sheets_of("Biên phòng")[Stage.COUNCIL]
    line = council.lines.get(item__code="VI.3")

    assert line.points == Decimal(8)
    assert line.reason
    assert council.total == _sheets_of("Biên phòng")[Stage.VERIFICATION].total - 8


def test_demo_stored_totals_equal_recomputed_sums(demo):
    for sheet in ScoreSheet.objects.select_related("bloc_year__scheme"):
        pairs = sheet.lines.values_list("item__kind", "points")
        assert sheet.total == sheet_total(pairs, bonus_cap=sheet.bloc_year.scheme.bonus_cap)


def test_demo_loaded_twice_changes_nothing(demo):
    before = (ScoreSheet.objects.count(), ScoreLine.objects.count())

    load_sheets()

    assert (ScoreSheet.objects.count(), ScoreLine.objects.count()) == before
