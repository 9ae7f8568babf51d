"""Page assembly of score sheets: the selectors' plain rows → what the grid, the summary and their files show.

Each page's view calls one function here. The grid and the summary are plain dicts and
dataclasses, so their templates can be rendered from in-memory data (see the benchmark).
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.formats import get_format

from blocs.models import BlocYear
from core.models import User
from core.selectors import history_for
from core.services import issued_document_of
from scoring.calculations import (
    SheetTotals,
    bonus_total,
    classify,
    content_total,
    group_maxima,
    held_back_by,
    plain_number,
    rank,
    scheme_total,
    sheet_totals,
)
from scoring.enums import SUMMARY_KIND, SchemeItemKind, SheetAction, SheetStatus, Stage
from scoring.forms.sheets import ReturnForm
from scoring.models import ScoreLine, ScoreSheet
from scoring.selectors import schemes as scheme_selectors
from scoring.selectors.sheets import (
    criterion_rows,
    evidence_of,
    line_points,
    line_rows,
    member_sheet_rows,
    scorable_items,
    setting_of,
    sheet_label,
    unit_sheets,
    year_maximum,
    year_name,
    year_names,
)
from scoring.transitions import SHEET

Viewer = User | AnonymousUser
Formatter = Callable[[Decimal | None], str]


def number_formatter() -> Formatter:
    """Points as the grid shows them in the active language: 17.50 → "17,5" in Vietnamese; None → ""."""
    separator = get_format("DECIMAL_SEPARATOR")

    def text(value: Decimal | None) -> str:
        return "" if value is None else plain_number(value, separator)

    return text


# --- The grid ------------------------------------------------------------------------


def sheet_grid_page(user: Viewer, sheet: ScoreSheet) -> dict:
    """The grid page: the grid, the moves the user may make, the links, the unit's other stages."""
    context = grid_context(sheet)
    context.update(sheet_actions(user, sheet))
    context["save_url"] = reverse("scoring:line_save", args=[sheet.pk])
    evidence = reverse("scoring:line_evidence", args=[context["evidence_sheet_id"], 0])
    context["evidence_base"] = evidence.removesuffix("0/evidence/")
    context["stages"] = unit_sheets(sheet.bloc_year, sheet.unit_id)
    context["sees_summary"] = user.has_perm("scoring.view_score_summary", sheet.bloc_year)
    return context


def grid_context(sheet: ScoreSheet) -> dict:
    """Everything the grid template needs, as plain data, in four queries whatever the scheme's size.

    ``rows``: one dict per scheme item in document order; scorable rows carry the line
    (id, points, version, note, reason, evidence count) and the unit's self-score;
    group rows carry their maximum and running subtotal. ``totals`` is a SheetTotals.
    """
    scheme = sheet.bloc_year.scheme
    items = scorable_items(scheme.pk)
    lines, self_rows = line_rows(sheet)
    totals = sheet_totals(items, {item_id: row["points"] for item_id, row in lines.items()}, bonus_cap=scheme.bonus_cap)
    self_total = None
    if self_rows:
        self_points = {item_id: row["points"] for item_id, row in self_rows.items()}
        self_total = sheet_totals(items, self_points, bonus_cap=scheme.bonus_cap).total
    return {
        "sheet": sheet,
        "unit_name": year_name(sheet.unit, sheet.bloc_year.year),
        "rows": _grid_rows(items, lines, self_rows, totals),
        "totals": totals,
        "maximum": scheme_total(items, bonus_cap=scheme.bonus_cap),
        "self_total": self_total,
        "shows_self": sheet.stage != Stage.SELF,
        # Evidence belongs to the unit's self-score lines; later stages show and link those.
        "evidence_sheet_id": next(iter(self_rows.values()))["sheet_id"] if self_rows else sheet.pk,
    }


