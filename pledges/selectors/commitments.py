"""Reads of launch meetings, pledges, signatures and title registrations, and their chokepoints."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from blocs.enums import BlocYearStatus
from blocs.models import BlocYear, Membership
from blocs.selectors import ROLE_ORDER, name_in_year, name_on, roles_of, visible_blocs
from core.models import User
from core.selectors import get_or_404
from pledges.calculations import days_late
from pledges.enums import RegistrationStatus
from pledges.models import LaunchMeeting, Pledge, PledgeSignature, PledgeVersion, Registration, Title
from pledges.selectors import Viewer, with_extras


def get_pledge_for_user(user: Viewer, pk: object) -> Pledge:
    """The pledge, or 404 when it does not exist or the user may not see its bloc."""
    queryset = Pledge.objects.filter(bloc_year__bloc__in=visible_blocs(user))
    return get_or_404(queryset.select_related("bloc_year__bloc__province"), pk)


def get_registration_for_user(user: Viewer, pk: object) -> Registration:
    """The registration, or 404 when it does not exist or the user may not see its bloc."""
    queryset = Registration.objects.filter(bloc_year__bloc__in=visible_blocs(user))
    return get_or_404(queryset.select_related("bloc_year__bloc__province", "unit", "title"), pk)


def pledge_of(bloc_year: BlocYear) -> Pledge | None:
    """The year's pledge, if the secretariat has written it."""
    return Pledge.objects.filter(bloc_year=bloc_year).first()


def launch_meeting_of(bloc_year: BlocYear) -> LaunchMeeting | None:
    """The year's launch meeting, if recorded."""
    return LaunchMeeting.objects.filter(bloc_year=bloc_year).first()


def is_signed(pledge: Pledge | None) -> bool:
    """A member has signed the pledge: a change is then an amendment (a new version)."""
    return pledge is not None and pledge.signatures.exists()


def current_version(pledge: Pledge) -> PledgeVersion:
    """The pledge's text in force, with its clauses and unit themes."""
    versions = pledge.versions.prefetch_related("clauses", "unit_themes__unit__names")
    return versions.get(number=pledge.current_version)


def pledge_versions(pledge: Pledge) -> list[PledgeVersion]:
    """Every version, newest first, each with its clauses and author."""
    return list(pledge.versions.select_related("created_by").prefetch_related("clauses"))


@dataclass
class SignatureRow:
    membership: Membership
    unit_name: str
    signature: PledgeSignature | None


def signature_rows(bloc_year: BlocYear, pledge: Pledge | None) -> list[SignatureRow]:
    """One row per current member (head first), with its signature of the pledge if recorded."""
    signatures = {s.unit_id: s for s in pledge.signatures.all()} if pledge else {}
    year_end = datetime.date(bloc_year.year, 12, 31)
    members = current_members(bloc_year)
    return [SignatureRow(m, name_on(m.unit, year_end), signatures.get(m.unit_id)) for m in members]


def current_members(bloc_year: BlocYear) -> list[Membership]:
    """Current members, head first then deputies, each with ``unit_name`` as it was that year."""
    memberships = bloc_year.memberships.filter(left_on__isnull=True).select_related("unit", "bloc_year")
    memberships = memberships.prefetch_related("unit__names").order_by(ROLE_ORDER, "unit__name")
    year_end = datetime.date(bloc_year.year, 12, 31)
    return [with_extras(m, unit_name=name_on(m.unit, year_end)) for m in memberships]


def unsigned_members(bloc_year: BlocYear) -> QuerySet[Membership]:
    """Current members whose leader has not signed the year's pledge (all of them without a pledge)."""
    signed = PledgeSignature.objects.filter(pledge__bloc_year=bloc_year).values("unit_id")
    return bloc_year.memberships.filter(left_on__isnull=True).exclude(unit_id__in=signed).select_related("unit")


def my_memberships(user: User, bloc_year: BlocYear) -> list[Membership]:
    """The user's units' current memberships of the year, each with ``unit_name``: its name that year."""
    officer_units = roles_of(user).officer_unit_ids
    memberships = bloc_year.memberships.filter(left_on__isnull=True, unit_id__in=officer_units)
    memberships = memberships.select_related("unit", "bloc_year").prefetch_related("unit__names")
    return [with_extras(m, unit_name=name_in_year(m)) for m in memberships]


def year_registrations(bloc_year: BlocYear, *, today: datetime.date) -> list[Registration]:
    """The year's registrations by title then unit, units named as they were that year, each with
    ``days_late``: days past the bloc's registration deadline when (last) submitted, or today if not yet."""
    queryset = bloc_year.registrations.select_related("title", "unit").prefetch_related("unit__names")
    registrations = _with_unit_names(list(queryset))
    deadline = getattr(getattr(bloc_year, "rule", None), "registration_deadline", None)
    for registration in registrations:
        submitted = timezone.localdate(registration.submitted_at) if registration.submitted_at else None
        # A closed year's unsubmitted registration is history, not "late" by today's date.
        open_or_sent = submitted is not None or bloc_year.status != BlocYearStatus.CLOSED
        with_extras(registration, days_late=days_late(deadline, submitted, today) if deadline and open_or_sent else 0)
    return registrations


def flag_tally(bloc_year: BlocYear) -> list[tuple[Title, int, int]]:
    """(flag title, units registered (not in draft), current members) for each flag title registered."""
    members = bloc_year.memberships.filter(left_on__isnull=True).count()
    registered = bloc_year.registrations.filter(title__is_flag=True).exclude(status=RegistrationStatus.DRAFT)
    counts = dict(registered.order_by().values("title").annotate(n=Count("pk")).values_list("title", "n"))
    titles = Title.objects.filter(pk__in=counts)
    return [(title, counts[title.pk], members) for title in titles]


@dataclass(frozen=True)
class RegistrationFilter:
    year: int | None = None
    bloc_id: int | None = None
    title_id: int | None = None
    status: str = ""


def province_registrations(user: User, filters: RegistrationFilter) -> QuerySet[Registration]:
    """Registrations the council office sees: every bloc of its provinces, drafts left out.

    Ordered by year (newest first), bloc, title and unit; ready for the list page and the export.
    """
    roles = roles_of(user)
    queryset = Registration.objects.exclude(status=RegistrationStatus.DRAFT)
    if not roles.is_admin:
        queryset = queryset.filter(bloc_year__bloc__province_id__in=roles.office_province_ids)
    for field, value in [
        ("bloc_year__year", filters.year),
        ("bloc_year__bloc_id", filters.bloc_id),
        ("title_id", filters.title_id),
        ("status", filters.status),
    ]:
        if value:
            queryset = queryset.filter(**{field: value})
    queryset = queryset.select_related("bloc_year__bloc__province", "unit", "title")
    queryset = queryset.prefetch_related(Prefetch("unit__names"))
    return queryset.order_by("-bloc_year__year", "bloc_year__bloc__name", "title__position", "unit__name")


def registration_unit_name(registration: Registration) -> str:
    """The registering unit's name at the end of the registration's year."""
    return name_on(registration.unit, datetime.date(registration.bloc_year.year, 12, 31))


def with_unit_names(registrations: Iterable[Registration]) -> list[Registration]:
    """Give each registration ``unit_name``: its unit's name at the end of that year (``unit__names`` prefetched)."""
    return _with_unit_names(list(registrations))


def _with_unit_names(registrations: list[Registration]) -> list[Registration]:
    for registration in registrations:
        with_extras(registration, unit_name=registration_unit_name(registration))
    return registrations


def active_titles() -> QuerySet[Title]:
    return Title.objects.filter(is_active=True)
