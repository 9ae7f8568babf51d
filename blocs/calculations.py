"""Pure rules of the organisation model: no ORM, no side effects."""

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _

from blocs.enums import BlocYearStatus


class HasStatus(Protocol):
    status: str


@dataclass(frozen=True)
class DefaultDeadlines:
    registration_deadline: datetime.date
    six_month_report_deadline: datetime.date
    annual_report_deadline: datetime.date
    self_scoring_deadline: datetime.date
    dossier_deadline: datetime.date


def default_deadlines(year: int) -> DefaultDeadlines:
    """The usual calendar (DOMAIN §4): registration by end of March, 6-month report mid-July,
    annual report and self-scores by the end of November, dossier before 10 December."""
    return DefaultDeadlines(
        registration_deadline=datetime.date(year, 3, 31),
        six_month_report_deadline=datetime.date(year, 7, 15),
        annual_report_deadline=datetime.date(year, 11, 30),
        self_scoring_deadline=datetime.date(year, 11, 30),
        dossier_deadline=datetime.date(year, 12, 10),
    )


def shift_to_year(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` later; 29 February becomes 28 February in common years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def leadership_errors(
    *, head_id: int | None, deputy_ids: Collection[int], current_member_ids: Iterable[int]
) -> list[str]:
    """Why a proposed head and deputies cannot lead the bloc this year (empty when they can)."""
    errors = []
    if head_id is None:
        errors.append(_("Choose the head unit."))
    if not deputy_ids:
        errors.append(_("Choose at least one deputy unit."))
    if head_id is not None and head_id in deputy_ids:
        errors.append(_("The head unit cannot also be a deputy."))
    outsiders = ({head_id} | set(deputy_ids)) - set(current_member_ids) - {None}
    if outsiders:
        errors.append(_("Only current members of the bloc can lead it."))
    return errors


def days_until(day: datetime.date, today: datetime.date) -> int:
    return (day - today).days


def status_rank(status: str) -> int:
    """The position of a bloc-year status in the lifecycle (draft is 0, closed is last)."""
    return list(BlocYearStatus).index(BlocYearStatus(status))


def status_at_least(bloc_year: "HasStatus | str", status: str) -> bool:
    """Whether ``bloc_year`` (or a status value) has reached ``status`` or gone past it."""
    current = bloc_year if isinstance(bloc_year, str) else bloc_year.status
    return status_rank(current) >= status_rank(status)
