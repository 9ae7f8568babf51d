"""Reads of score sheets: chokepoints, and the plain-data contexts of the grid and the summary.

The grid and the summary are built from ``values()`` rows in a fixed number of queries,
whatever the number of units or criteria; their templates render plain dicts, so the
same template can be rendered from in-memory data (see the benchmark).
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.db.models import (
    Count,
    Exists,
    FilteredRelation,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.http import Http404
from django.utils.formats import get_format

from blocs.enums import MemberRole
from blocs.models import BlocYear, Membership, Unit
from blocs.selectors import name_on, roles_of, visible_blocs
from scoring.calculations import classify, held_back_by, rank, scheme_total, sheet_totals
from scoring.enums import STAGE_ORDER, SchemeItemKind, SheetStatus, Stage, VerifierMode
from scoring.models import Evidence, Scheme, SchemeItem, ScoreLine, ScoreSheet, ScoringSetting

ITEM_FIELDS = (
    "id",
    "parent_id",
    "kind",
    "code",
    "text",
    "max_points",
    "step",
    "evidence_required",
    "guidance",
    "depth",
)


def setting_of(bloc_year: BlocYear) -> ScoringSetting:
    """The bloc-year's scoring settings (defaults, unsaved, when none were stored); cached on the instance."""
    cached = getattr(bloc_year, "_scoring_setting_cache", None)
    if cached is None:
        try:
            cached = bloc_year.scoring_setting  # no query when the chokepoint joined it
        except ScoringSetting.DoesNotExist:
            cached = ScoringSetting(bloc_year=bloc_year)
        bloc_year._scoring_setting_cache = cached
    return cached


# --- Chokepoints -------------------------------------------------------------------


def _sheets_visible_to(user) -> QuerySet[ScoreSheet]:
    """Sheets the user may read (the same people as ``scoring.view_scoresheet``), so that a sheet the user
    may not read is a 404 like another unit's report: the admin's and the council's of their province,
    their own units', every sheet of a year their unit leads or cross-scores, the others' once released.
    Other units' self-score drafts never submitted are left out for everyone: they are the unit's alone.
    """
    roles = roles_of(user)
    private = Q(stage=Stage.SELF, submitted_at__isnull=True) & ~Q(unit_id__in=roles.unit_ids)
    sheets = ScoreSheet.objects.filter(bloc_year__bloc__in=visible_blocs(user)).exclude(private)
    if roles.is_admin:
        return sheets
    in_year = Membership.objects.filter(bloc_year=OuterRef("bloc_year"))
    officer_in_year = in_year.filter(unit_id__in=roles.officer_unit_ids)
    peers = Q(bloc_year__scoring_setting__verifier_mode=VerifierMode.PEERS)
    released = Q(bloc_year__scoring_setting__scores_released=True)
    return sheets.filter(
        Q(bloc_year__bloc__province_id__in=roles.council_province_ids)
        | Q(unit_id__in=roles.unit_ids)
        | Exists(officer_in_year.filter(role__in=[MemberRole.HEAD, MemberRole.DEPUTY]))
        | (peers & Exists(officer_in_year))
        | (released & Exists(in_year.filter(unit_id__in=roles.unit_ids)))
    )


def is_private_draft(sheet: ScoreSheet) -> bool:
    """A unit's self-score sheet that was never submitted: only the unit sees it, nobody else."""
    return sheet.stage == Stage.SELF and sheet.submitted_at is None


def get_sheet_for_user(user, pk: int) -> ScoreSheet:
    """The sheet, or 404 when it does not exist or the user may not read it (see ``_sheets_visible_to``).

    The caller still checks the permission of what it does with the sheet.
    """
    queryset = _sheets_visible_to(user).select_related(
        "unit", "bloc_year__bloc__province", "bloc_year__scheme", "bloc_year__scoring_setting"
    )
    return _first_or_404(queryset.filter(pk=pk))


def get_scoring_year_for_user(user, pk: int) -> BlocYear:
    """The bloc-year with its scheme and scoring settings, or 404 when the user may not see its bloc."""
    queryset = BlocYear.objects.filter(bloc__in=visible_blocs(user))
    return _first_or_404(queryset.select_related("bloc__province", "rule", "scheme", "scoring_setting").filter(pk=pk))


def get_line_for_user(user, sheet: ScoreSheet, pk: int) -> ScoreLine:
    """A line of ``sheet`` (already checked), or 404."""
    return _first_or_404(ScoreLine.objects.filter(sheet=sheet, pk=pk).select_related("item"))


