"""The certificate of merit's history condition (Law 06/2022/QH15, Art. 74): 2 consecutive years of
"hoàn thành xuất sắc nhiệm vụ" or "Tập thể lao động xuất sắc", or the bloc's vote (the emulation movement)."""

import pytest

from awards.calculations import HistoryKind, has_consecutive_excellent_years, merit_basis_problem

pytestmark = pytest.mark.usefixtures("english")  # messages are asserted in the source language

TASKS, COLLECTIVE, OTHER = HistoryKind.EXCELLENT_TASKS, HistoryKind.EXCELLENT_COLLECTIVE, HistoryKind.OTHER


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([], False),
        ([(2020, TASKS)], False),
        ([(2019, TASKS), (2020, TASKS)], True),
        ([(2019, COLLECTIVE), (2020, TASKS)], True),  # either kind counts for each year
        ([(2020, COLLECTIVE), (2019, COLLECTIVE)], True),  # any order
        ([(2018, TASKS), (2020, TASKS)], False),  # a gap breaks the run
        ([(2018, TASKS), (2019, TASKS)], False),  # the run must reach the proposal's year
        ([(2019, OTHER), (2020, TASKS)], False),  # another title does not count
        ([(2019, TASKS), (2019, COLLECTIVE), (2020, TASKS)], True),  # repeats are harmless
        ([(2020, TASKS), (2021, TASKS)], False),  # a later year does not stand for an earlier one
    ],
)
def test_consecutive_excellent_years_table(history, expected):
    assert has_consecutive_excellent_years(history, ending=2020) is expected


def test_consecutive_excellent_years_needed_three():
    history = [(2019, TASKS), (2020, TASKS)]

    assert not has_consecutive_excellent_years(history, ending=2020, needed=3)
    assert has_consecutive_excellent_years([(2018, COLLECTIVE), *history], ending=2020, needed=3)


def test_consecutive_excellent_years_needed_zero_is_an_error():
    with pytest.raises(ValueError):
        has_consecutive_excellent_years([], ending=2020, needed=0)


@pytest.mark.parametrize(
    ("history", "voted", "has_problem"),
    [
        ([], True, False),  # the bloc's vote is a basis on its own
        ([], False, True),
        ([(2019, TASKS), (2020, COLLECTIVE)], False, False),
        ([(2020, TASKS)], False, True),
    ],
)
def test_merit_basis_problem_table(history, voted, has_problem):
    problem = merit_basis_problem(history, year=2020, voted_by_movement=voted)

    assert (problem is not None) is has_problem
    if problem:
        assert "Art. 74" in problem % {"unit": "Sở Tư pháp"}
