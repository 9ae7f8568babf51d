"""Reads of the organisation model, and the chokepoints through which views reach its objects."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils.functional import LazyObject, empty

from blocs.enums import CouncilRoleKind, MemberRole, UnitRoleKind, UnitStatus
from blocs.models import (
    Bloc,
    BlocYear,
    CouncilOfficeName,
    CouncilRole,
    Membership,
    Province,
    Unit,
    UnitName,
    UnitRole,
    UnitSuccession,
)
from core.models import User
from core.selectors import get_or_404
from core.services import Issue


@dataclass(frozen=True)
class Roles:
    """The facts in the database that decide what one person may see and do."""

    is_admin: bool = False
    unit_ids: frozenset[int] = frozenset()
    officer_unit_ids: frozenset[int] = frozenset()
    office_province_ids: frozenset[int] = frozenset()
    council_province_ids: frozenset[int] = frozenset()


NO_ROLES = Roles()

Viewer = User | AnonymousUser
T = TypeVar("T")


def _kept_on(obj: object, name: str, load: Callable[[], T]) -> T:
    """``load()`` once per instance: the value is kept on the object (a user, a year) for the request."""
    store = vars(_unwrapped(obj))
    value: T | None = store.get(name)  # None: not loaded yet, or dropped to be read again
    if value is None:
        value = store[name] = load()
    return value


def _unwrapped(obj: object) -> object:
    """The object behind a lazy proxy (``request.user`` is one). A value kept on the proxy itself
    would be read again by the code that holds the real user (django-rules' backend does)."""
    if isinstance(obj, LazyObject):
        if obj._wrapped is empty:  # LazyObject's internals: proxied, set up on first use
            obj._setup()
        return obj._wrapped
    return obj


def roles_of(user: Viewer) -> Roles:
    """The user's roles, read once per request and kept on the user object."""
    if not isinstance(user, User) or not user.is_active:
        return NO_ROLES
    return _kept_on(user, "_roles_cache", lambda: _load_roles(user))


def _load_roles(user: User) -> Roles:
    unit_roles = list(UnitRole.objects.filter(user=user, is_active=True).values_list("unit_id", "role"))
    council_roles = list(CouncilRole.objects.filter(user=user, is_active=True).values_list("province_id", "role"))
    return Roles(
        is_admin=user.is_superuser,
        unit_ids=frozenset(unit for unit, _ in unit_roles),
        officer_unit_ids=frozenset(unit for unit, role in unit_roles if role == UnitRoleKind.OFFICER),
        office_province_ids=frozenset(p for p, role in council_roles if role == CouncilRoleKind.OFFICE_OFFICER),
        council_province_ids=frozenset(p for p, _ in council_roles),
    )


@dataclass(frozen=True)
class Leadership:
    head_unit_id: int | None
    deputy_unit_ids: frozenset[int]


def leadership_of(bloc_year: BlocYear) -> Leadership:
    """Head and deputies among the current members, kept on the instance for the request."""
    return _kept_on(bloc_year, "_leadership_cache", lambda: _load_leadership(bloc_year))


def _load_leadership(bloc_year: BlocYear) -> Leadership:
    rows = Membership.objects.filter(
        bloc_year=bloc_year, left_on__isnull=True, role__in=[MemberRole.HEAD, MemberRole.DEPUTY]
    ).values_list("unit_id", "role")
    head = next((unit for unit, role in rows if role == MemberRole.HEAD), None)
    deputies = frozenset(unit for unit, role in rows if role == MemberRole.DEPUTY)
    return Leadership(head, deputies)


# --- Visibility --------------------------------------------------------------


def visible_blocs(user: Viewer) -> QuerySet[Bloc]:
    """Blocs the user may see: all for an admin, the province's for the council, the unit's own otherwise."""
    roles = roles_of(user)
    if roles.is_admin:
        return Bloc.objects.all()
    member_of_mine = Membership.objects.filter(bloc_year__bloc=OuterRef("pk"), unit_id__in=roles.unit_ids)
    return Bloc.objects.filter(Q(province_id__in=roles.council_province_ids) | Exists(member_of_mine))


def visible_units(user: Viewer) -> QuerySet[Unit]:
    """Units the user may see: their own, the council's province's, and those sharing a bloc with theirs."""
    roles = roles_of(user)
    if roles.is_admin:
        return Unit.objects.all()
    shares_bloc = Membership.objects.filter(unit=OuterRef("pk"), bloc_year__bloc__in=visible_blocs(user))
    return Unit.objects.filter(
        Q(pk__in=roles.unit_ids) | Q(province_id__in=roles.council_province_ids) | Exists(shares_bloc)
    )


# ``core.selectors.get_or_404`` returns a plain Model: each chokepoint names the model it returns.


def get_bloc_for_user(user: Viewer, pk: object) -> Bloc:
    """The bloc, or 404 when it does not exist or the user may not see it."""
    return get_or_404(visible_blocs(user).select_related("province"), pk)


def get_bloc_year_for_user(user: Viewer, pk: object) -> BlocYear:
    """The bloc-year, or 404 when it does not exist or the user may not see its bloc."""
    queryset = BlocYear.objects.filter(bloc__in=visible_blocs(user)).select_related("bloc__province", "rule")
    return get_or_404(queryset, pk)


def get_membership_for_user(user: Viewer, pk: object) -> Membership:
    """The membership, or 404 when the user may not see its bloc."""
    queryset = Membership.objects.filter(bloc_year__bloc__in=visible_blocs(user))
    return get_or_404(queryset.select_related("unit", "bloc_year__bloc__province"), pk)


def get_unit_for_user(user: Viewer, pk: object) -> Unit:
    """The unit, or 404 when it does not exist or the user may not see it."""
    return get_or_404(visible_units(user).select_related("province"), pk)


# --- Documents the bloc issues ---------------------------------------------------


def bloc_issue(
    bloc: Bloc,
    *,
    type_code: str,
    issued_on: datetime.date,
    recipients: list[str],
    place: str = "",
    signer_authority: str = "",
    signer_title: str = "",
    signer_name: str = "",
) -> Issue:
    """The Decree 30 header of a document the bloc issues, as the bloc and its province are named now.

    Numbered in the bloc's own series ("bloc:<pk>"); the place defaults to the province's name.
    ``bloc.province`` should be loaded with the bloc.
    """
    return Issue(
        issuer_key=f"bloc:{bloc.pk}",
        type_code=type_code,
        issuer_code=bloc.abbreviation,
        issued_on=issued_on,
        place=place or bloc.province.name,
        superior=bloc.province.people_committee,
        issuer=bloc.name.upper(),
        signer_authority=signer_authority,
        signer_title=signer_title,
        signer_name=signer_name,
        recipients=recipients,
    )


# --- Reads for pages ------------------------------------------------------------


def blocs_with_years(user: Viewer) -> list[Bloc]:
    """Visible blocs with their province and their years newest first, each year with its current
    head and deputies as ``leaders`` (their units' names loaded)."""
    years = BlocYear.objects.order_by("-year").prefetch_related(_leaders_prefetch())
    blocs = visible_blocs(user).select_related("province").prefetch_related(Prefetch("years", queryset=years))
    return list(blocs)


def _leaders_prefetch() -> "Prefetch[str, QuerySet[Membership], str]":  # generic only in the stubs
    leaders = Membership.objects.filter(role__in=[MemberRole.HEAD, MemberRole.DEPUTY], left_on__isnull=True)
    leaders = leaders.select_related("unit").prefetch_related("unit__names")
    return Prefetch("memberships", queryset=leaders, to_attr="leaders")


ROLE_ORDER = Case(
    When(role=MemberRole.HEAD, then=Value(0)), When(role=MemberRole.DEPUTY, then=Value(1)), default=Value(2)
)


def bloc_years_with_members(bloc: Bloc) -> list[BlocYear]:
    """Every year of the bloc, newest first, with its members and rules.

    Members come head first, then deputies, then the others, those who left last;
    each carries ``unit_name``, the name its unit had in that year.
    """
    members = Membership.objects.select_related("unit").prefetch_related("unit__names")
    members = members.order_by(F("left_on").asc(nulls_first=True), ROLE_ORDER, "unit__name")
    years = list(bloc.years.select_related("rule").prefetch_related(Prefetch("memberships", queryset=members)))
    for bloc_year in years:
        for membership in bloc_year.memberships.all():
            membership.unit_name = name_in_year(membership)
    return sorted(years, key=lambda y: -y.year)


def name_in_year(membership: Membership) -> str:
    """The unit's name at the end of the year, or on the day it left the bloc."""
    return name_on(membership.unit, membership.left_on or datetime.date(membership.bloc_year.year, 12, 31))


def unit_names(unit: Unit) -> list[UnitName]:
    return list(unit.names.order_by("-valid_from"))


def unit_memberships(unit: Unit, user: Viewer) -> list[Membership]:
    """The unit's memberships by year, limited to blocs the user may see."""
    queryset = unit.memberships.filter(bloc_year__bloc__in=visible_blocs(user))
    return list(queryset.select_related("bloc_year__bloc").order_by("-bloc_year__year", "bloc_year__bloc__name"))


def unit_successions(unit: Unit) -> tuple[list[UnitSuccession], list[UnitSuccession]]:
    """(where the unit came from, where it went), each with the other unit loaded."""
    came_from = list(unit.successions_in.select_related("predecessor"))
    went_to = list(unit.successions_out.select_related("successor"))
    return came_from, went_to


def name_on(unit: Unit, day: datetime.date) -> str:
    """The name the unit carried on ``day`` (its current name when no history covers the day)."""
    names = unit.names.all()
    for entry in names:
        if (entry.valid_from is None or entry.valid_from <= day) and (entry.valid_to is None or day <= entry.valid_to):
            return entry.name
    # After the unit ended no name covers the day: it is remembered by its last name.
    ended = [(entry.valid_to, entry.name) for entry in names if entry.valid_to and entry.valid_to < day]
    return max(ended, key=lambda pair: pair[0])[1] if ended else unit.name


def council_office_on(province: Province, *, on: datetime.date) -> CouncilOfficeName:
    """The council office as a document dated ``on`` names it: the dated name covering the day.

    Without one, an unsaved entry naming the office by its role, which is never wrong.
    """
    covering = CouncilOfficeName.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        province=province,
    )
    entry = covering.order_by(F("valid_from").desc(nulls_last=True)).first()
    role = province.emulation_office_role
    return entry or CouncilOfficeName(
        province=province, name=role, head_title=f"Thủ trưởng {role[0].lower()}{role[1:]}"
    )


