"""Table tests of the council's and the money's pure rules (awards.council), each citing its source.

Sources: DOMAIN §1 (regimes by the decision's date: Law 2003 + Decree 91/2017 until 31/12/2023;
Law 06/2022 + Decree 98/2023 from 01/01/2024; Decree 152/2025 from 01/07/2025), §6 (multipliers:
Decree 91/2017 Art. 69, 98/2023 Art. 54, 152/2025 Art. 50; base salaries: Decrees 72/2018, 38/2019,
24/2023, 73/2024), §7 (Decree 98/2023 Art. 30.7: flag ≥ 80 %, fighter ≥ 90 % of ALL council
members), QĐ 86/2025/QĐ-UBND Bắc Ninh Art. 8(4)(b) (quorum ≥ 2/3; award sessions ≥ 80 % present).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from awards.council import (
    attendance_met,
    award_money,
    base_salary_on,
    council_item_passes,
    quorum_met,
    regime_on,
)
from core.exceptions import DomainError

pytestmark = pytest.mark.usefixtures("english")  # messages are asserted in the source language

D = datetime.date


@dataclass(frozen=True)
class Regime:
    code: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    flag_threshold_percent: Decimal = Decimal(80)
    fighter_threshold_percent: Decimal = Decimal(90)
    quorum_numerator: int = 2
    quorum_denominator: int = 3
    attendance_percent: Decimal = Decimal(80)


@dataclass(frozen=True)
class Salary:
    amount: int
    valid_from: datetime.date


REGIMES = [
    Regime("decree-98-2023", D(2024, 1, 1), D(2025, 6, 30)),
    Regime("decree-91-2017", D(2017, 10, 1), D(2023, 12, 31)),
    Regime("decree-152-2025", D(2025, 7, 1), None),
]
SALARIES = [
    Salary(1_800_000, D(2023, 7, 1)),
    Salary(1_390_000, D(2018, 7, 1)),
    Salary(2_340_000, D(2024, 7, 1)),
    Salary(1_490_000, D(2019, 7, 1)),
]
COUNCIL = REGIMES[0]


@pytest.mark.parametrize(
    ("decided_on", "code"),
    [
        (D(2017, 10, 1), "decree-91-2017"),
        (D(2023, 12, 31), "decree-91-2017"),  # the day before Law 06/2022 and Decree 98/2023
        (D(2024, 1, 1), "decree-98-2023"),  # the day they come into force (DOMAIN §1)
        (D(2025, 6, 30), "decree-98-2023"),  # the day before Decree 152/2025
        (D(2025, 7, 1), "decree-152-2025"),  # the day it comes into force (DOMAIN §1)
        (D(2031, 1, 1), "decree-152-2025"),  # an open end stays in force
    ],
)
def test_regime_on_boundary_date_picks_the_regime_in_force(decided_on, code):
    """DOMAIN §1: the regime of a decision follows the decision's date; both ends are inclusive."""
    assert regime_on(REGIMES, decided_on).code == code


def test_regime_on_date_before_every_regime_refused():
    """A decision before 01/10/2017 falls under Decree 42/2010, which the catalogue does not hold."""
    with pytest.raises(DomainError, match="No legal regime"):
        regime_on(REGIMES, D(2017, 9, 30))


def test_regime_on_overlapping_regimes_refused():
    """Two regimes claiming the same day is bad data: refuse rather than pick one silently."""
    overlapping = [*REGIMES, Regime("draft", D(2025, 1, 1), None)]

    with pytest.raises(DomainError, match="Several legal regimes"):
        regime_on(overlapping, D(2025, 7, 1))


@pytest.mark.parametrize(
    ("decided_on", "amount"),
    [
        (D(2018, 7, 1), 1_390_000),  # Decree 72/2018
        (D(2019, 6, 30), 1_390_000),
        (D(2019, 7, 1), 1_490_000),  # Decree 38/2019
        (D(2023, 6, 30), 1_490_000),
        (D(2023, 7, 1), 1_800_000),  # Decree 24/2023
        (D(2024, 6, 30), 1_800_000),
        (D(2024, 7, 1), 2_340_000),  # Decree 73/2024
        (D(2026, 12, 31), 2_340_000),
    ],
)
def test_base_salary_on_boundary_date_picks_the_salary_in_force(decided_on, amount):
    """DOMAIN §6: money uses the base salary in force on the decision date, until the next one starts."""
    assert base_salary_on(SALARIES, decided_on).amount == amount


def test_base_salary_on_date_before_every_salary_refused():
    with pytest.raises(DomainError, match="No base salary"):
        base_salary_on(SALARIES, D(2018, 6, 30))


@pytest.mark.parametrize(
    ("multiplier", "salary", "money"),
    [
        ("12.0", 2_340_000, 28_080_000),  # Government flag, Decree 152/2025 Art. 50
        ("8.0", 2_340_000, 18_720_000),  # provincial flag
        ("8.0", 1_800_000, 14_400_000),  # provincial flag, Decree 98/2023 Art. 54, before 01/07/2024
        ("1.5", 1_490_000, 2_235_000),  # Tập thể lao động xuất sắc, Decree 91/2017 Art. 69
        ("0.8", 2_340_000, 1_872_000),  # Tập thể lao động tiên tiến
        ("0.3", 1_390_000, 417_000),  # Lao động tiên tiến (individual)
        ("0.5", 3, 2),  # half a dong rounds up to the whole dong
        ("0.1", 4, 0),  # less than half a dong rounds down
    ],
)
def test_award_money_multiplier_times_base_salary_in_whole_dong(multiplier, salary, money):
    """DOMAIN §6: money = multiplier × base salary; whole dong (the decree's rounding was not verifiable)."""
    assert award_money(Decimal(multiplier), salary) == Decimal(money)


