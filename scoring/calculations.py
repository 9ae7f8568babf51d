"""Pure scoring formulas: no ORM, Decimal only.

Shared by two areas: keep each area's part in its own section.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from scoring.enums import SchemeItemKind

Item = Any  # a scheme item: a values() row (dict) or an object with the same attributes
Band = dict[str, Any]  # {"label", "min_total", "min_item"}, percentages as text or numbers

# --- Schemes ------------------------------------------------------------------

ZERO = Decimal(0)
SORT_KEY_WIDTH = 4


def _get(item: Item, name: str) -> Any:
    # Rows are usually dicts from values(); the isinstance(…, Mapping) check cost more than the lookup.
    if type(item) is dict:
        return item[name]
    return item[name] if isinstance(item, Mapping) else getattr(item, name)


def group_maxima(items: Iterable[Item]) -> dict[int, Decimal]:
    """Each group's maximum: the sum of its children's maxima (criteria, bonus items, sub-groups).

    ``items`` are mappings or objects with ``id``, ``parent_id``, ``kind`` and ``max_points``.
    Deductions add nothing to a maximum.
    """
    items = list(items)
    children: defaultdict[int | None, list[Item]] = defaultdict(list)
    for item in items:
        children[_get(item, "parent_id")].append(item)
    maxima: dict[int, Decimal] = {}

    def maximum(item: Item) -> Decimal:
        kind = _get(item, "kind")
        if kind == SchemeItemKind.DEDUCTION:
            return ZERO
        if kind != SchemeItemKind.GROUP:
            points: Decimal = _get(item, "max_points")
            return points
        total = sum((maximum(child) for child in children[_get(item, "id")]), ZERO)
        maxima[_get(item, "id")] = total
        return total

    for item in children[None]:
        maximum(item)
    return maxima


def content_total(items: Iterable[Item]) -> Decimal:
    """The sum of the criteria maxima (bonus and deduction items excluded)."""
    return sum((_get(i, "max_points") for i in items if _get(i, "kind") == SchemeItemKind.CRITERION), ZERO)


def bonus_total(items: Iterable[Item], *, bonus_cap: Decimal | None = None) -> Decimal:
    """The bonus a unit can reach: the bonus items' sum, capped by the scheme's ``bonus_cap`` when given."""
    total = sum((_get(i, "max_points") for i in items if _get(i, "kind") == SchemeItemKind.BONUS), ZERO)
    return total if bonus_cap is None else min(total, bonus_cap)


def scheme_total(items: Iterable[Item], *, bonus_cap: Decimal | None = None) -> Decimal:
    """The scheme's maximum: content maximum plus reachable bonus (capped); deductions do not add."""
    items = list(items)
    return content_total(items) + bonus_total(items, bonus_cap=bonus_cap)


def validate_points(value: Decimal, *, maximum: Decimal, step: Decimal) -> str | None:
    """Why ``value`` cannot be entered on a line with this maximum and step, or None when it can.

    Only a finite ``Decimal`` is accepted; 0 ≤ value ≤ maximum and value is a multiple of ``step``.
    """
    if not isinstance(value, Decimal) or not value.is_finite():
        return enter_a_number()
    if value < 0:
        return _("Points cannot be negative.")
    if value > maximum:
        return _("At most %(maximum)s points.") % {"maximum": points_text(maximum)}
    try:
        off_step = value % step != 0
    except InvalidOperation:
        off_step = True
    if off_step:
        return _("Points go in steps of %(step)s.") % {"step": points_text(step)}
    return None


def plain_number(value: Decimal, separator: str = ".") -> str:
    """7.50 → "7.5", 10.00 → "10": no trailing zeros, no grouping, ``separator`` before the decimals.

    The one decimal-to-text conversion: ``points_text`` groups its result, the grid shows it as is.
    """
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if separator == "." else text.replace(".", separator)


def points_text(value: Decimal) -> str:
    """A number as the pages show it in the active language: 0,5 · 17,5 · 1.000 · 0 (never −0)."""
    if not value:
        return "0"
    return number_format(Decimal(plain_number(value)), use_l10n=True, force_grouping=True)


def enter_a_number() -> str:
    return _("Enter a number, for example %(example)s.") % {"example": points_text(Decimal("7.5"))}


