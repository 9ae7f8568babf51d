"""What every write to a year-end meeting's record checks first: its minutes are not issued yet.

The issued minutes (biên bản) print the sessions, the attendance, the candidates and overrides, the
ballots and next year's leadership as they are on the day they render; once the minutes carry a number
and a date, what they record can no longer change (Decree 30/2020: an issued document is not edited).
"""

from django.utils.translation import gettext as _

from awards.models import Meeting
from blocs.models import BlocYear
from core.exceptions import RefusedTransition


def ensure_minutes_not_issued(bloc_year: BlocYear) -> None:
    """Refuse a change to the meeting's record once its minutes are issued."""
    if Meeting.objects.filter(bloc_year=bloc_year, minutes_issued_on__isnull=False).exists():
        raise RefusedTransition(_("The minutes of this meeting are issued: what they record can no longer be changed."))