@pytest.mark.parametrize(
    ("multiplier", "salary", "money"),
    [
        ("0.8", 1_490_000, 1_200_000),  # 1,192,000 rounds up to the next ten thousand
        ("12.0", 2_340_000, 28_080_000),  # already a multiple: unchanged
        ("0.3", 1_800_001, 550_000),  # 540,000.3 rounds up, never down
    ],
)
def test_award_money_rounding_step_rounds_up_to_the_step(multiplier, salary, money):
    """A regime may set a rounding step (a setting until the decree's text is checked); it rounds up."""
    assert award_money(Decimal(multiplier), salary, rounding_step=10_000) == Decimal(money)


@pytest.mark.parametrize(("multiplier", "salary", "step"), [("-1", 1, 1), ("1", 0, 1), ("1", 1, 0)])
def test_award_money_invalid_input_refused(multiplier, salary, step):
    with pytest.raises(ValueError):
        award_money(Decimal(multiplier), salary, rounding_step=step)


@pytest.mark.parametrize(
    ("members", "present", "met"),
    [(15, 10, True), (15, 9, False), (16, 11, True), (16, 10, False), (3, 2, True), (3, 1, False)],
)
def test_quorum_met_two_thirds_of_all_members(members, present, met):
    """QĐ 86/2025 Bắc Ninh Art. 8(4)(b): the council sits with at least 2/3 of all its members."""
    assert quorum_met(members, present, COUNCIL) is met


@pytest.mark.parametrize(
    ("members", "present", "met"),
    [(15, 12, True), (15, 11, False), (16, 13, True), (16, 12, False), (10, 8, True), (10, 7, False)],
)
def test_attendance_met_award_session_needs_eighty_percent_present(members, present, met):
    """QĐ 86/2025 Bắc Ninh Art. 8(4)(b): an award session needs at least 80 % of all members present;
    absentees' written opinions are votes, not attendance (15 members, 10 present + 5 in writing: no)."""
    assert attendance_met(members, present, COUNCIL) is met


@pytest.mark.parametrize(
    ("yes", "members", "kind", "passes"),
    [
        (12, 15, "flag", True),  # exactly 80 %
        (11, 15, "flag", False),  # 73.3 %
        (8, 10, "flag", True),
        (7, 10, "flag", False),
        (14, 15, "fighter", True),  # 93.3 %
        (13, 15, "fighter", False),  # 86.7 %: enough for a flag, not for a fighter
        (9, 10, "fighter", True),  # exactly 90 %
        (8, 10, "fighter", False),
    ],
)
def test_council_item_passes_threshold_of_all_members(yes, members, kind, passes):
    """Decree 98/2023 Art. 30.7 (DOMAIN §7): a flag needs ≥ 80 %, a provincial emulation fighter ≥ 90 %,
    of ALL council members."""
    assert council_item_passes(yes, members, COUNCIL, kind) is passes


def test_council_item_passes_denominator_is_all_members_not_those_present():
    """DOMAIN §7: 15 members, 12 present: 11 yes in the room is 92 % of those present but 73 % of all
    members, so it fails; one absentee's written yes makes 12 of 15 = 80 %, and it passes."""
    present_yes, written_yes = 11, 1

    assert council_item_passes(present_yes, 15, COUNCIL, "flag") is False
    assert council_item_passes(present_yes + written_yes, 15, COUNCIL, "flag") is True


@pytest.mark.parametrize("regime", REGIMES, ids=lambda r: r.code)
def test_council_item_passes_same_thresholds_under_each_regime(regime):
    """The seeded regimes carry the same council figures (DOMAIN §7); the rule reads them from the regime."""
    assert council_item_passes(12, 15, regime, "flag") and not council_item_passes(11, 15, regime, "flag")


def test_council_item_passes_reads_the_regime_threshold():
    """A regime with another threshold changes the outcome: the figure is data, not code."""
    stricter = Regime("stricter", D(2030, 1, 1), None, flag_threshold_percent=Decimal(85))

    assert council_item_passes(12, 15, COUNCIL, "flag") is True
    assert council_item_passes(12, 15, stricter, "flag") is False


@pytest.mark.parametrize(("yes", "members"), [(16, 15), (-1, 15), (0, 0)])
def test_council_item_passes_impossible_counts_refused(yes, members):
    with pytest.raises(DomainError):
        council_item_passes(yes, members, COUNCIL, "flag")


def test_council_item_passes_unknown_threshold_kind_refused():
    with pytest.raises(ValueError):
        council_item_passes(12, 15, COUNCIL, "mayor")


@pytest.mark.parametrize("rule", [quorum_met, attendance_met])
def test_session_rules_more_present_than_members_refused(rule):
    with pytest.raises(DomainError):
        rule(15, 16, COUNCIL)