def council_office_name(province: Province, *, on: datetime.date) -> str:
    """The name the province's council office bore on ``on`` (see ``council_office_on``)."""
    return council_office_on(province, on=on).name


def ended_units_still_members(bloc_year_ids: Iterable[int]) -> QuerySet[Membership]:
    """Current memberships held by units that have since merged, been renamed away or dissolved."""
    return (
        Membership.objects.filter(bloc_year_id__in=bloc_year_ids, left_on__isnull=True)
        .exclude(unit__status=UnitStatus.ACTIVE)
        .select_related("unit", "bloc_year__bloc")
    )


def current_member_units(bloc_year: BlocYear) -> QuerySet[Unit]:
    """The units that are members of the bloc-year and have not left it."""
    return Unit.objects.filter(memberships__bloc_year=bloc_year, memberships__left_on__isnull=True)


def membership_candidates(bloc_year: BlocYear) -> QuerySet[Unit]:
    """Active units of the bloc's province that are not yet members that year."""
    return Unit.objects.filter(province_id=bloc_year.bloc.province_id, status=UnitStatus.ACTIVE).exclude(
        memberships__bloc_year=bloc_year
    )


def succession_candidates(unit: Unit) -> QuerySet[Unit]:
    """Active units that can take over from ``unit``: its own province's and those of successor provinces."""
    provinces = [unit.province_id, *unit.province.successors.values_list("pk", flat=True)]
    return Unit.objects.filter(province_id__in=provinces, status=UnitStatus.ACTIVE).exclude(pk=unit.pk)


def unit_list(user: Viewer, *, query: str = "") -> QuerySet[Unit]:
    """Visible units, searched by any name they ever carried (current or former), with their province."""
    units = visible_units(user).select_related("province").order_by("province__name", "name")
    if query:
        units = units.filter(Exists(UnitName.objects.filter(unit=OuterRef("pk"), name__icontains=query)))
    return units


# --- Lifecycle ------------------------------------------------------------------


def has_leadership(bloc_year: BlocYear) -> bool:
    """Whether the year has a current head unit and at least one current deputy unit."""
    leadership = leadership_of(bloc_year)
    return leadership.head_unit_id is not None and bool(leadership.deputy_unit_ids)


def following_year(bloc_year: BlocYear) -> BlocYear | None:
    """The bloc's next year after ``bloc_year``, when it has been opened."""
    return BlocYear.objects.filter(bloc_id=bloc_year.bloc_id, year=bloc_year.year + 1).first()