def _grid_rows(items: list[dict], lines: dict[int, dict], self_rows: dict[int, dict], totals: SheetTotals) -> list:
    """The items' rows, filled in place (each item dict is fresh from its query): one pass, no copies."""
    text = number_formatter()
    maxima = group_maxima(items)
    zero = Decimal(0)
    for row in items:
        if row["kind"] == SchemeItemKind.GROUP:
            row["is_group"] = True
            row["max_text"] = text(maxima.get(row["id"], zero))
            row["subtotal_text"] = text(totals.groups.get(row["id"], zero))
        else:
            _fill_line_row(row, lines.get(row["id"]), self_rows.get(row["id"]), text)
    return items


def _fill_line_row(row: dict, line: dict | None, own: dict | None, text: Formatter) -> None:
    row["is_group"] = False
    row["is_deduction"] = row["kind"] == SchemeItemKind.DEDUCTION
    row["max_text"] = text(row["max_points"])
    row["self_points"] = own["points"] if own else None
    row["self_text"] = text(row["self_points"]) or "—"
    shown = own or line  # the self-score line holds the evidence; else the line itself
    row["evidence_line"] = shown["id"] if shown else None
    row["evidence_count"] = shown["evidence_count"] if shown else 0
    if line is not None:
        line["points_text"] = text(line["points"])
    row["line"] = line
    row["changed"] = line is not None and line["base_points"] is not None and line["points"] != line["base_points"]


def sheet_actions(user: Viewer, sheet: ScoreSheet) -> dict:
    """The moves of ``SHEET`` the sheet's state allows and the user may make, as (action, label) buttons."""
    can_edit = user.has_perm("scoring.change_scoresheet", sheet)
    held: dict[str, bool] = {}
    actions = []
    for action, move in SHEET.moves.items():
        if SHEET.can_start(sheet, action):
            if move.permission not in held:
                held[move.permission] = user.has_perm(move.permission, sheet)
            if held[move.permission]:
                actions.append((action, SheetAction(action).label))
    can_review = any(action != SheetAction.SUBMIT for action, _label in actions)
    return {"can_edit": can_edit, "actions": actions, "return_form": ReturnForm() if can_review else None}


def line_saved(
    sheet: ScoreSheet, line: ScoreLine | None, *, state: str, message: str, typed: str | None = None, line_id=None
) -> dict:
    """The answer to a line's save: its state and message, and after a save the new totals and group subtotals."""
    context = {"state": state, "message": message, "line": line, "line_id": line.pk if line else line_id}
    if state == "conflict" and line is not None:
        context["current_text"] = number_formatter()(line.points)
    if typed is not None:
        context["typed_points"] = typed
    if state == "saved":
        context.update(_totals(sheet))
    return context


def _totals(sheet: ScoreSheet) -> dict:
    scheme = sheet.bloc_year.scheme
    totals = sheet_totals(scorable_items(scheme.pk), line_points(sheet), bonus_cap=scheme.bonus_cap)
    text = number_formatter()
    groups = [{"id": group_id, "text": text(value)} for group_id, value in totals.groups.items()]
    return {"totals": totals, "groups": groups}


def evidence_page(sheet: ScoreSheet, line: ScoreLine, *, form: object, can_edit: bool) -> dict:
    """A line's evidence files, with the upload form when the user may add one."""
    files = evidence_of(line)
    return {
        "sheet": sheet,
        "line": line,
        "files": files,
        "form": form,
        "can_edit": can_edit,
        "sheet_label": sheet_label(sheet),
    }


# --- The summary ---------------------------------------------------------------------


@dataclass
class SummaryRow:
    unit_id: int
    unit_name: str
    stage_totals: dict  # stage → total (Decimal) or None
    stage_status: dict  # stage → status label
    sheet_ids: dict  # stage → sheet id
    final_stage: str | None
    final_total: Decimal | None
    rank: int | None = None
    tied: bool = False
    band: str = ""
    is_late: bool = False
    cells: list = field(default_factory=list)  # [(sheet id, total, status label, stage label)] in stage order
    weakest_by_stage: dict = field(default_factory=dict)  # stage → weakest criterion % (stored)
    accepted_stages: set = field(default_factory=set)  # stages whose sheet has been accepted
    held_back: dict | None = None  # {"band", "code", "text", "percent", "needed"}: a weak criterion keeps it lower

    @property
    def verified(self) -> bool:
        return self.final_stage is not None


