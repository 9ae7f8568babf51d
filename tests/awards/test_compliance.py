"""The blocking rule of compliance records, Decree 152/2025 Art. 4(4): no proposal and no award while a
unit is under discipline, investigation, inspection or a pending complaint; a record stops blocking
from its resolution date."""

import datetime
from dataclasses import dataclass

import pytest

from awards.compliance import blocking_records, in_force_on

D = datetime.date
YEAR_START, YEAR_END = D(2020, 1, 1), D(2020, 12, 31)


@dataclass(frozen=True)
class Record:
    started_on: datetime.date
    resolved_on: datetime.date | None = None


@pytest.mark.parametrize(
    ("record", "day", "expected"),
    [
        (Record(D(2020, 3, 1)), D(2020, 2, 29), False),  # not started yet
        (Record(D(2020, 3, 1)), D(2020, 3, 1), True),  # blocks from its first day
        (Record(D(2020, 3, 1)), D(2030, 1, 1), True),  # unresolved: blocks for good
        (Record(D(2020, 3, 1), D(2020, 6, 1)), D(2020, 5, 31), True),  # the day before the resolution
        (Record(D(2020, 3, 1), D(2020, 6, 1)), D(2020, 6, 1), False),  # stops on the resolution date
        (Record(D(2020, 3, 1), D(2020, 3, 1)), D(2020, 3, 1), False),  # resolved the day it started
    ],
)
def test_in_force_on_table_blocks_from_start_until_resolution(record, day, expected):
    """Decree 152/2025 Art. 4(4): the record blocks while the matter lasts, not from its resolution date."""
    assert in_force_on(record, day) is expected


@pytest.mark.parametrize(
    ("record", "blocks"),
    [
        (Record(D(2019, 5, 1)), True),  # started before the year, still open
        (Record(D(2020, 7, 1)), True),  # started within the year, still open
        (Record(D(2020, 12, 31)), True),  # started on the year's last day
        (Record(D(2021, 1, 1)), False),  # starts after the period: no overlap
        (Record(D(2019, 5, 1), D(2019, 12, 31)), False),  # resolved before the year
        (Record(D(2020, 2, 1), D(2020, 9, 1)), False),  # resolved within the year
        (Record(D(2019, 5, 1), D(2020, 12, 31)), False),  # resolved on the period's last day
        (Record(D(2020, 2, 1), D(2021, 1, 15)), True),  # resolved only after the period ended
    ],
)
def test_blocking_records_table_open_at_period_end_blocks(record, blocks):
    """Decree 152/2025 Art. 4(4): a record overlapping the year blocks unless resolved by the year's end."""
    assert blocking_records([record], period_start=YEAR_START, period_end=YEAR_END) == ([record] if blocks else [])


def test_blocking_records_several_keeps_given_order():
    """Decree 152/2025 Art. 4(4): every record in force counts, each reported (in the order given)."""
    late, resolved, early = Record(D(2020, 9, 1)), Record(D(2020, 1, 1), D(2020, 2, 1)), Record(D(2018, 1, 1))

    assert blocking_records([late, resolved, early], period_start=YEAR_START, period_end=YEAR_END) == [late, early]


def test_blocking_records_no_records_empty():
    assert blocking_records([], period_start=YEAR_START, period_end=YEAR_END) == []


def test_blocking_records_period_ending_before_start_raises():
    with pytest.raises(ValueError, match="ends before it starts"):
        blocking_records([Record(D(2020, 1, 1))], period_start=YEAR_END, period_end=YEAR_START)
