"""Pure rules of the provincial council and of award money, read off a legal regime (no ORM).

Which regime applies follows the decision's date (DOMAIN §1). The figures live in the regime's
row, never here; the rules only compare. Sources, as DOMAIN §6–§7 cite them:

- the council's vote: a flag needs at least 80 % yes of ALL council members, a provincial
  emulation fighter at least 90 % (Decree 98/2023 Art. 30.7); absent members' written opinions
  count as votes, so ``yes`` includes them and the denominator stays all members;
- the session: quorum at least 2/3 of all members; a session on awards at least 80 % present,
  absentees asked in writing (QĐ 86/2025/QĐ-UBND Bắc Ninh, Art. 8(4)(b), reference copy);
- money = multiplier × base salary in force on the decision date (Decree 91/2017 Art. 69,
  98/2023 Art. 54, 152/2025 Art. 50 per DOMAIN §6), rounded up to the regime's step.

Decimal and integer arithmetic only: ``yes * 100 >= percent * members`` never loses a vote to a float.
"""

import datetime
from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Protocol, TypeVar

from django.utils.translation import gettext as _

from awards.enums import VoteThresholdKind
from core.exceptions import DomainError


class Dated(Protocol):
    @property
    def valid_from(self) -> datetime.date: ...


class Period(Dated, Protocol):
    @property
    def valid_to(self) -> datetime.date | None: ...


class CouncilParameters(Protocol):
    """What the council rules read from a ``LegalRegime`` (or any object with these attributes)."""

    @property
    def flag_threshold_percent(self) -> Decimal: ...
    @property
    def fighter_threshold_percent(self) -> Decimal: ...
    @property
    def quorum_numerator(self) -> int: ...
    @property
    def quorum_denominator(self) -> int: ...
    @property
    def attendance_percent(self) -> Decimal: ...


P = TypeVar("P", bound=Period)
D = TypeVar("D", bound=Dated)


def regime_on(regimes: Iterable[P], date: datetime.date) -> P:
    """The regime in force on ``date`` (``valid_from`` ≤ date ≤ ``valid_to``, an empty end being open)."""
    matching = [r for r in regimes if r.valid_from <= date and (r.valid_to is None or date <= r.valid_to)]
    if not matching:
        raise DomainError(_("No legal regime is in force on %(date)s.") % {"date": f"{date:%d/%m/%Y}"})
    if len(matching) > 1:
        raise DomainError(_("Several legal regimes are in force on %(date)s.") % {"date": f"{date:%d/%m/%Y}"})
    return matching[0]


def base_salary_on(salaries: Iterable[D], date: datetime.date) -> D:
    """The base salary in force on ``date``: the latest one that started on or before it."""
    started = [s for s in salaries if s.valid_from <= date]
    if not started:
        raise DomainError(_("No base salary is recorded on %(date)s.") % {"date": f"{date:%d/%m/%Y}"})
    return max(started, key=lambda s: s.valid_from)


def award_money(multiplier: Decimal, base_salary: int, *, rounding_step: int = 1) -> Decimal:
    """Multiplier × base salary in whole VND, rounded up to a multiple of ``rounding_step`` VND.

    A step of 1 rounds half up to the whole dong. Whether the decree rounds up to a larger step
    could not be checked against its text; the step is the regime's setting.
    """
    if multiplier < 0 or base_salary <= 0 or rounding_step < 1:
        raise ValueError("the multiplier is ≥ 0, the base salary and the rounding step are > 0")
    exact = multiplier * base_salary
    if rounding_step == 1:
        return exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return (exact / rounding_step).quantize(Decimal(1), rounding=ROUND_CEILING) * rounding_step


def _check_counts(members: int, *counts: int) -> None:
    if members <= 0:
        raise DomainError(_("The council has no members."))
    if any(count < 0 or count > members for count in counts):
        raise DomainError(_("A count lies between zero and the number of council members."))


def quorum_met(members: int, present: int, regime: CouncilParameters) -> bool:
    """Whether ``present`` of ``members`` make the council's quorum (at least 2/3 of all members)."""
    _check_counts(members, present)
    return present * regime.quorum_denominator >= regime.quorum_numerator * members


def attendance_met(members: int, present: int, regime: CouncilParameters) -> bool:
    """Whether a session on awards may sit: at least the regime's percentage (80 %) of all members present.

    Absent members' written opinions are votes, not attendance: they do not count here.
    """
    _check_counts(members, present)
    return present * 100 >= regime.attendance_percent * members


def threshold_percent(regime: CouncilParameters, kind: str) -> Decimal:
    """The percentage of all council members an item of ``kind`` (a ``VoteThresholdKind``) needs."""
    if kind == VoteThresholdKind.FLAG:
        return regime.flag_threshold_percent
    if kind == VoteThresholdKind.FIGHTER:
        return regime.fighter_threshold_percent
    raise ValueError(f"unknown threshold kind {kind!r}")


def council_item_passes(yes: int, members_total: int, regime: CouncilParameters, threshold_kind: str) -> bool:
    """Whether an item passes the council: ``yes`` (present members' and absentees' written yes votes)
    reach the threshold of ALL council members, never of those present (Decree 98/2023 Art. 30.7)."""
    _check_counts(members_total, yes)
    return yes * 100 >= threshold_percent(regime, threshold_kind) * members_total