def get_evidence_for_user(user, pk: int) -> Evidence:
    """The evidence file, or 404 when its bloc is invisible; the caller checks view on ``evidence.line.sheet``."""
    queryset = Evidence.objects.filter(line__sheet__in=_sheets_visible_to(user))
    return _first_or_404(queryset.select_related("line__sheet__bloc_year__bloc", "line__sheet__unit").filter(pk=pk))


def _first_or_404(queryset):
    obj = queryset.order_by("pk").first()  # not the models' display ordering: it joins and sorts for nothing
    if obj is None:
        raise Http404
    return obj


# --- Reads used by services and pages ------------------------------------------------


def scorable_items(scheme_id: int) -> list[dict]:
    """The scheme's items in document order as plain rows (one query)."""
    return list(SchemeItem.objects.filter(scheme_id=scheme_id).order_by("sort_key").values(*ITEM_FIELDS))


def sheet_of_stage(bloc_year: BlocYear, unit_id: int, stage: str) -> ScoreSheet | None:
    return ScoreSheet.objects.filter(bloc_year=bloc_year, unit_id=unit_id, stage=stage).first()


def previous_stage(setting: ScoringSetting, stage: str) -> str | None:
    stages = setting.stages()
    index = stages.index(stage)
    return stages[index - 1] if index else None


def next_stage(setting: ScoringSetting, stage: str) -> str | None:
    stages = setting.stages()
    index = stages.index(stage)
    return stages[index + 1] if index + 1 < len(stages) else None


def own_latest_sheet(user, bloc_year: BlocYear) -> ScoreSheet | None:
    """The latest-stage sheet of a unit the user acts for, in the year (None when there is none)."""
    sheets = list(ScoreSheet.objects.filter(bloc_year=bloc_year, unit_id__in=roles_of(user).unit_ids))
    return max(sheets, key=lambda s: STAGE_ORDER.index(s.stage), default=None)


def unit_sheets(bloc_year: BlocYear, unit_id: int) -> list[dict]:
    """The unit's sheets of the year in stage order, as {"pk", "stage", "label", "total"}."""
    rows = ScoreSheet.objects.filter(bloc_year=bloc_year, unit_id=unit_id).values("pk", "stage", "total")
    labels = dict(Stage.choices)
    sheets = [{**row, "label": labels[row["stage"]]} for row in rows]
    return sorted(sheets, key=lambda s: STAGE_ORDER.index(s["stage"]))


# --- The grid ------------------------------------------------------------------------


def grid_context(sheet: ScoreSheet) -> dict:
    """Everything the grid template needs, as plain data, in four queries whatever the scheme's size.

    ``rows``: one dict per scheme item in document order; scorable rows carry the line
    (id, points, version, note, reason, evidence count) and the unit's self-score;
    group rows carry their maximum and running subtotal. ``totals`` is a SheetTotals.
    """
    scheme = sheet.bloc_year.scheme
    items = scorable_items(scheme.pk)
    lines, self_rows = _line_rows(sheet)
    self_points = {item_id: row["points"] for item_id, row in self_rows.items()}
    points = {item_id: row["points"] for item_id, row in lines.items()}
    totals = sheet_totals(items, points, bonus_cap=scheme.bonus_cap)
    maxima = _maxima(items)
    text = number_formatter()
    rows = [_grid_row(item, lines.get(item["id"]), self_rows, totals, maxima, text) for item in items]
    evidence_sheet = next(iter(self_rows.values()))["sheet_id"] if self_rows else sheet.pk
    return {
        "sheet": sheet,
        "unit_name": year_name(sheet.unit, sheet.bloc_year.year),
        "rows": rows,
        "totals": totals,
        "maximum": scheme_total(items, bonus_cap=scheme.bonus_cap),
        "self_total": _self_total(items, self_points, scheme.bonus_cap) if self_rows else None,
        "shows_self": sheet.stage != Stage.SELF,
        # Evidence belongs to the unit's self-score lines; later stages show and link those.
        "evidence_sheet_id": evidence_sheet,
    }


def sheet_label(sheet: ScoreSheet, unit_name: str | None = None) -> str:
    """The sheet as "unit – stage – bloc-year", the unit under its name of the year (one query without unit_name)."""
    name = unit_name or year_name(sheet.unit, sheet.bloc_year.year)
    return f"{name} – {sheet.get_stage_display()} – {sheet.bloc_year}"


