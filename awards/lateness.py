"""When a bloc's annual proposal dossier is due, and whether it came late. Pure: no ORM.

DOMAIN §8: "Deadlines: annual dossiers before 10/12 [setting]" — the dossier for emulation year Y is
due by the province's deadline day and month *in year Y* (the meeting is held in December of Y).
A dossier handed in on the deadline day itself is on time.
"""

import calendar
import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Deadline:
    """A day of the year, the province's setting (``Province.proposal_deadline_day``/``_month``)."""

    day: int = 10
    month: int = 12


def due_on(year: int, deadline: Deadline) -> datetime.date:
    """The deadline's date in ``year``; a day past the month's end (31/2) falls on the month's last day."""
    last_day = calendar.monthrange(year, deadline.month)[1]
    return datetime.date(year, deadline.month, min(deadline.day, last_day))


def is_late(submitted_on: datetime.date | None, year: int, deadline: Deadline) -> bool:
    """The dossier of ``year`` was submitted after its deadline (not submitted yet: not late, so far)."""
    return submitted_on is not None and submitted_on > due_on(year, deadline)