def summary_page(user: Viewer, bloc_year) -> dict:
    """The summary page: the summary, what the user may do with it, and the issued document if any."""
    context = summary_context(bloc_year)
    context["sheet_base"] = reverse("scoring:sheet_grid", args=[0]).removesuffix("0/")
    context["manages"] = user.has_perm("scoring.change_scoringsetting", bloc_year)
    context["may_issue"] = user.has_perm("scoring.issue_score_summary", bloc_year)
    context["issued"] = issued_document_of(bloc_year, kind=SUMMARY_KIND)
    return context


def summary_context(bloc_year) -> dict:
    """All member units side by side: each stage's total, final total, rank (ties marked) and band.

    Units carry the name they had in the year. A unit whose total reaches a better band than a
    weak criterion allows is told which criterion holds it back. A fixed number of queries
    whatever the number of units or criteria: members with their sheets, their names of the
    year (two), the scheme's maximum (none once frozen), the settings (none when the chokepoint
    joined them) and, only when some unit is held back, the criteria of those final sheets.
    """
    setting = setting_of(bloc_year)
    stages = setting.stages()
    ordered = ranked_rows(bloc_year, stages=stages)
    for row in ordered:
        row.cells = [
            (row.sheet_ids.get(s), row.stage_totals.get(s), row.stage_status.get(s), Stage(s).label) for s in stages
        ]
    maximum = year_maximum(bloc_year)
    _classify(ordered, maximum, setting)
    return {
        "bloc_year": bloc_year,
        "setting": setting,
        "stages": [(stage, Stage(stage).label) for stage in stages],
        "rows": ordered,
        "maximum": maximum,
        "status_labels": dict(SheetStatus.choices),
        "has_ties": any(r.tied for r in ordered),
        "has_unverified": any(not r.verified for r in ordered),
        "has_held_back": any(r.held_back for r in ordered),
    }


def ranked_rows(bloc_year, *, stages: Sequence[str] | None = None) -> list[SummaryRow]:
    """Each current member's stage totals, final total and rank (ties marked), ranked first, then by name.

    The summary without its bands and their explanations: what the meeting's minutes and the
    candidates' ranks read. ``stages`` as the year's setting lists them (read when not given).
    """
    rows = _summary_rows(bloc_year)
    _finish(rows, setting_of(bloc_year).stages() if stages is None else stages)
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.unit_name))


def _summary_rows(bloc_year) -> list[SummaryRow]:
    """One row per current member with its sheets of the year, under the unit's name of the year."""
    rows: dict[int, SummaryRow] = {}
    for member in member_sheet_rows(bloc_year):
        row = rows.get(member["unit_id"])
        if row is None:
            row = rows[member["unit_id"]] = SummaryRow(member["unit_id"], member["unit__name"], {}, {}, {}, None, None)
        if member["s__id"] is not None:
            _add_sheet(row, {name.removeprefix("s__"): value for name, value in member.items()})
    names = year_names(rows, bloc_year.year)
    for row in rows.values():
        row.unit_name = names.get(row.unit_id, row.unit_name)
    return list(rows.values())


def _add_sheet(row: SummaryRow, sheet: dict) -> None:
    stage = sheet["stage"]
    if stage == Stage.SELF and sheet["submitted_at"] is None:
        # A draft never submitted is the unit's alone: the summary says "draft", never its numbers.
        row.stage_status[stage] = SheetStatus(sheet["status"]).label
        return
    row.stage_totals[stage] = sheet["total"]
    row.stage_status[stage] = SheetStatus(sheet["status"]).label
    row.sheet_ids[stage] = sheet["id"]
    row.weakest_by_stage[stage] = sheet["weakest_percent"]
    if sheet["status"] == SheetStatus.ACCEPTED:
        row.accepted_stages.add(stage)
    row.is_late = row.is_late or (stage == Stage.SELF and sheet["is_late"])


