"""Demo schemes: the real shapes, frozen where scoring has opened, loaded once."""

from decimal import Decimal

import pytest

from scoring.calculations import content_total, group_maxima, scheme_total
from scoring.demo import load_schemes
from scoring.enums import SCORABLE_KINDS, SchemeItemKind
from scoring.models import Scheme, SchemeItem
from scoring.selectors.schemes import scheme_rows


@pytest.fixture
def demo(demo_db):
    """The demo story, loaded once for this module; each test's changes roll back."""


def _scheme(province: str, year: int) -> Scheme:
    return Scheme.objects.select_related("bloc_year").get(
        bloc_year__bloc__province__code=province, bloc_year__year=year
    )


def test_demo_hatinh_2020_scheme_is_hue_shaped(demo):
    scheme = _scheme("42", 2020)
    rows = scheme_rows(scheme)

    assert content_total(rows) == Decimal(950)
    assert scheme_total(rows, bonus_cap=scheme.bonus_cap) == Decimal(1000)
    fixed = [r for r in rows if r["kind"] == SchemeItemKind.DEDUCTION and r["deduction_fixed"]]
    assert [r["max_points"] for r in fixed] == [Decimal(8)] * 3
    assert 40 <= len(rows) <= 60
    assert scheme.is_frozen and scheme.copied_from == _scheme("42", 2019)
    assert scheme.max_total == Decimal(1000)


def test_demo_hcmc_scheme_has_2008_emulation_work_weights(demo):
    scheme = _scheme("79", 2017)
    rows = scheme_rows(scheme)

    criteria = [r["max_points"] for r in rows if r["kind"] == SchemeItemKind.CRITERION]
    assert criteria[:7] == [Decimal(v) for v in (10, 10, 20, 10, 10, 10, 20)]
    assert [r["max_points"] for r in rows if r["kind"] == SchemeItemKind.BONUS] == [Decimal(10), Decimal(15)]


def test_demo_schemes_tree_is_consistent(demo):
    for scheme in Scheme.objects.all():
        rows = scheme_rows(scheme)
        by_id = {r["id"]: r for r in rows}
        for row in rows:
            parent = by_id.get(row["parent_id"])
            assert row["depth"] == (parent["depth"] + 1 if parent else 0)
            assert parent is None or row["sort_key"].startswith(parent["sort_key"] + ".")
        deductions_only = {r["parent_id"] for r in rows if r["kind"] == SchemeItemKind.DEDUCTION}
        assert all(value > 0 for pk, value in group_maxima(rows).items() if pk not in deductions_only)
        assert SchemeItem.objects.filter(scheme=scheme, kind__in=SCORABLE_KINDS).exists()


def test_demo_load_schemes_twice_changes_nothing(demo):
    before = list(SchemeItem.objects.order_by("pk").values_list("pk", "sort_key"))

    load_schemes()

    assert list(SchemeItem.objects.order_by("pk").values_list("pk", "sort_key")) == before
