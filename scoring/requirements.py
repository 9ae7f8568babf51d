"""What scoring requires before a bloc-year may enter a status (see ``blocs.requirements``).

Shared by two areas: keep each area's part in its own section.
"""

from django.utils.translation import gettext as _

from blocs.enums import BlocYearStatus
from blocs.requirements import requirement
from scoring.enums import SCORABLE_KINDS
from scoring.models import SchemeItem

# --- Schemes ------------------------------------------------------------------


@requirement(BlocYearStatus.SCORING)
def scheme_has_criteria(bloc_year) -> str | None:
    """Scoring opens only on a scheme with at least one item to score (the scheme freezes then)."""
    if SchemeItem.objects.filter(scheme__bloc_year=bloc_year, kind__in=SCORABLE_KINDS).exists():
        return None
    return _("The scoring scheme has no criterion yet.")


# --- end of schemes -------------------------------------------------------------
