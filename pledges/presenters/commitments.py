"""Pages of the year's commitments (launch meeting, pledge, signatures) and title registrations."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import QueryDict

from blocs.models import BlocYear, Membership
from core.models import User
from core.selectors import history_for
from pledges.forms.commitments import RegistrationFilterForm
from pledges.models import Pledge, Registration
from pledges.presenters import moves
from pledges.selectors import commitments as selectors
from pledges.services.commitments import PLEDGE_TEXT_FIELDS
from pledges.transitions import REGISTRATION

# Until the pledge is written, its form starts from the bloc-year's own text.
YEAR_TEXT_FIELDS = ["theme", "slogan", "plan_number", "plan_date"]


def year_page(bloc_year: BlocYear, user: User, *, today: datetime.date) -> dict[str, Any]:
    """The year's commitments: the pledge in force and its versions, the launch meeting, who signed,
    the user's own units, the registrations with their lateness, the flag tally and the history."""
    pledge = selectors.pledge_of(bloc_year)
    return {
        "bloc_year": bloc_year,
        "pledge": pledge,
        "amending": selectors.is_signed(pledge),
        "version": selectors.current_version(pledge) if pledge else None,
        "versions": selectors.pledge_versions(pledge) if pledge else [],
        "meeting": selectors.launch_meeting_of(bloc_year),
        "signatures": selectors.signature_rows(bloc_year, pledge),
        "mine": selectors.my_memberships(user, bloc_year),
        "registrations": selectors.year_registrations(bloc_year, today=today),
        "flags": selectors.flag_tally(bloc_year),
        "history": history_for(bloc_year, *([pledge] if pledge else [])),
    }


@dataclass(frozen=True)
class PledgeFormSetup:
    initial: dict[str, Any]
    clauses: list[dict[str, Any]]  # the clause formset's initial rows
    members: list[Membership]  # whose own theme the form asks for
    amending: bool  # a member has signed: the change needs a note and makes a new version


def pledge_form_setup(bloc_year: BlocYear, pledge: Pledge | None) -> PledgeFormSetup:
    """The pledge form's starting values: the text in force with its clauses and unit themes."""
    members = selectors.current_members(bloc_year)
    amending = selectors.is_signed(pledge)
    if pledge is None:
        return PledgeFormSetup({name: getattr(bloc_year, name) for name in YEAR_TEXT_FIELDS}, [], members, amending)
    version = selectors.current_version(pledge)
    initial = {name: getattr(version, name) for name in PLEDGE_TEXT_FIELDS}
    initial.update({f"theme_{t.unit_id}": t.theme for t in version.unit_themes.all()})
    clauses = [
        {"content": c.content, "unit_of_measure": c.unit_of_measure, "target_value": c.target_value}
        for c in version.clauses.all()
    ]
    return PledgeFormSetup(initial, clauses, members, amending)


def registration_page(registration: Registration, user: User) -> dict[str, Any]:
    """The registration, its unit as named that year, the moves the user may make, its history."""
    return {
        "registration": registration,
        "unit_name": selectors.registration_unit_name(registration),
        "moves": moves(REGISTRATION, user, registration),
        "history": history_for(registration),
    }


def registration_list_page(
    user: User, form: RegistrationFilterForm, filters: selectors.RegistrationFilter, params: QueryDict
) -> dict[str, Any]:
    """One page of 100 of the council office's registrations, units named as they were that year;
    ``query`` keeps the filters for the pager's links."""
    registrations = selectors.province_registrations(user, filters)
    page = Paginator(registrations, 100).get_page(params.get("page"))
    page.object_list = selectors.with_unit_names(page.object_list)
    query = params.copy()
    query.pop("page", None)
    return {"form": form, "page": page, "query": query.urlencode()}
