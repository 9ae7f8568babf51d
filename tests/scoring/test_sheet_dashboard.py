"""Dashboard items of score sheets: what waits for each persona."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from blocs.models import Membership
from blocs.selectors import roles_of
from scoring.dashboard import sheet_sections
from scoring.enums import Stage, VerifierMode
from scoring.models import ScoreSheet, ScoringSetting
from scoring.services import sheets as services
from tests.scoring.conftest import FULL, fill_sheet

TODAY = datetime.date(2020, 11, 20)


def _texts(user) -> list[str]:
    return [item.text for section in sheet_sections(user, today=TODAY) for item in section.items]


def test_dashboard_unit_officer_sees_own_sheet_to_fill(world, member_sheet, unit_officer):
    texts = _texts(unit_officer)

    assert len(texts) == 1
    assert world.member.name in texts[0]


def test_dashboard_returned_sheet_is_a_warning_for_the_unit(member_sheet, unit_officer, secretariat):
    fill_sheet(member_sheet, FULL, actor=unit_officer)
    services.submit_sheet(member_sheet, actor=unit_officer)
    services.return_sheet(member_sheet, actor=secretariat, comment="Bổ sung")

    items = [item for section in sheet_sections(unit_officer, today=TODAY) for item in section.items]

    assert [item.level for item in items] == ["warning"]


def test_dashboard_verifiers_see_submitted_sheet_not_their_own(
    world, member_sheet, unit_officer, secretariat, deputy_officer
):
    fill_sheet(member_sheet, FULL, actor=unit_officer)
    services.submit_sheet(member_sheet, actor=unit_officer)

    secretariat_texts = [t for t in _texts(secretariat) if world.member.name in t]
    deputy_texts = [t for t in _texts(deputy_officer) if world.member.name in t]

    assert len(secretariat_texts) == 1
    assert len(deputy_texts) == 1
    assert not [t for t in _texts(secretariat) if world.head.name in t and "review" in t.lower()]


def test_dashboard_council_office_adjusts_council_stage(
    world, member_sheet, unit_officer, secretariat, council_officer
):
    fill_sheet(member_sheet, FULL, actor=unit_officer)
    services.submit_sheet(member_sheet, actor=unit_officer)
    services.accept_sheet(member_sheet, actor=secretariat)
    verification = ScoreSheet.objects.get(unit=world.member, stage=Stage.VERIFICATION)
    services.submit_sheet(verification, actor=secretariat)
    before = _texts(council_officer)
    services.accept_sheet(verification, actor=council_officer)

    after = _texts(council_officer)

    assert len(before) == 1 and len(after) == 1
    assert before != after


def test_dashboard_outsider_has_no_section(outsider, member_sheet):
    assert sheet_sections(outsider, today=TODAY) == []


def test_dashboard_sheet_items_three_queries_whatever_the_number_of_sheets(world, self_sheets, secretariat, admin_user):
    for sheet in self_sheets.values():
        fill_sheet(sheet, FULL, actor=admin_user)
        services.submit_sheet(sheet, actor=admin_user)
    roles_of(secretariat)

    with CaptureQueriesContext(connection) as queries:
        texts = _texts(secretariat)

    assert len(texts) == 2  # the member's and the deputy's sheets; never the head unit's own
    # its own sheets (none), the sheets it verifies or accepts, and those units' names of the year
    assert len(queries) == 3


def test_dashboard_item_names_unit_as_in_the_sheets_year(world, member_sheet, unit_officer, renamed_member):
    texts = _texts(unit_officer)

    assert renamed_member in texts[0]
    assert "Tên mới từ 2025" not in texts[0]


def _peers_verify_and_deputy_submits(world, self_sheets, admin_user) -> None:
    ScoringSetting.objects.update_or_create(bloc_year=world.bloc_year, defaults={"verifier_mode": VerifierMode.PEERS})
    deputy_sheet = self_sheets[world.deputy.pk]
    fill_sheet(deputy_sheet, FULL, actor=admin_user)
    services.submit_sheet(deputy_sheet, actor=admin_user)


def test_dashboard_peer_verifier_plain_member_sees_a_fellow_units_submitted_sheet(
    world, self_sheets, unit_officer, admin_user
):
    _peers_verify_and_deputy_submits(world, self_sheets, admin_user)

    texts = [t for t in _texts(unit_officer) if world.deputy.name in t]

    assert len(texts) == 1  # M is neither head nor deputy: only its current membership lets it verify


def test_dashboard_peer_verifier_whose_unit_left_the_year_sees_no_sheet_to_verify(
    world, self_sheets, unit_officer, admin_user
):
    _peers_verify_and_deputy_submits(world, self_sheets, admin_user)
    Membership.objects.filter(bloc_year=world.bloc_year, unit=world.member).update(
        left_on=datetime.date(2020, 6, 30), left_reason="Sáp nhập"
    )

    texts = [t for t in _texts(unit_officer) if world.deputy.name in t]

    assert texts == []
