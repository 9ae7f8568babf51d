"""Scoring's state machine (the score sheet) and what scoring requires of the bloc-year lifecycle.

The sheet machine is read by the services (``SHEET.check``), the permission predicates
(``scoring.rules``) and the grid's buttons (``scoring.presenters``). The requirements and
``on_enter`` actions are found by ``blocs.requirements``.

Shared by two areas: keep each area's part in its own section.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from blocs.requirements import on_enter, requirement
from blocs.selectors import current_member_units
from core.transitions import Machine, Move
from scoring.enums import SCORABLE_KINDS, SheetAction, SheetStatus, Stage
from scoring.exceptions import SheetIncomplete
from scoring.models import Scheme, SchemeItem, ScoreLine, ScoreSheet
from scoring.selectors.sheets import year_names
from scoring.services.schemes import freeze_scheme

# --- Schemes ------------------------------------------------------------------


@requirement(BlocYearStatus.SCORING)
def scheme_has_criteria(bloc_year: BlocYear) -> str | None:
    """Scoring opens only on a scheme with at least one item to score (the scheme freezes then)."""
    if SchemeItem.objects.filter(scheme__bloc_year=bloc_year, kind__in=SCORABLE_KINDS).exists():
        return None
    return _("The scoring scheme has no criterion yet.")


@on_enter(BlocYearStatus.SCORING)
def freeze_scheme_when_scoring_starts(bloc_year: BlocYear, *, actor) -> None:
    """Scoring has started: the scheme freezes (DOMAIN §5), whichever way the year got there."""
    scheme = Scheme.objects.filter(bloc_year=bloc_year).first()
    if scheme is not None:
        freeze_scheme(scheme, actor=actor)


# --- end of schemes -------------------------------------------------------------

# --- Score sheets -----------------------------------------------------------------


def _codes(lines) -> list[str]:
    return list(lines.values_list("item__code", flat=True).order_by("item__sort_key")[:10])


def every_line_scored(sheet: ScoreSheet) -> str | None:
    """Every line has points, zero included (DOMAIN §5: a stage scores each item of the scheme)."""
    unscored = _codes(ScoreLine.objects.filter(sheet=sheet, points__isnull=True))
    if unscored:
        return _("Lines without points: %(codes)s.") % {"codes": ", ".join(unscored)}
    return None


def evidence_attached(sheet: ScoreSheet) -> str | None:
    """A self-scored line with points on an item that requires evidence has a file (DOMAIN §4 step 5:
    self-scoring with evidence); later stages reuse the self-score's files."""
    if sheet.stage != Stage.SELF:
        return None
    lines = ScoreLine.objects.filter(sheet=sheet, item__evidence_required=True, points__gt=0, evidence__isnull=True)
    codes = _codes(lines)
    if codes:
        return _("Lines that need evidence: %(codes)s.") % {"codes": ", ".join(codes)}
    return None


def _refused(sheet: ScoreSheet, action: str, move: Move) -> str:
    return _("A sheet that is %(status)s cannot be moved on with “%(action)s”.") % {
        "status": sheet.get_status_display().lower(),
        "action": SheetAction(action).label,
    }


def _first_missing(sheet: ScoreSheet, action: str, move: Move, missing: list[str]) -> str:
    return missing[0]  # evidence is asked for once every line has points


# A sheet goes to its reviewers (submit), who send it back (return) or accept it, which opens the
# next stage (services). Submit and review permissions also require an open year (scoring.rules).
SHEET = Machine(
    "scoring.scoresheet",
    {
        SheetAction.SUBMIT: Move(
            sources={SheetStatus.DRAFT, SheetStatus.RETURNED},
            target=SheetStatus.SUBMITTED,
            permission="scoring.submit_scoresheet",
            guards=(every_line_scored, evidence_attached),
        ),
        SheetAction.RETURN: Move(
            sources={SheetStatus.SUBMITTED}, target=SheetStatus.RETURNED, permission="scoring.review_scoresheet"
        ),
        SheetAction.ACCEPT: Move(
            sources={SheetStatus.SUBMITTED}, target=SheetStatus.ACCEPTED, permission="scoring.review_scoresheet"
        ),
    },
    refused=_refused,
    incomplete=_first_missing,
    incomplete_error=SheetIncomplete,
)


# The states whose lines the editors may change (those the sheet is submitted from), for querysets.
EDITABLE_STATES = SHEET[SheetAction.SUBMIT].sources


def is_editable(sheet: ScoreSheet) -> bool:
    """Lines change only while the sheet is with its editors (the states it is submitted from), never once locked."""
    return SHEET.can_start(sheet, SheetAction.SUBMIT) and sheet.locked_at is None


def is_under_review(sheet: ScoreSheet) -> bool:
    """With its reviewers: the state they return or accept it from, not locked."""
    return SHEET.can_start(sheet, SheetAction.ACCEPT) and sheet.locked_at is None


def _units_without(bloc_year: BlocYear, stages: Iterable[str]) -> list[str]:
    done = ScoreSheet.objects.filter(bloc_year=bloc_year, stage__in=stages, status=SheetStatus.ACCEPTED)
    missing = current_member_units(bloc_year).exclude(pk__in=done.values("unit_id"))
    return sorted(year_names(missing.values_list("pk", flat=True), bloc_year.year).values())


@requirement(BlocYearStatus.READY_FOR_REVIEW)
def every_unit_verified(bloc_year: BlocYear) -> str | None:
    """The year goes to its review meeting once every unit's verified scores are accepted (DOMAIN §4 steps 6-7)."""
    missing = _units_without(bloc_year, [Stage.VERIFICATION, Stage.COUNCIL, Stage.APPROVED])
    if not missing:
        return None
    return _("Verified scores are not accepted yet for: %(units)s.") % {"units": ", ".join(missing)}


@requirement(BlocYearStatus.REVIEWED)
def every_unit_approved(bloc_year: BlocYear) -> str | None:
    """The review is over once the meeting's approved scores of every unit are recorded and accepted (step 7)."""
    missing = _units_without(bloc_year, [Stage.APPROVED])
    if not missing:
        return None
    return _("Approved scores are not recorded yet for: %(units)s.") % {"units": ", ".join(missing)}


# --- end of score sheets ----------------------------------------------------------
