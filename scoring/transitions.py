"""What scoring requires before a bloc-year may enter a status (see ``blocs.requirements``).

Shared by two areas: keep each area's part in its own section.
"""

from django.utils.translation import gettext as _

from blocs.enums import BlocYearStatus
from blocs.requirements import on_enter, requirement
from scoring.enums import SCORABLE_KINDS
from scoring.models import SchemeItem

# --- Schemes ------------------------------------------------------------------


@requirement(BlocYearStatus.SCORING)
def scheme_has_criteria(bloc_year) -> str | None:
    """Scoring opens only on a scheme with at least one item to score (the scheme freezes then)."""
    if SchemeItem.objects.filter(scheme__bloc_year=bloc_year, kind__in=SCORABLE_KINDS).exists():
        return None
    return _("The scoring scheme has no criterion yet.")


@on_enter(BlocYearStatus.SCORING)
def freeze_scheme_when_scoring_starts(bloc_year, *, actor) -> None:
    """Scoring has started: the scheme freezes (DOMAIN §5), whichever way the year got there."""
    from scoring.models import Scheme
    from scoring.services.schemes import freeze_scheme

    scheme = Scheme.objects.filter(bloc_year=bloc_year).first()
    if scheme is not None:
        freeze_scheme(scheme, actor=actor)


# --- end of schemes -------------------------------------------------------------

# --- Score sheets -----------------------------------------------------------------


def _units_without(bloc_year, stages) -> list[str]:
    from blocs.selectors import current_member_units
    from scoring.enums import SheetStatus
    from scoring.models import ScoreSheet
    from scoring.selectors.sheets import year_names

    done = ScoreSheet.objects.filter(bloc_year=bloc_year, stage__in=stages, status=SheetStatus.ACCEPTED)
    missing = current_member_units(bloc_year).exclude(pk__in=done.values("unit_id"))
    return sorted(year_names(missing.values_list("pk", flat=True), bloc_year.year).values())


@requirement(BlocYearStatus.READY_FOR_REVIEW)
def every_unit_verified(bloc_year) -> str | None:
    """The year goes to its review meeting once every unit's verified scores are accepted."""
    from scoring.enums import Stage

    missing = _units_without(bloc_year, [Stage.VERIFICATION, Stage.COUNCIL, Stage.APPROVED])
    if not missing:
        return None
    return _("Verified scores are not accepted yet for: %(units)s.") % {"units": ", ".join(missing)}


@requirement(BlocYearStatus.REVIEWED)
def every_unit_approved(bloc_year) -> str | None:
    """The review is over once the meeting's approved scores of every unit are recorded and accepted."""
    from scoring.enums import Stage

    missing = _units_without(bloc_year, [Stage.APPROVED])
    if not missing:
        return None
    return _("Approved scores are not recorded yet for: %(units)s.") % {"units": ", ".join(missing)}


# --- end of score sheets ----------------------------------------------------------
