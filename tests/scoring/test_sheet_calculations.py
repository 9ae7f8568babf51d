"""Pure sheet formulas: totals, ranking with ties, bands — examples and Hypothesis properties."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from scoring.calculations import (
    PointsSyntaxError,
    classify,
    held_back_by,
    parse_points_text,
    percent,
    points_text,
    rank,
    sheet_total,
    sheet_totals,
    validate_points,
    weakest_percent,
)
from scoring.enums import SchemeItemKind
from scoring.models import default_bands

G, C, B, D = SchemeItemKind.GROUP, SchemeItemKind.CRITERION, SchemeItemKind.BONUS, SchemeItemKind.DEDUCTION

ITEMS = [
    {"id": 1, "parent_id": None, "kind": G, "max_points": Decimal(0)},
    {"id": 2, "parent_id": 1, "kind": C, "max_points": Decimal(10)},
    {"id": 3, "parent_id": 1, "kind": G, "max_points": Decimal(0)},
    {"id": 4, "parent_id": 3, "kind": C, "max_points": Decimal(20)},
    {"id": 5, "parent_id": 3, "kind": D, "max_points": Decimal(8)},
    {"id": 6, "parent_id": None, "kind": B, "max_points": Decimal(10)},
    {"id": 7, "parent_id": None, "kind": B, "max_points": Decimal(10)},
]


def test_sheet_totals_groups_nest_and_deductions_subtract():
    totals = sheet_totals(ITEMS, {2: Decimal(9), 4: Decimal("17.5"), 5: Decimal(8)}, bonus_cap=Decimal(15))

    assert totals.groups == {1: Decimal("18.5"), 3: Decimal("9.5")}
    assert (totals.content, totals.deductions, totals.total) == (Decimal("26.5"), Decimal(8), Decimal("18.5"))


def test_sheet_totals_bonus_is_capped():
    totals = sheet_totals(ITEMS, {6: Decimal(10), 7: Decimal(10)}, bonus_cap=Decimal(15))

    assert (totals.bonus_raw, totals.bonus, totals.total) == (Decimal(20), Decimal(15), Decimal(15))


def test_sheet_totals_unscored_lines_count_zero():
    assert sheet_totals(ITEMS, {2: None}, bonus_cap=Decimal(5)).total == 0


def test_sheet_total_pairs_match_sheet_totals():
    points = {2: Decimal(9), 4: Decimal(20), 5: Decimal(8), 6: Decimal(10), 7: Decimal(5)}
    pairs = [(item["kind"], points.get(item["id"])) for item in ITEMS if item["kind"] != G]

    assert sheet_total(pairs, bonus_cap=Decimal(12)) == sheet_totals(ITEMS, points, bonus_cap=Decimal(12)).total


def test_rank_ties_share_a_rank_and_are_marked():
    ranks = rank({"a": Decimal(90), "b": Decimal(95), "c": Decimal(90), "d": Decimal(80)})

    assert ranks == {"b": (1, False), "a": (2, True), "c": (2, True), "d": (4, False)}


def test_rank_empty_is_empty():
    assert rank({}) == {}


def test_classify_default_bands_excellent_good_completed_failed():
    bands, fail = default_bands(), "Không hoàn thành nhiệm vụ"
    maximum = Decimal(100)

    excellent = classify(Decimal(92), maximum, [Decimal(90), Decimal(86)], bands=bands, fail_label=fail)
    one_weak = classify(Decimal(92), maximum, [Decimal(90), Decimal(84)], bands=bands, fail_label=fail)
    completed = classify(Decimal(75), maximum, [Decimal(71)], bands=bands, fail_label=fail)
    failed = classify(Decimal("69.5"), maximum, [Decimal(100)], bands=bands, fail_label=fail)

    assert excellent == "Hoàn thành xuất sắc nhiệm vụ"
    assert one_weak == "Hoàn thành tốt nhiệm vụ"
    assert completed == "Hoàn thành nhiệm vụ"
    assert failed == fail


def test_percent_of_zero_maximum_is_none():
    assert percent(Decimal(5), Decimal(0)) is None
    assert percent(Decimal(5), Decimal(10)) == Decimal(50)


# --- Properties -------------------------------------------------------------------------

halves = st.integers(min_value=0, max_value=40).map(lambda n: Decimal(n) / 2)


@st.composite
def scored_schemes(draw):
    """Random flat schemes with points within each item's maximum."""
    kinds = draw(st.lists(st.sampled_from([C, B, D]), min_size=1, max_size=25))
    items, points = [], {}
    for index, kind in enumerate(kinds, start=1):
        maximum = draw(halves)
        items.append({"id": index, "parent_id": None, "kind": kind, "max_points": maximum})
        points[index] = draw(st.integers(min_value=0, max_value=int(maximum * 2)).map(lambda n: Decimal(n) / 2))
    return items, points, draw(halves)


@given(scored_schemes())
def test_property_total_within_bounds(case):
    items, points, cap = case
    totals = sheet_totals(items, points, bonus_cap=cap)
    content_max = sum((i["max_points"] for i in items if i["kind"] == C), Decimal(0))
    deductions_max = sum((i["max_points"] for i in items if i["kind"] == D), Decimal(0))

    assert -deductions_max <= totals.total <= content_max + cap
    assert totals.bonus <= cap
    assert totals.total == totals.content + totals.bonus - totals.deductions