def _line_rows(sheet: ScoreSheet) -> tuple[dict[int, dict], dict[int, dict]]:
    """({item id: this sheet's line}, {item id: the unit's self-score line}) in one query."""
    stages = {sheet.stage, Stage.SELF}
    lines = ScoreLine.objects.filter(
        sheet__bloc_year_id=sheet.bloc_year_id, sheet__unit_id=sheet.unit_id, sheet__stage__in=stages
    ).annotate(evidence_count=Count("evidence"))
    fields = ("sheet_id", "id", "item_id", "points", "base_points", "note", "reason", "version", "evidence_count")
    own, self_rows = {}, {}
    for row in lines.values(*fields):
        (own if row["sheet_id"] == sheet.pk else self_rows)[row["item_id"]] = row
    return own, self_rows


def _self_total(items, self_points, bonus_cap) -> Decimal:
    return sheet_totals(items, self_points, bonus_cap=bonus_cap).total


def _maxima(items: list[dict]) -> dict[int, Decimal]:
    from scoring.calculations import group_maxima

    return group_maxima(items)


def number_formatter():
    """A fast formatter of points for the active language: 17.50 → "17,5" in Vietnamese; None → ""."""
    separator = get_format("DECIMAL_SEPARATOR")

    def text(value: Decimal | None) -> str:
        if value is None:
            return ""
        plain = f"{value:f}"
        if "." in plain:
            plain = plain.rstrip("0").rstrip(".")
        return plain.replace(".", separator)

    return text


def _grid_row(item: dict, line: dict | None, self_rows: dict, totals, maxima, text) -> dict:
    row = dict(item)
    if item["kind"] == SchemeItemKind.GROUP:
        row["is_group"] = True
        row["max_text"] = text(maxima.get(item["id"], Decimal(0)))
        row["subtotal_text"] = text(totals.groups.get(item["id"], Decimal(0)))
        return row
    row["is_group"] = False
    row["is_deduction"] = item["kind"] == SchemeItemKind.DEDUCTION
    row["max_text"] = text(item["max_points"])
    own = self_rows.get(item["id"])
    row["self_points"] = own["points"] if own else None
    row["self_text"] = text(row["self_points"]) or "—"
    row["evidence_line"] = own["id"] if own else (line["id"] if line else None)
    row["evidence_count"] = own["evidence_count"] if own else (line["evidence_count"] if line else 0)
    if line is not None:
        line["points_text"] = text(line["points"])
    row["line"] = line
    row["changed"] = bool(line) and line["base_points"] is not None and line["points"] != line["base_points"]
    return row


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
    cells: list = None  # [(sheet id, total, status label)] in stage order
    weakest_by_stage: dict = field(default_factory=dict)  # stage → weakest criterion % (stored)
    accepted_stages: set = field(default_factory=set)  # stages whose sheet has been accepted
    held_back: dict | None = None  # {"band", "code", "text", "percent", "needed"}: a weak criterion keeps it lower

    @property
    def verified(self) -> bool:
        return self.final_stage is not None


def summary_context(bloc_year: BlocYear) -> dict:
    """All member units side by side: each stage's total, final total, rank (ties marked) and band.

    Units carry the name they had in the year. A unit whose total reaches a better band than a
    weak criterion allows is told which criterion holds it back. A fixed number of queries
    whatever the number of units or criteria: members with their sheets, their names of the
    year (two), the scheme's maximum (none once frozen), the settings (none when the chokepoint
    joined them) and, only when some unit is held back, the criteria of those final sheets.
    """
    setting = setting_of(bloc_year)
    stages = setting.stages()
    rows = {}
    for member in _member_sheet_rows(bloc_year):
        row = rows.get(member["unit_id"])
        if row is None:
            row = rows[member["unit_id"]] = SummaryRow(member["unit_id"], member["unit__name"], {}, {}, {}, None, None)
        if member["s__id"] is not None:
            _add_sheet(row, {name.removeprefix("s__"): value for name, value in member.items()})
    names = year_names(rows, bloc_year.year)
    for row in rows.values():
        row.unit_name = names.get(row.unit_id, row.unit_name)
    _finish(rows.values(), stages)
    for row in rows.values():
        row.cells = [(row.sheet_ids.get(s), row.stage_totals.get(s), row.stage_status.get(s)) for s in stages]
    scheme = getattr(bloc_year, "scheme", None) if _has_scheme(bloc_year) else None
    maximum = scheme.max_total if scheme is not None and scheme.max_total is not None else _scheme_maximum(bloc_year)
    _classify(rows.values(), maximum, setting)
    ordered = sorted(rows.values(), key=lambda r: (r.rank is None, r.rank or 0, r.unit_name))
    status_labels = dict(SheetStatus.choices)
    return {
        "bloc_year": bloc_year,
        "setting": setting,
        "stages": [(stage, Stage(stage).label) for stage in stages],
        "rows": ordered,
        "maximum": maximum,
        "status_labels": status_labels,
        "has_ties": any(r.tied for r in ordered),
        "has_unverified": any(not r.verified for r in ordered),
        "has_held_back": any(r.held_back for r in ordered),
    }