def _finish(rows: list[SummaryRow], stages: Sequence[str]) -> None:
    """Final = the latest accepted stage after the self-score (DOMAIN §5: never the self-score).

    A sheet still in draft, submitted or returned is not a verified score: a unit without an
    accepted later stage has no final total, no rank and no band ("not yet verified").
    """
    for row in rows:
        accepted = [stage for stage in stages if stage != Stage.SELF and stage in row.accepted_stages]
        if accepted:
            row.final_stage = accepted[-1]
            row.final_total = row.stage_totals[accepted[-1]]
    ranks = rank({row.unit_id: row.final_total for row in rows if row.final_total is not None})
    for row in rows:
        row.rank, row.tied = ranks.get(row.unit_id, (None, False))


def _classify(rows: list[SummaryRow], maximum: Decimal, setting) -> None:
    """Bands from each final sheet's total and its weakest criterion (% of its maximum, stored on the sheet)."""
    held = {}
    for row in rows:
        if row.final_stage and row.final_total is not None:
            weakest = row.weakest_by_stage.get(row.final_stage)
            ratios = [] if weakest is None else [weakest]
            row.band = classify(row.final_total, maximum, ratios, bands=setting.bands, fail_label=setting.fail_label)
            band = held_back_by(row.final_total, maximum, weakest, bands=setting.bands)
            if band is not None:
                held[row.sheet_ids[row.final_stage]] = (row, band)
    if held:
        _explain_held_back(held)


def _explain_held_back(held: dict) -> None:
    """Name the weakest criterion of each held-back final sheet: one query over those sheets' criteria."""
    weakest = _weakest_criteria(criterion_rows(held))
    for sheet_id, (row, band) in held.items():
        if sheet_id in weakest:
            ratio, _key, code, text = weakest[sheet_id]
            needed = Decimal(str(band["min_item"]))
            shown = ratio.quantize(Decimal("0.01"), rounding=ROUND_DOWN)  # 84.999 % must not read as 85 %
            row.held_back = {"band": band["label"], "code": code, "text": text, "percent": shown, "needed": needed}


def _weakest_criteria(rows: Iterable[tuple]) -> dict[int, tuple]:
    """{sheet id: (percent of its maximum, sort key, code, text)} of each sheet's weakest criterion.

    On a tie the first criterion in document order is named."""
    weakest: dict[int, tuple] = {}
    for sheet_id, code, text, points, maximum, sort_key in rows:
        ratio = (points or Decimal(0)) * 100 / maximum
        if sheet_id not in weakest or (ratio, sort_key) < weakest[sheet_id][:2]:
            weakest[sheet_id] = (ratio, sort_key, code, text)
    return weakest


# --- The scheme page ---------------------------------------------------------------------------


def scheme_page(bloc_year: BlocYear) -> dict[str, Any]:
    """The scheme of the year in document order, each group with the maximum its children give, and its totals."""
    scheme = scheme_selectors.scheme_of(bloc_year)
    rows = scheme_selectors.scheme_rows(scheme) if scheme else []
    maxima = group_maxima(rows)
    for row in rows:
        row["maximum"] = maxima.get(row["id"], row["max_points"])
    return {
        "bloc_year": bloc_year,
        "scheme": scheme,
        "rows": rows,
        "content_total": content_total(rows),
        "bonus_total": bonus_total(rows, bonus_cap=scheme.bonus_cap) if scheme else None,
        "total": scheme_total(rows, bonus_cap=scheme.bonus_cap) if scheme else None,
        "history": history_for(scheme, limit=20) if scheme else [],
    }
