"""Fixtures of the scoring tests. Shared by two areas: keep each area's part in its own section."""

from decimal import Decimal

import pytest

from scoring.enums import SchemeItemKind
from scoring.models import Scheme, SchemeItem

# --- Schemes ------------------------------------------------------------------


def add_item(scheme, code, kind=SchemeItemKind.CRITERION, *, parent=None, max_points="10", **extra) -> SchemeItem:
    """A scheme item written directly (tests of the services build through the services instead)."""
    from scoring.services import schemes as scheme_services

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
