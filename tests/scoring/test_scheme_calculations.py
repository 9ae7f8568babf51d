"""Pure scheme formulas: examples and Hypothesis properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.calculations import (
    bonus_total,
    content_total,
    group_maxima,
    item_errors,
    scheme_total,
    sort_key_for,
    tree_layout,
    validate_points,
)
from scoring.enums import SchemeItemKind as K

pytestmark = pytest.mark.usefixtures("english")

D = Decimal


def _row(pk, parent, kind, points="0"):
    return {"id": pk, "parent_id": parent, "kind": kind, "max_points": D(points)}


HUE = [
    _row(1, None, K.GROUP),
    _row(2, 1, K.CRITERION, "600"),
    _row(3, 1, K.GROUP),
    _row(4, 3, K.CRITERION, "350"),
    _row(5, None, K.GROUP),
    _row(6, 5, K.BONUS, "30"),
    _row(7, 5, K.BONUS, "30"),
    _row(8, None, K.DEDUCTION, "8"),
]


def test_group_maxima_nested_groups_sum_their_children():
    assert group_maxima(HUE) == {1: D(950), 3: D(350), 5: D(60)}


def test_scheme_total_bonus_capped_deductions_ignored():
    assert content_total(HUE) == D(950)
    assert bonus_total(HUE, bonus_cap=D(50)) == D(50)
    assert scheme_total(HUE, bonus_cap=D(50)) == D(1000)
    assert scheme_total(HUE) == D(1010)


@pytest.mark.parametrize(
    ("value", "ok"),
    [(D("0"), True), (D("7.5"), True), (D("10"), True), (D("10.5"), False), (D("-0.5"), False), (D("7.3"), False)],
)
def test_validate_points_bounds_and_step(value, ok):
    assert (validate_points(value, maximum=D(10), step=D("0.5")) is None) is ok


@pytest.mark.parametrize("value", [7.5, "7.5", None, D("NaN"), D("Infinity")])
def test_validate_points_non_decimal_refused(value):
    assert validate_points(value, maximum=D(10), step=D("0.5")) == "Enter a number, for example 7.5."


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": K.GROUP, "max_points": D(5)}, "max_points"),
        ({"kind": K.CRITERION, "max_points": D("7.25")}, "max_points"),
        ({"kind": K.CRITERION, "step": D(0)}, "step"),
        ({"kind": K.CRITERION, "step": D(100)}, "step"),
        ({"kind": K.CRITERION, "max_points": D(-1)}, "max_points"),
        ({"kind": K.CRITERION, "deduction_fixed": True}, "deduction_fixed"),
        ({"kind": K.DEDUCTION, "deduction_fixed": True, "max_points": D(0), "step": D(0)}, "step"),
    ],
)
def test_item_errors_each_rule_names_its_field(values, field):
    arguments = {"max_points": D(10), "step": D("0.5"), "deduction_fixed": False, **values}

    assert field in item_errors(**arguments)


def test_item_errors_valid_items_have_none():
    assert item_errors(kind=K.CRITERION, max_points=D(10), step=D("0.5"), deduction_fixed=False) == {}
    assert item_errors(kind=K.DEDUCTION, max_points=D(8), step=D(8), deduction_fixed=True) == {}
    assert item_errors(kind=K.GROUP, max_points=D(0), step=D("0.5"), deduction_fixed=False) == {}


def test_tree_layout_renumbers_siblings_and_keys_document_order():
    layout = tree_layout([(10, None, 5), (11, 10, 9), (12, 10, 2), (13, None, 1)])

    assert layout == {13: (1, "0001", 0), 10: (2, "0002", 1 - 1), 12: (1, "0002.0001", 1), 11: (2, "0002.0002", 1)}


# --- Properties ---------------------------------------------------------------

points = st.decimals(min_value=0, max_value=500, places=2)


@st.composite
def trees(draw):
    """A random scheme: each item's parent is an earlier group (or none)."""
    rows = []
    for pk in range(1, draw(st.integers(1, 30)) + 1):
        groups = [row["id"] for row in rows if row["kind"] == K.GROUP]
        parent = draw(st.sampled_from([None, *groups]))
        kind = draw(st.sampled_from(list(K)))
        rows.append(_row(pk, parent, kind, "0" if kind == K.GROUP else str(draw(points))))
    return rows


@given(trees())
def test_group_maxima_equal_sum_of_children(rows):
    maxima = group_maxima(rows)
    for row in rows:
        if row["kind"] == K.GROUP:
            children = [r for r in rows if r["parent_id"] == row["id"]]
            expected = sum(
                (
                    maxima[c["id"]] if c["kind"] == K.GROUP else c["max_points"]
                    for c in children
                    if c["kind"] != K.DEDUCTION
                ),
                D(0),
            )
            assert maxima[row["id"]] == expected


@given(trees(), st.decimals(min_value=0, max_value=1000, places=2))
def test_scheme_total_within_bounds(rows, cap):
    total = scheme_total(rows, bonus_cap=cap)
    top_groups = sum((m for pk, m in group_maxima(rows).items() if _parent(rows, pk) is None), D(0))
    top_items = sum(
        (r["max_points"] for r in rows if r["parent_id"] is None and r["kind"] in (K.CRITERION, K.BONUS)), D(0)
    )

    assert content_total(rows) <= total <= content_total(rows) + cap
    assert total <= top_groups + top_items  # capped bonus never exceeds the uncapped tree


@given(st.lists(st.tuples(st.integers(1, 50), st.integers(0, 9999)), min_size=1, max_size=40, unique_by=lambda t: t[0]))
def test_tree_layout_sort_keys_unique_and_follow_positions(nodes):
    flat = [(pk, None, position) for pk, position in nodes]
    layout = tree_layout(flat)
    by_key = [pk for pk, _ in sorted(layout.items(), key=lambda kv: kv[1][1])]

    assert by_key == [pk for _pos, pk in sorted((position, pk) for pk, position in nodes)]
    assert sorted(v[0] for v in layout.values()) == list(range(1, len(nodes) + 1))


@given(st.lists(st.integers(1, 9999), min_size=1, max_size=6))
def test_sort_key_for_orders_like_positions(positions):
    assert sort_key_for(positions).split(".") == [f"{p:04d}" for p in positions]


@given(points, st.sampled_from([D("0.25"), D("0.5"), D(1), D(2)]), st.decimals(min_value=0, max_value=600, places=2))
def test_validate_points_accepts_exactly_in_range_multiples(value, step, maximum):
    ok = validate_points(value, maximum=maximum, step=step) is None

    assert ok is (value <= maximum and value % step == 0)


def _parent(rows, pk):
    return next(r["parent_id"] for r in rows if r["id"] == pk)
