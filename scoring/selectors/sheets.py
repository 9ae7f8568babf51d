"""Reads of score sheets: the chokepoints, and the plain rows the grid and the summary are built from.

The rows are ``values()`` rows read in a fixed number of queries whatever the number of units or
criteria; ``scoring.presenters`` turns them into what the templates show.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Count,
    FilteredRelation,
    Max,
    Q,
    QuerySet,
    Sum,
)
from django.http import Http404

from blocs.enums import MemberRole
from blocs.models import BlocYear, Membership, Unit
from blocs.selectors import leadership_of, name_on, roles_of, visible_blocs
from core.models import User
from core.selectors import get_or_404
from scoring.enums import STAGE_ORDER, SchemeItemKind, Stage, VerifierMode
from scoring.models import Evidence, Scheme, SchemeItem, ScoreLine, ScoreSheet, ScoringSetting

Viewer = User | AnonymousUser
Row = dict[str, Any]  # a values() row

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
    cached: ScoringSetting | None = getattr(bloc_year, "_scoring_setting_cache", None)
    if cached is None:
        try:
            cached = bloc_year.scoring_setting  # no query when the chokepoint joined it
        except ScoringSetting.DoesNotExist:
            cached = ScoringSetting(bloc_year=bloc_year)
        bloc_year.__dict__["_scoring_setting_cache"] = cached  # an attribute Django does not declare
    return cached


# --- Chokepoints -------------------------------------------------------------------


def _may_read(user: Viewer, sheet: ScoreSheet) -> bool:
    """Whether the user may read the sheet (the same people as ``scoring.view_scoresheet``), so that a sheet
    the user may not read is a 404 like another unit's report: the admin's and the council's of their
    province, their own units', every sheet of a year their unit leads or cross-scores, the others' once
    released. Other units' self-score drafts never submitted are hidden from everyone: they are the unit's.

    Decided on the loaded sheet (its bloc-year, bloc and settings joined) with one small query, the
    memberships of the user's units in the sheet's year: a queryset filter spelling the same rule costs
    the grid page more to build and to plan than the rest of its reads together.
    """
    roles = roles_of(user)
    own = sheet.unit_id in roles.unit_ids
    if is_private_draft(sheet) and not own:
        return False
    if roles.is_admin or sheet.bloc_year.bloc.province_id in roles.council_province_ids:
        return True
    leadership = leadership_of(sheet.bloc_year)  # kept on the bloc-year: the permission checks read it too
    if roles.officer_unit_ids & {leadership.head_unit_id, *leadership.deputy_unit_ids}:
        return True
    in_year = dict(
        Membership.objects.filter(bloc_year_id=sheet.bloc_year_id, unit_id__in=roles.unit_ids).values_list(
            "unit_id", "role"
        )
    )
    if not in_year:  # only their own unit's sheet, and only in a bloc one of their units belongs to
        return own and _member_of_bloc(roles.unit_ids, sheet.bloc_year.bloc_id)
    officer_roles = {role for unit_id, role in in_year.items() if unit_id in roles.officer_unit_ids}
    setting = setting_of(sheet.bloc_year)
    return (
        own
        or bool(officer_roles & {MemberRole.HEAD, MemberRole.DEPUTY})
        or (setting.verifier_mode == VerifierMode.PEERS and bool(officer_roles))
        or setting.scores_released
    )


def _member_of_bloc(unit_ids: Iterable[int], bloc_id: int) -> bool:
    return Membership.objects.filter(bloc_year__bloc_id=bloc_id, unit_id__in=unit_ids).exists()


def is_private_draft(sheet: ScoreSheet) -> bool:
    """A unit's self-score sheet that was never submitted: only the unit sees it, nobody else."""
    return sheet.stage == Stage.SELF and sheet.submitted_at is None


def get_sheet_for_user(user: Viewer, pk: int) -> ScoreSheet:
    """The sheet, or 404 when it does not exist or the user may not read it (see ``_may_read``).

    The caller still checks the permission of what it does with the sheet.
    """
    queryset = ScoreSheet.objects.select_related(
        "unit", "bloc_year__bloc__province", "bloc_year__scheme", "bloc_year__scoring_setting"
    )
    sheet = get_or_404(queryset, pk)
    if not _may_read(user, sheet):
        raise Http404
    return sheet


def get_scoring_year_for_user(user: Viewer, pk: int) -> BlocYear:
    """The bloc-year with its scheme and scoring settings, or 404 when the user may not see its bloc."""
    queryset = BlocYear.objects.filter(bloc__in=visible_blocs(user))
    return get_or_404(queryset.select_related("bloc__province", "rule", "scheme", "scoring_setting"), pk)


def get_line_for_user(user: Viewer, sheet: ScoreSheet, pk: int) -> ScoreLine:
    """A line of ``sheet`` (already checked), or 404."""
    return get_or_404(ScoreLine.objects.filter(sheet=sheet).select_related("item"), pk)


def get_evidence_for_user(user: Viewer, pk: int) -> Evidence:
    """The evidence file, or 404 when the user may not read its sheet (see ``_may_read``); the caller checks
    view on ``evidence.line.sheet``."""
    queryset = Evidence.objects.select_related(
        "line__sheet__bloc_year__bloc", "line__sheet__bloc_year__scoring_setting", "line__sheet__unit"
    )
    evidence = get_or_404(queryset, pk)
    if not _may_read(user, evidence.line.sheet):
        raise Http404
    return evidence


# --- Reads used by services and pages ------------------------------------------------


def scorable_items(scheme_id: int) -> list[Row]:
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