@given(st.dictionaries(st.integers(), halves, max_size=30), st.randoms(use_true_random=False))
def test_property_rank_independent_of_input_order(totals, rnd):
    keys = list(totals)
    rnd.shuffle(keys)
    shuffled = {key: totals[key] for key in keys}

    assert rank(shuffled) == rank(totals)


@given(st.dictionaries(st.integers(), halves, min_size=1, max_size=30))
def test_property_rank_higher_total_never_ranks_below(totals):
    ranks = rank(totals)
    for a in totals:
        for b in totals:
            if totals[a] > totals[b]:
                assert ranks[a][0] < ranks[b][0]
            if totals[a] == totals[b]:
                assert ranks[a] == ranks[b]


@given(halves, st.lists(halves.map(lambda v: v * 5), max_size=10))
def test_property_better_scores_never_get_a_worse_band(total, ratios):
    bands, order = default_bands(), [b["label"] for b in default_bands()] + ["fail"]
    maximum = Decimal(20)
    lower = classify(total, maximum, ratios, bands=bands, fail_label="fail")
    higher = classify(total + 1, maximum, [r + 1 for r in ratios], bands=bands, fail_label="fail")

    assert order.index(higher) <= order.index(lower)


def test_weakest_percent_lowest_criterion_only():
    lines = [
        (SchemeItemKind.CRITERION, Decimal(9), Decimal(10)),
        (SchemeItemKind.CRITERION, Decimal(17), Decimal(20)),
        (SchemeItemKind.BONUS, Decimal(0), Decimal(5)),
        (SchemeItemKind.DEDUCTION, Decimal(8), Decimal(8)),
        (SchemeItemKind.CRITERION, None, Decimal(0)),
    ]

    assert weakest_percent(lines) == Decimal(85)
    assert weakest_percent([(SchemeItemKind.BONUS, Decimal(1), Decimal(5))]) is None


def test_weakest_percent_rounds_down_so_a_threshold_is_never_reached_by_rounding():
    assert weakest_percent([(SchemeItemKind.CRITERION, Decimal("84.99"), Decimal(100))]) < Decimal(85)
    assert weakest_percent([(SchemeItemKind.CRITERION, Decimal(1), Decimal(3))]) == Decimal("33.333333")


points_and_max = st.tuples(
    st.decimals(min_value=0, max_value=500, places=2), st.decimals(min_value=Decimal("0.5"), max_value=500, places=2)
).map(lambda pm: (min(pm[0], pm[1]), pm[1]))


@given(st.lists(points_and_max, min_size=1, max_size=30), st.decimals(min_value=50, max_value=100, places=2))
def test_property_weakest_percent_agrees_with_exact_comparison_against_any_threshold(lines, threshold):
    stored = weakest_percent([(SchemeItemKind.CRITERION, p, m) for p, m in lines])

    exact_reaches = all(p * 100 >= threshold * m for p, m in lines)
    assert (stored >= threshold) == exact_reaches
    assert Decimal(0) <= stored <= Decimal(100)


# --- Typed points and shown numbers ------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9,5", Decimal("9.5")),
        ("9.5", Decimal("9.5")),
        (" 10 ", Decimal(10)),
        ("0.500", Decimal("0.5")),
        ("12,25", Decimal("12.25")),
        ("1000", Decimal(1000)),
        ("", None),
        ("-0", Decimal(0)),
        ("-1", Decimal(-1)),
    ],
)
def test_parse_points_text_reads_decimal_comma_or_point(typed, expected):
    assert parse_points_text(typed) == expected


@pytest.mark.parametrize("typed", ["1.000", "1,000", "10.000", "1.000,5", "1,000.50", "1 000", "2.500"])
def test_parse_points_text_thousands_grouped_refused_with_how_to_type(typed):
    with translation.override("vi"), pytest.raises(PointsSyntaxError) as refused:
        parse_points_text(typed)

    assert typed in refused.value.message
    assert "7,5" in refused.value.message


@pytest.mark.parametrize("typed", ["abc", "1e3", "NaN", "Infinity", "7,5,5", "--1"])
def test_parse_points_text_not_a_number_refused(typed):
    with pytest.raises(PointsSyntaxError):
        parse_points_text(typed)


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("vi", Decimal("0.50"), "0,5"),
        ("vi", Decimal("1000.00"), "1.000"),
        ("vi", Decimal("1234.5"), "1.234,5"),
        ("vi", Decimal("-0.00"), "0"),
        ("en", Decimal("0.50"), "0.5"),
        ("en", Decimal("1000"), "1,000"),
    ],
)
def test_points_text_follows_the_page_language(language, value, expected):
    with translation.override(language):
        assert points_text(value) == expected


def test_validate_points_messages_show_vietnamese_numbers():
    with translation.override("vi"):
        step = validate_points(Decimal("7.3"), maximum=Decimal(1000), step=Decimal("0.5"))
        over = validate_points(Decimal(1001), maximum=Decimal(1000), step=Decimal("0.5"))

    assert "0,5" in step and "0.5" not in step
    assert "1.000" in over


def test_held_back_by_names_the_band_the_total_reaches():
    bands = default_bands()

    held = held_back_by(Decimal(92), Decimal(100), Decimal(70), bands=bands)

    assert held["label"] == "Hoàn thành xuất sắc nhiệm vụ"
    assert held_back_by(Decimal(92), Decimal(100), Decimal(85), bands=bands) is None
    assert held_back_by(Decimal(60), Decimal(100), Decimal(10), bands=bands) is None
    assert held_back_by(Decimal(92), Decimal(100), None, bands=bands) is None
