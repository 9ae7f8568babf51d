"""The summary's data: final = latest accepted stage, rank with ties, bands, the weak criterion, year names."""

from decimal import Decimal

from scoring.enums import SheetStatus, Stage
from scoring.models import ScoreSheet
from scoring.presenters import summary_context
from scoring.services import sheets as services
from tests.scoring.conftest import FULL, fill_sheet, verified


def _rows(world):
    return {row.unit_id: row for row in summary_context(world.bloc_year)["rows"]}


def test_summary_bands_use_total_and_weakest_criterion(world, self_sheets, admin_user):
    verified(world, self_sheets, world.member, FULL, actor=admin_user)  # 30.5/35, weakest 80 %
    verified(world, self_sheets, world.head, {**FULL, "I.1": "10", "I.2": "20"}, actor=admin_user)  # 100 %
    verified(world, self_sheets, world.deputy, {**FULL, "I.1": "10", "I.2": "12", "B.1": "0"}, actor=admin_user)

    rows = _rows(world)

    assert rows[world.head.pk].band == "Hoàn thành xuất sắc nhiệm vụ"
    assert rows[world.member.pk].band == "Hoàn thành tốt nhiệm vụ"
    assert rows[world.deputy.pk].band == "Không hoàn thành nhiệm vụ"
    assert summary_context(world.bloc_year)["maximum"] == Decimal(35)


def test_summary_final_total_is_latest_accepted_stage_not_self(world, self_sheets, admin_user):
    verified(world, self_sheets, world.member, FULL, actor=admin_user, changes={"I.2": "10"}, reasons={"I.2": "Thiếu"})

    row = _rows(world)[world.member.pk]

    assert (row.final_stage, row.final_total) == (Stage.VERIFICATION, Decimal(23))
    assert row.stage_totals[Stage.SELF] == Decimal("30.5")


def test_summary_returned_or_draft_stage_is_not_final_and_not_ranked(world, self_sheets, admin_user):
    verified(world, self_sheets, world.head, {**FULL, "I.2": "15"}, actor=admin_user)  # accepted 28
    returned = fill_sheet(self_sheets[world.member.pk], {**FULL, "I.2": "20"}, actor=admin_user)  # 33, higher
    services.submit_sheet(returned, actor=admin_user)
    services.return_sheet(returned, actor=admin_user, comment="Thiếu minh chứng")
    sheet = fill_sheet(self_sheets[world.deputy.pk], FULL, actor=admin_user)
    services.submit_sheet(sheet, actor=admin_user)
    services.accept_sheet(sheet, actor=admin_user)  # self accepted; verification still a draft copy
    verification = ScoreSheet.objects.get(unit=world.deputy, stage=Stage.VERIFICATION)

    context = summary_context(world.bloc_year)
    rows = {row.unit_id: row for row in context["rows"]}

    assert (rows[world.head.pk].rank, rows[world.head.pk].final_total) == (1, Decimal(28))
    for unit in (world.member, world.deputy):
        assert (rows[unit.pk].rank, rows[unit.pk].final_total, rows[unit.pk].band) == (None, None, "")
        assert not rows[unit.pk].verified
    assert verification.status == SheetStatus.DRAFT
    assert context["rows"][0].unit_id == world.head.pk
    assert context["has_unverified"]


def test_summary_ties_share_rank_and_are_marked(world, self_sheets, admin_user):
    for unit in (world.head, world.deputy):
        verified(world, self_sheets, unit, {**FULL, "I.1": "9"}, actor=admin_user)
    verified(world, self_sheets, world.member, {**FULL, "I.1": "5"}, actor=admin_user)

    rows = _rows(world)

    assert (rows[world.head.pk].rank, rows[world.head.pk].tied) == (1, True)
    assert (rows[world.deputy.pk].rank, rows[world.deputy.pk].tied) == (1, True)
    assert (rows[world.member.pk].rank, rows[world.member.pk].tied) == (3, False)
    assert summary_context(world.bloc_year)["has_ties"]


def test_summary_weak_criterion_holding_back_band_is_named(world, self_sheets, admin_user):
    # 32/35 = 91.4 % reaches the best band by total, but I.1 at 7/10 = 70 % < 85 %.
    verified(world, self_sheets, world.member, {**FULL, "I.1": "7", "I.2": "20"}, actor=admin_user)
    verified(world, self_sheets, world.head, {**FULL, "I.1": "10", "I.2": "20"}, actor=admin_user)  # not held back

    rows = _rows(world)

    held = rows[world.member.pk].held_back
    assert rows[world.member.pk].band == "Hoàn thành nhiệm vụ"
    assert (held["band"], held["code"], held["percent"], held["needed"]) == (
        "Hoàn thành xuất sắc nhiệm vụ",
        "I.1",
        Decimal(70),
        Decimal(85),
    )
    assert rows[world.head.pk].held_back is None


def test_summary_unit_shown_under_its_name_of_the_year(world, self_sheets, renamed_member):
    rows = _rows(world)

    assert rows[world.member.pk].unit_name == renamed_member
    assert rows[world.head.pk].unit_name == world.head.name
