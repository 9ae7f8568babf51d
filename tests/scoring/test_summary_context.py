"""The summary's data: final stage per unit, rank with ties, bands from the weakest criterion."""

from decimal import Decimal

from scoring.enums import Stage
from scoring.selectors.sheets import summary_context
from scoring.services import sheets as services
from tests.scoring.conftest import FULL, fill_sheet, mark_submitted


def _rows(world):
    return {row.unit_id: row for row in summary_context(world.bloc_year)["rows"]}


def test_summary_bands_use_total_and_weakest_criterion(world, self_sheets, admin_user):
    fill_sheet(self_sheets[world.member.pk], FULL, actor=admin_user)  # 30.5/35, weakest 80 %
    fill_sheet(self_sheets[world.head.pk], {"I.1": "10", "I.2": "20", "B.1": "5"}, actor=admin_user)  # 100 %
    fill_sheet(self_sheets[world.deputy.pk], {"I.1": "10", "I.2": "12"}, actor=admin_user)  # 62.9 %
    mark_submitted(self_sheets.values())

    rows = _rows(world)

    assert rows[world.head.pk].band == "Hoàn thành xuất sắc nhiệm vụ"
    assert rows[world.member.pk].band == "Hoàn thành tốt nhiệm vụ"
    assert rows[world.deputy.pk].band == "Không hoàn thành nhiệm vụ"
    assert summary_context(world.bloc_year)["maximum"] == Decimal(35)


def test_summary_final_total_is_latest_stage_not_self(world, self_sheets, unit_officer, secretariat):
    sheet = fill_sheet(self_sheets[world.member.pk], FULL, actor=unit_officer)
    services.submit_sheet(sheet, actor=unit_officer)
    services.accept_sheet(sheet, actor=secretariat)
    verification = world.bloc_year.score_sheets.get(unit=world.member, stage=Stage.VERIFICATION)
    fill_sheet(verification, {"I.2": "10"}, actor=secretariat, reasons={"I.2": "Thiếu minh chứng"})

    row = _rows(world)[world.member.pk]

    assert (row.final_stage, row.final_total) == (Stage.VERIFICATION, Decimal(23))
    assert row.stage_totals[Stage.SELF] == Decimal("30.5")


def test_summary_ties_share_rank_and_are_marked(world, self_sheets, admin_user):
    for unit in (world.head, world.deputy):
        fill_sheet(self_sheets[unit.pk], {"I.1": "9"}, actor=admin_user)
    fill_sheet(self_sheets[world.member.pk], {"I.1": "5"}, actor=admin_user)
    mark_submitted(self_sheets.values())

    rows = _rows(world)

    assert (rows[world.head.pk].rank, rows[world.head.pk].tied) == (1, True)
    assert (rows[world.deputy.pk].rank, rows[world.deputy.pk].tied) == (1, True)
    assert (rows[world.member.pk].rank, rows[world.member.pk].tied) == (3, False)
    assert summary_context(world.bloc_year)["has_ties"]
