"""Database constraints of schemes and their items."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from scoring.enums import SchemeItemKind
from scoring.models import Scheme, SchemeItem

pytestmark = pytest.mark.usefixtures("english")


def _item(scheme, **values):
    defaults = {"kind": SchemeItemKind.CRITERION, "code": "X", "text": "x", "max_points": Decimal(5)}
    return SchemeItem.objects.create(scheme=scheme, **{**defaults, **values})


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"max_points": Decimal(-1)}, "schemeitem_max_points_not_negative"),
        ({"step": Decimal(0)}, "schemeitem_step_positive"),
        ({"kind": SchemeItemKind.GROUP, "max_points": Decimal(5)}, "schemeitem_group_max_computed"),
        ({"deduction_fixed": True, "step": Decimal(5)}, "schemeitem_fixed_deduction_step"),
        (
            {"kind": SchemeItemKind.DEDUCTION, "deduction_fixed": True, "step": Decimal("0.5")},
            "schemeitem_fixed_deduction_step",
        ),
        (
            {"code": "I.1"},
            "schemeitem_unique_code|UNIQUE constraint failed: scoring_schemeitem.scheme_id, scoring_schemeitem.code",
        ),
    ],
)
def test_scheme_item_invalid_values_refused_by_database(scheme, values, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        _item(scheme, **values)


def test_scheme_item_valid_fixed_deduction_accepted(scheme):
    item = _item(scheme, kind=SchemeItemKind.DEDUCTION, deduction_fixed=True, max_points=Decimal(8), step=Decimal(8))

    assert item.pk and item.is_scorable


def test_scheme_negative_bonus_cap_refused_by_database(world):
    with pytest.raises(IntegrityError, match="scheme_bonus_cap_not_negative"), transaction.atomic():
        Scheme.objects.create(bloc_year=world.bloc_year, title="x", bonus_cap=Decimal(-1))


def test_scheme_second_scheme_for_year_refused_by_database(scheme, world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Scheme.objects.create(bloc_year=world.bloc_year, title="again")


def test_scheme_is_frozen_follows_frozen_at(scheme):
    assert not scheme.is_frozen
    scheme.frozen_at = timezone.now()
    assert scheme.is_frozen
