"""Page assembly for the blocs pages: what the selectors read → what a template shows. One per page."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator

from blocs import selectors
from blocs.enums import BlocYearAction, BlocYearStatus, MemberRole, Mover
from blocs.models import Bloc, BlocYear, Unit
from blocs.transitions import LIFECYCLE, mover_of
from core.models import User
from core.selectors import history_for

UNITS_PER_PAGE = 50

Viewer = User | AnonymousUser


@dataclass(frozen=True)
class BlocRow:
    """A line of the bloc list: the bloc, its newest year and that year's head (as then named)."""

    bloc: Bloc
    latest: BlocYear | None
    head_name: str


def bloc_list_page(user: Viewer) -> dict[str, Any]:
    return {"rows": [_bloc_row(bloc) for bloc in selectors.blocs_with_years(user)]}


def _bloc_row(bloc: Bloc) -> BlocRow:
    latest = next(iter(bloc.years.all()), None)
    heads = [m for m in getattr(latest, "leaders", []) if m.role == MemberRole.HEAD]
    head_name = selectors.name_on(heads[0].unit, datetime.date(latest.year, 12, 31)) if latest and heads else ""
    return BlocRow(bloc, latest, head_name)


@dataclass(frozen=True)
class NextStep:
    """The year's next step forward as the bloc page shows it: the button, or who makes the move."""

    action: str
    to: BlocYearStatus
    mover: Mover
    missing: list[str]  # unmet guards and requirements: the button shows, disabled
    allowed: bool  # the user may make this move

    @property
    def label(self) -> str:
        return str(self.to.label)


def next_step(bloc_year: BlocYear, user: Viewer) -> NextStep | None:
    """The step forward the year's state allows (reopening aside), or None once the year is closed."""
    for option in LIFECYCLE.options(user, bloc_year):
        if option.action != BlocYearAction.REOPEN:
            target = BlocYearStatus(option.move.target)
            return NextStep(option.action, target, mover_of(option.action), option.missing, option.allowed)
    return None


def bloc_detail_page(user: Viewer, bloc: Bloc, *, year: str | None) -> dict[str, Any]:
    """The bloc with every year; the ``year`` asked for (else the newest) is shown in full."""
    years = selectors.bloc_years_with_members(bloc)
    selected = _pick_year(years, year)
    return {
        "bloc": bloc,
        "years": years,
        "selected": selected,
        "statuses": BlocYearStatus,
        "move": next_step(selected, user) if selected else None,
        "history": history_for(bloc, *([selected] if selected else [])),
    }


def _pick_year(years: list[BlocYear], wanted: str | None) -> BlocYear | None:
    by_year = {str(y.year): y for y in years}
    return by_year.get(wanted or "") or (years[0] if years else None)


def unit_list_page(user: Viewer, *, query: str, page: str | None) -> dict[str, Any]:
    units = selectors.unit_list(user, query=query)
    return {"page": Paginator(units, UNITS_PER_PAGE).get_page(page), "query": query}


def unit_detail_page(user: Viewer, unit: Unit) -> dict[str, Any]:
    came_from, went_to = selectors.unit_successions(unit)
    return {
        "unit": unit,
        "names": selectors.unit_names(unit),
        "came_from": came_from,
        "went_to": went_to,
        "memberships": selectors.unit_memberships(unit, user),
        "history": history_for(unit),
    }