def year_end(year: int) -> datetime.date:
    """The day whose unit names a page or document about ``year`` shows (as blocs' pages do)."""
    return datetime.date(year, 12, 31)


def year_names(unit_ids, year: int) -> dict[int, str]:
    """{unit id: the name the unit carried at the end of ``year``} in two queries."""
    units = Unit.objects.filter(pk__in=list(unit_ids)).only("id", "name").prefetch_related("names")
    day = year_end(year)
    return {unit.pk: name_on(unit, day) for unit in units}


def year_name(unit: Unit, year: int) -> str:
    """The name ``unit`` carried at the end of ``year`` (one query unless its names are prefetched)."""
    return name_on(unit, year_end(year))


def _member_sheet_rows(bloc_year: BlocYear):
    """One row per (current member, sheet of the year), or (member, None) for a unit without sheets."""
    sheets = FilteredRelation("unit__score_sheets", condition=Q(unit__score_sheets__bloc_year=bloc_year))
    members = bloc_year.memberships.filter(left_on__isnull=True).annotate(s=sheets)
    fields = (
        "unit_id",
        "unit__name",
        "s__id",
        "s__stage",
        "s__status",
        "s__total",
        "s__weakest_percent",
        "s__is_late",
        "s__submitted_at",
    )
    return members.values(*fields).order_by("unit__name", "s__id")


def _add_sheet(row: SummaryRow | None, sheet: dict) -> None:
    if row is None:
        return
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


def _finish(rows, stages) -> None:
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


def _has_scheme(bloc_year: BlocYear) -> bool:
    try:
        return bloc_year.scheme is not None
    except Scheme.DoesNotExist:
        return False


def _scheme_maximum(bloc_year: BlocYear) -> Decimal:
    """Content maximum + reachable bonus (capped), summed by the database."""
    sums = SchemeItem.objects.filter(scheme__bloc_year=bloc_year).aggregate(
        content=Sum("max_points", filter=Q(kind=SchemeItemKind.CRITERION)),
        bonus=Sum("max_points", filter=Q(kind=SchemeItemKind.BONUS)),
        cap=Max("scheme__bonus_cap"),
    )
    zero = Decimal(0)
    return (sums["content"] or zero) + min(sums["bonus"] or zero, sums["cap"] or zero)


def _classify(rows, maximum, setting) -> None:
    """Bands from each final sheet's total and its weakest criterion (% of its maximum, stored on the sheet)."""
    held = {}
    for row in rows:
        if row.final_stage:
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
    lines = ScoreLine.objects.filter(
        sheet_id__in=list(held), item__kind=SchemeItemKind.CRITERION, item__max_points__gt=0
    )
    weakest = {}
    for sheet_id, code, text, points, maximum, sort_key in lines.values_list(
        "sheet_id", "item__code", "item__text", "points", "item__max_points", "item__sort_key"
    ):
        ratio = (points or Decimal(0)) * 100 / maximum
        if sheet_id not in weakest or (ratio, sort_key) < weakest[sheet_id][:2]:
            weakest[sheet_id] = (ratio, sort_key, code, text)
    for sheet_id, (row, band) in held.items():
        if sheet_id in weakest:
            ratio, _key, code, text = weakest[sheet_id]
            needed = Decimal(str(band["min_item"]))
            shown = ratio.quantize(Decimal("0.01"), rounding=ROUND_DOWN)  # 84.999 % must not read as 85 %
            row.held_back = {"band": band["label"], "code": code, "text": text, "percent": shown, "needed": needed}
