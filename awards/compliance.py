"""Which compliance records block a candidate: pure rules, no ORM.

Decree 152/2025 Art. 4(4): no proposal and no award for a collective *while* it is under
discipline, investigation, inspection, or has a complaint or denunciation being verified. So a
record blocks from the day it starts until the day before it is resolved; from its resolution date
on it no longer blocks.
"""

import datetime
from collections.abc import Iterable
from typing import Protocol, TypeVar


class Dated(Protocol):
    @property
    def started_on(self) -> datetime.date: ...

    @property
    def resolved_on(self) -> datetime.date | None: ...


R = TypeVar("R", bound=Dated)


def in_force_on(record: Dated, day: datetime.date) -> bool:
    """Whether the record blocks on ``day``: started by then and not yet resolved (Decree 152/2025 Art. 4(4))."""
    return record.started_on <= day and (record.resolved_on is None or day < record.resolved_on)


def blocking_records(records: Iterable[R], *, period_start: datetime.date, period_end: datetime.date) -> list[R]:
    """The records that block a candidate for the period, in the order given.

    A record blocks when it overlaps the period and is still unresolved at its end (the day the
    candidates are decided). One resolved within the period, or before it, no longer blocks; one
    that starts after the period's end does not overlap it. Both conditions together are "in force
    on the period's end", since a record lasts from its start to its resolution without a gap.
    """
    if period_end < period_start:
        raise ValueError("the period ends before it starts")
    return [record for record in records if in_force_on(record, period_end)]
