"""Fixtures of the scoring tests. Shared by two areas: keep each area's part in its own section."""

import datetime
from decimal import Decimal

import pytest

from blocs.services import rename_unit
from scoring.enums import SchemeItemKind, Stage
from scoring.models import Scheme, SchemeItem, ScoreSheet
from scoring.services import schemes as scheme_services
from scoring.services import sheets as sheet_services

# --- Schemes ------------------------------------------------------------------


def add_item(scheme, code, kind=SchemeItemKind.CRITERION, *, parent=None, max_points="10", **extra) -> SchemeItem:
    """A scheme item written directly (tests of the services build through the services instead)."""
    max_points = Decimal(0) if kind == SchemeItemKind.GROUP else Decimal(max_points)
    values = {"code": code, "text": extra.pop("text", f"Tiêu chí {code}"), "max_points": max_points, **extra}
    return scheme_services.add_scheme_item(scheme, actor=None, kind=kind, parent=parent, **values)


@pytest.fixture
def scheme(world) -> Scheme:
    """The scheme of bloc B year Y, unfrozen: group I (I.1 = 10, I.2 = 20), bonus B.1 = 5 (cap 5), deduction T.1 = −8 fixed."""
    scheme = Scheme.objects.create(bloc_year=world.bloc_year, title="Thang điểm 2020", bonus_cap=Decimal(5))
    group = add_item(scheme, "I", SchemeItemKind.GROUP, text="Công tác chuyên môn")
    add_item(scheme, "I.1", parent=group, max_points="10")
    add_item(scheme, "I.2", parent=group, max_points="20")
    add_item(scheme, "B.1", SchemeItemKind.BONUS, max_points="5")
    add_item(scheme, "T.1", SchemeItemKind.DEDUCTION, max_points="8", deduction_fixed=True)
    scheme.refresh_from_db()
    return scheme


# --- end of schemes -------------------------------------------------------------

# --- Score sheets -----------------------------------------------------------------


@pytest.fixture
def self_sheets(world, scheme, secretariat):
    """Self-scoring opened for bloc B year Y: a self-score sheet per member (head, deputy, member)."""
    sheet_services.open_self_scoring(world.bloc_year, actor=secretariat)
    return {sheet.unit_id: sheet for sheet in world.bloc_year.score_sheets.all()}


@pytest.fixture
def member_sheet(world, self_sheets):
    """Member unit M's self-score sheet, in draft, lines unscored."""
    return self_sheets[world.member.pk]


@pytest.fixture
def renamed_member(world, admin_user):
    """Member unit M renamed from 01/03/2025: pages about year Y (2020) still show its old name."""

    old = world.member.name
    rename_unit(
        world.member,
        actor=admin_user,
        name="Tên mới từ 2025",
        short_name="TM",
        effective_date=datetime.date(2025, 3, 1),
        legal_basis="QĐ 1",
    )
    world.member.refresh_from_db()
    return old


def fill_sheet(sheet, values: dict, *, actor, reasons: dict | None = None):
    """Save ``values`` ({item code: points as text}) on the sheet's lines through the service."""
    for line in sheet.lines.select_related("item"):
        if line.item.code in values:
            points = values[line.item.code]
            sheet_services.save_line(
                line,
                actor=actor,
                version=line.version,
                points=None if points is None else Decimal(points),
                reason=(reasons or {}).get(line.item.code, ""),
            )
    sheet.refresh_from_db()
    return sheet


FULL = {"I.1": "8", "I.2": "17.5", "B.1": "5", "T.1": "0"}


def verified(world, self_sheets, unit, values, *, actor, reasons=None, changes=None):
    """Self-score ``values`` submitted and accepted, then the verification (with ``changes``) accepted too."""
    sheet = fill_sheet(self_sheets[unit.pk], values, actor=actor)
    sheet_services.submit_sheet(sheet, actor=actor)
    sheet_services.accept_sheet(sheet, actor=actor)
    verification = ScoreSheet.objects.get(bloc_year=world.bloc_year, unit=unit, stage=Stage.VERIFICATION)
    fill_sheet(verification, changes or {}, actor=actor, reasons=reasons)
    sheet_services.submit_sheet(verification, actor=actor)
    return sheet_services.accept_sheet(verification, actor=actor)


def approve_all(world, self_sheets, *, officer, verifier):
    """Every member's sheet filled (FULL), submitted by ``officer`` and accepted by ``verifier`` up to approved."""
    sheet_services.update_scoring_setting(world.bloc_year, actor=verifier, uses_council_stage=False)
    for sheet in self_sheets.values():
        current = sheet
        for _stage in (Stage.SELF, Stage.VERIFICATION, Stage.APPROVED):
            fill_sheet(current, FULL if current.stage == Stage.SELF else {}, actor=officer)
            sheet_services.submit_sheet(current, actor=officer)
            sheet_services.accept_sheet(current, actor=verifier)
            current = ScoreSheet.objects.filter(unit=sheet.unit).order_by("-id").first()


# --- end of score sheets ----------------------------------------------------------