def own_latest_sheet(user: Viewer, bloc_year: BlocYear) -> ScoreSheet | None:
    """The latest-stage sheet of a unit the user acts for, in the year (None when there is none)."""
    sheets = list(ScoreSheet.objects.filter(bloc_year=bloc_year, unit_id__in=roles_of(user).unit_ids))
    return max(sheets, key=lambda s: STAGE_ORDER.index(s.stage), default=None)


def unit_sheets(bloc_year: BlocYear, unit_id: int) -> list[Row]:
    """The unit's sheets of the year in stage order, as {"pk", "stage", "label", "total"}."""
    rows = ScoreSheet.objects.filter(bloc_year=bloc_year, unit_id=unit_id).values("pk", "stage", "total")
    labels = dict(Stage.choices)
    sheets = [{**row, "label": labels[row["stage"]]} for row in rows]
    return sorted(sheets, key=lambda s: STAGE_ORDER.index(s["stage"]))


# --- Rows of the grid and the summary (assembled by scoring.presenters) ---------------

LINE_ROW_FIELDS = ("sheet_id", "id", "item_id", "points", "base_points", "note", "reason", "version", "evidence_count")


def line_rows(sheet: ScoreSheet) -> tuple[dict[int, Row], dict[int, Row]]:
    """({item id: this sheet's line}, {item id: the unit's self-score line}) as plain rows, in one query.

    Each row holds ``LINE_ROW_FIELDS``; ``evidence_count`` counts the line's files.
    """
    stages = {sheet.stage, Stage.SELF}
    lines = ScoreLine.objects.filter(
        sheet__bloc_year_id=sheet.bloc_year_id, sheet__unit_id=sheet.unit_id, sheet__stage__in=stages
    ).annotate(evidence_count=Count("evidence"))
    own: dict[int, Row] = {}
    self_rows: dict[int, Row] = {}
    for row in lines.values(*LINE_ROW_FIELDS).order_by():
        (own if row["sheet_id"] == sheet.pk else self_rows)[row["item_id"]] = row
    return own, self_rows


def line_points(sheet: ScoreSheet) -> dict[int, Decimal | None]:
    """{item id: points} of the sheet's lines (one query)."""
    return dict(ScoreLine.objects.filter(sheet=sheet).values_list("item_id", "points"))


def evidence_of(line: ScoreLine) -> list[Evidence]:
    """The line's evidence files, in the model's order (one query)."""
    return list(line.evidence.all())


def sheet_label(sheet: ScoreSheet, unit_name: str | None = None) -> str:
    """The sheet as "unit – stage – bloc-year", the unit under its name of the year (one query without unit_name)."""
    name = unit_name or year_name(sheet.unit, sheet.bloc_year.year)
    return f"{name} – {sheet.get_stage_display()} – {sheet.bloc_year}"


def year_end(year: int) -> datetime.date:
    """The day whose unit names a page or document about ``year`` shows (as blocs' pages do)."""
    return datetime.date(year, 12, 31)


def year_names(unit_ids: Iterable[int], year: int) -> dict[int, str]:
    """{unit id: the name the unit carried at the end of ``year``} in two queries."""
    units = Unit.objects.filter(pk__in=list(unit_ids)).only("id", "name").prefetch_related("names")
    day = year_end(year)
    return {unit.pk: name_on(unit, day) for unit in units}


def year_name(unit: Unit, year: int) -> str:
    """The name ``unit`` carried at the end of ``year`` (one query unless its names are prefetched)."""
    return name_on(unit, year_end(year))


def member_sheet_rows(bloc_year: BlocYear) -> QuerySet[Membership, Row]:
    """One row per (current member, sheet of the year), or (member, None) for a unit without sheets.

    Values rows: ``unit_id``, ``unit__name`` and the sheet's ``s__id``, ``s__stage``, ``s__status``,
    ``s__total``, ``s__weakest_percent``, ``s__is_late``, ``s__submitted_at``; by unit name.
    """
    sheets = FilteredRelation("unit__score_sheets", condition=Q(unit__score_sheets__bloc_year=bloc_year))
    members = Membership.objects.filter(bloc_year=bloc_year, left_on__isnull=True).annotate(s=sheets)
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
    rows: QuerySet[Membership, Row] = members.values(*fields).order_by("unit__name", "s__id")
    return rows


def year_maximum(bloc_year: BlocYear) -> Decimal:
    """The maximum total of the year's scheme: stored since it froze (no query when the chokepoint joined
    the scheme), else content maximum + reachable bonus (capped), summed by the database."""
    scheme = bloc_year.scheme if _has_scheme(bloc_year) else None
    if scheme is not None and scheme.max_total is not None:
        return scheme.max_total
    sums = SchemeItem.objects.filter(scheme__bloc_year=bloc_year).aggregate(
        content=Sum("max_points", filter=Q(kind=SchemeItemKind.CRITERION)),
        bonus=Sum("max_points", filter=Q(kind=SchemeItemKind.BONUS)),
        cap=Max("scheme__bonus_cap"),
    )
    zero = Decimal(0)
    return (sums["content"] or zero) + min(sums["bonus"] or zero, sums["cap"] or zero)


def _has_scheme(bloc_year: BlocYear) -> bool:
    try:
        return bloc_year.scheme is not None
    except Scheme.DoesNotExist:
        return False


def criterion_rows(sheet_ids: Iterable[int]) -> list[tuple[Any, ...]]:
    """(sheet id, code, text, points, maximum, sort key) of every criterion with a maximum on those sheets."""
    lines = ScoreLine.objects.filter(
        sheet_id__in=list(sheet_ids), item__kind=SchemeItemKind.CRITERION, item__max_points__gt=0
    )
    fields = ("sheet_id", "item__code", "item__text", "points", "item__max_points", "item__sort_key")
    return list(lines.values_list(*fields))
