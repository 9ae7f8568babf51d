"""The scoring app's domain errors, each with a translated message shown to the user as is."""

from django.utils.translation import gettext as _

from core.exceptions import DomainError
from scoring.calculations import points_text
from scoring.models import ScoreLine


class LineConflict(DomainError):
    """Someone saved the line since it was read: nothing was overwritten; ``current`` is their version."""

    def __init__(self, current: ScoreLine) -> None:
        who = current.updated_by.get_full_name() if current.updated_by else _("someone else")
        shown = "—" if current.points is None else points_text(current.points)
        super().__init__(
            _("%(who)s saved this line meanwhile: %(points)s points. Your value was not saved.")
            % {"who": who, "points": shown}
        )
        self.current = current


class SheetIncomplete(DomainError):
    """A sheet cannot be submitted yet: a line lacks points or required evidence (the message names them)."""