class PointsSyntaxError(ValueError):
    """Typed points that cannot be read as a number; ``message`` says how to type them."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


_PLAIN_NUMBER = re.compile(r"[-−]?(\d+)(?:[.,](\d+))?")
# One to three digits, then groups of three after a dot, comma or space: "1.000", "12,500", "1 000,5".
_GROUPED_NUMBER = re.compile(r"[-−]?[1-9]\d{0,2}(?:[., \u00a0\u202f]\d{3})+(?:[.,]\d+)?")


def parse_points_text(text: str) -> Decimal | None:
    """Points typed by a person: "9,5" and "9.5" are nine and a half; blank is None.

    Vietnamese writes "1.000" for a thousand and English "1,000": a value that reads as
    digits grouped by thousands is ambiguous, so it is refused (PointsSyntaxError) with a
    message saying how to type it, rather than read as 1,00.
    """
    text = text.strip()
    if not text:
        return None
    plain = _PLAIN_NUMBER.fullmatch(text)
    grouped = _GROUPED_NUMBER.fullmatch(text)
    if plain and not (grouped and len(plain.group(2) or "") == 3 and plain.group(1)[0] != "0"):
        number = Decimal(text.replace("−", "-").replace(",", "."))
        return number if number else abs(number)  # "-0" is 0
    if grouped:
        raise PointsSyntaxError(
            _(
                "“%(value)s” reads as a number with a thousands separator. Type it without grouping "
                "digits, with one decimal separator, for example %(example)s or %(thousand)s."
            )
            % {"value": text, "example": points_text(Decimal("7.5")), "thousand": "1000"}
        )
    raise PointsSyntaxError(enter_a_number())


def sort_key_for(positions: Iterable[int]) -> str:
    """The text key that orders an item by its positions from the root: (1, 12) → "0001.0012"."""
    return ".".join(f"{position:0{SORT_KEY_WIDTH}d}" for position in positions)


def tree_layout(nodes: Iterable[tuple[int, int | None, int]]) -> dict[int, tuple[int, str, int]]:
    """Number a tree given as (id, parent_id, position) rows: {id: (position, sort_key, depth)}.

    Siblings keep their relative order (by position, then id) and are renumbered 1, 2, 3…
    A node whose parent is not among the rows is treated as a root.
    """
    nodes = list(nodes)
    known = {node_id for node_id, _parent, _position in nodes}
    children: defaultdict[int | None, list[tuple[int, int]]] = defaultdict(list)
    for node_id, parent_id, position in nodes:
        children[parent_id if parent_id in known else None].append((position, node_id))
    layout: dict[int, tuple[int, str, int]] = {}
    stack: list[tuple[int | None, tuple[int, ...]]] = [(None, ())]
    while stack:
        parent_id, path = stack.pop()
        for index, (_position, node_id) in enumerate(sorted(children[parent_id]), start=1):
            layout[node_id] = (index, sort_key_for((*path, index)), len(path))
            stack.append((node_id, (*path, index)))
    return layout


MAX_STEP = Decimal("99.99")


def item_errors(*, kind: str, max_points: Decimal, step: Decimal, deduction_fixed: bool) -> dict[str, str]:
    """Why a scheme item with these values cannot be saved, by field name; empty when it can."""
    errors = {}
    if max_points < 0:
        errors["max_points"] = _("The maximum cannot be negative.")
    if not ZERO < step <= MAX_STEP:
        errors["step"] = _("The step must be greater than 0 and at most %(max)s.") % {"max": points_text(MAX_STEP)}
    if kind == SchemeItemKind.GROUP and max_points != 0:
        errors["max_points"] = _("A group's maximum is the sum of its items: leave it at 0.")
    if deduction_fixed and kind != SchemeItemKind.DEDUCTION:
        errors["deduction_fixed"] = _("Only a deduction item can be fixed.")
    elif deduction_fixed and not ZERO < max_points <= MAX_STEP:
        errors["max_points"] = _("A fixed deduction needs an amount greater than 0 and at most %(max)s.") % {
            "max": points_text(MAX_STEP)
        }
    elif kind != SchemeItemKind.GROUP and not deduction_fixed and "step" not in errors and max_points % step:
        errors["max_points"] = _("The maximum must be a multiple of the step (%(step)s).") % {"step": points_text(step)}
    return errors


# --- end of schemes -------------------------------------------------------------

# --- Score sheets -----------------------------------------------------------------


class SheetTotals:
    """The totals of one sheet: content, bonus (raw and capped), deductions, grand total, group subtotals."""

    __slots__ = ("bonus", "bonus_raw", "content", "deductions", "groups", "total")

    def __init__(
        self, content: Decimal, bonus_raw: Decimal, bonus: Decimal, deductions: Decimal, groups: dict[int, Decimal]
    ) -> None:
        self.content, self.bonus_raw, self.bonus, self.deductions = content, bonus_raw, bonus, deductions
        self.groups = groups
        self.total = content + bonus - deductions


def sheet_totals(items: Iterable[Item], points: Mapping[int, Decimal | None], *, bonus_cap: Decimal) -> SheetTotals:
    """Add up a sheet: criteria, bonus capped at ``bonus_cap``, deductions subtracted.

    ``items`` are the scheme's items (mappings or objects with ``id``, ``parent_id``,
    ``kind``), ``points`` the entered points by item id (None = not scored yet, counts 0).
    A group's subtotal is the signed sum of the scored items below it (bonus uncapped).
    """
    items = list(items)
    parents = {_get(i, "id"): _get(i, "parent_id") for i in items}
    sums = {SchemeItemKind.CRITERION: ZERO, SchemeItemKind.BONUS: ZERO, SchemeItemKind.DEDUCTION: ZERO}
    groups = {_get(i, "id"): ZERO for i in items if _get(i, "kind") == SchemeItemKind.GROUP}
    for item in items:
        kind, value = _get(item, "kind"), points.get(_get(item, "id")) or ZERO
        if kind == SchemeItemKind.GROUP or not value:
            continue
        sums[kind] += value
        signed = -value if kind == SchemeItemKind.DEDUCTION else value
        parent = parents.get(_get(item, "id"))
        while parent is not None:
            groups[parent] += signed
            parent = parents.get(parent)
    bonus_raw = sums[SchemeItemKind.BONUS]
    return SheetTotals(
        sums[SchemeItemKind.CRITERION], bonus_raw, min(bonus_raw, bonus_cap), sums[SchemeItemKind.DEDUCTION], groups
    )


def sheet_total(lines: Iterable[tuple[str, Decimal | None]], *, bonus_cap: Decimal) -> Decimal:
    """The grand total from (kind, points) pairs: criteria + min(bonus, cap) − deductions."""
    sums: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)
    for kind, value in lines:
        sums[kind] += value or ZERO
    bonus = min(sums[SchemeItemKind.BONUS], bonus_cap)
    return sums[SchemeItemKind.CRITERION] + bonus - sums[SchemeItemKind.DEDUCTION]


WEAKEST_PLACES = Decimal("0.000001")


def weakest_percent(lines: Iterable[tuple[str, Decimal | None, Decimal]]) -> Decimal | None:
    """The lowest criterion score as a % of its maximum, from (kind, points, maximum); None without criteria.

    Rounded down to six places: points and maxima have two decimals, so two different
    ratios differ by far more than that, and a band threshold is never crossed by rounding.
    """
    ratios = [
        (points or ZERO) * 100 / maximum
        for kind, points, maximum in lines
        if kind == SchemeItemKind.CRITERION and maximum
    ]
    return min(ratios).quantize(WEAKEST_PLACES, rounding=ROUND_FLOOR) if ratios else None


def rank(totals: Mapping[int, Decimal]) -> dict[int, tuple[int, bool]]:
    """Rank keys by total, high to low (1, 2, 2, 4 …): {key: (rank, tied)}. Ties go to a vote."""
    ordered = sorted(totals.values(), reverse=True)
    first_position: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_position.setdefault(value, position)
    counts: defaultdict[Decimal, int] = defaultdict(int)
    for value in ordered:
        counts[value] += 1
    return {key: (first_position[value], counts[value] > 1) for key, value in totals.items()}


def percent(value: Decimal, maximum: Decimal) -> Decimal | None:
    """``value`` as a percentage of ``maximum`` (None when the maximum is 0)."""
    return value * 100 / maximum if maximum else None


def classify(
    total: Decimal, maximum: Decimal, item_ratios: Iterable[Decimal], *, bands: list[Band], fail_label: str
) -> str:
    """The first band whose total % and least criterion % the unit reaches; ``fail_label`` otherwise.

    ``item_ratios`` are each criterion's points as a % of its maximum; ``bands`` are
    {"label", "min_total", "min_item"} with percentages as text or numbers, best band first.
    """
    total_percent = percent(total, maximum) or ZERO
    least_item = min(item_ratios, default=Decimal(100))
    for band in bands:
        if total_percent >= Decimal(str(band["min_total"])) and least_item >= Decimal(str(band["min_item"])):
            return str(band["label"])
    return fail_label


def band_by_total(total: Decimal, maximum: Decimal, *, bands: list[Band]) -> Band | None:
    """The best band the total alone reaches (criteria ignored), or None below every band."""
    total_percent = percent(total, maximum) or ZERO
    return next((band for band in bands if total_percent >= Decimal(str(band["min_total"]))), None)


def held_back_by(total: Decimal, maximum: Decimal, weakest: Decimal | None, *, bands: list[Band]) -> Band | None:
    """The band the total reaches but the weakest criterion (% of its maximum) keeps out of, or None.

    Returns that band ({"label", "min_total", "min_item"}) when ``weakest`` is below its ``min_item``.
    """
    band = band_by_total(total, maximum, bands=bands)
    if band is None or weakest is None or weakest >= Decimal(str(band["min_item"])):
        return None
    return band


# --- end of score sheets ----------------------------------------------------------
