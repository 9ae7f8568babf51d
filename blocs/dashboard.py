"""What the organisation model asks of each persona today."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from blocs.calculations import days_until
from blocs.enums import BlocYearStatus, CouncilRoleKind, MemberRole
from blocs.models import Bloc, BlocYear, CouncilRole, Membership, Province
from blocs.selectors import ended_units_still_members, roles_of
from core.dashboard import Item, Section, provider
from core.selectors import failed_login_count

DEADLINE_WINDOW_DAYS = 30
DEADLINE_LABELS = {
    "registration_deadline": gettext_lazy("Title registration"),
    "six_month_report_deadline": gettext_lazy("6-month report"),
    "annual_report_deadline": gettext_lazy("Annual report"),
    "self_scoring_deadline": gettext_lazy("Self-scoring"),
    "dossier_deadline": gettext_lazy("Proposal dossier"),
}


def _open_years():
    return BlocYear.objects.exclude(status=BlocYearStatus.CLOSED).select_related("bloc", "rule")


def _deadline_items(bloc_year: BlocYear, today: datetime.date) -> list[Item]:
    rule = getattr(bloc_year, "rule", None)
    items = []
    for field, label in DEADLINE_LABELS.items():
        due = getattr(rule, field, None)
        left = days_until(due, today) if due else None
        if left is not None and 0 <= left <= DEADLINE_WINDOW_DAYS:
            text = _("%(what)s for %(bloc_year)s") % {"what": label, "bloc_year": bloc_year}
            level = "warning" if left <= 7 else "info"
            items.append(Item(text, bloc_year.get_absolute_url(), level, due, left))
    return items


def _ended_member_items(bloc_year_ids) -> list[Item]:
    return [
        Item(
            _("%(unit)s has ended (%(status)s) but is still listed as a member of %(bloc_year)s.")
            % {"unit": m.unit, "status": m.unit.get_status_display().lower(), "bloc_year": m.bloc_year},
            m.bloc_year.get_absolute_url(),
            "warning",
        )
        for m in ended_units_still_members(bloc_year_ids)
    ]


@provider
def admin_sections(user, *, today):
    if not roles_of(user).is_admin:
        return []
    staffed = CouncilRole.objects.filter(role=CouncilRoleKind.OFFICE_OFFICER, is_active=True)
    unstaffed = Province.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).exclude(
        pk__in=staffed.values("province_id")
    )
    items = [
        Item(
            _("%(province)s has no council office officer account.") % {"province": p},
            reverse("admin:blocs_councilrole_add"),
        )
        for p in unstaffed
    ]
    return [
        Section(
            _("System administration"),
            items,
            _("Every active province has at least one council office officer."),
            [(_("Administration"), reverse("admin:index"))],
        ),
        Section(_("Security"), [_failed_login_item(today)]),
    ]


def _failed_login_item(today: datetime.date) -> Item:
    since = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time()))
    count = failed_login_count(since=since)
    text = ngettext("%(count)s failed login since yesterday.", "%(count)s failed logins since yesterday.", count) % {
        "count": count
    }
    return Item(text, reverse("admin:core_securityevent_changelist"), "warning" if count else "info")


@provider
def council_office_sections(user, *, today):
    sections = []
    for province in Province.objects.filter(pk__in=roles_of(user).office_province_ids).order_by("name"):
        items = _missing_year_items(province, today.year) + _open_year_items(province)
        message = _("Every bloc of %(province)s has its %(year)s year set up and its leadership chosen.") % {
            "province": province,
            "year": today.year,
        }
        sections.append(Section(_("Blocs of %(province)s") % {"province": province}, items, message))
    return sections


def _missing_year_items(province: Province, year: int) -> list[Item]:
    blocs = Bloc.objects.filter(province=province, dissolved_on__isnull=True).exclude(years__year=year)
    return [
        Item(
            _("%(bloc)s has no emulation year %(year)s yet.") % {"bloc": bloc, "year": year},
            reverse("blocs:bloc_detail", args=[bloc.pk]),
        )
        for bloc in blocs
    ]


def _open_year_items(province: Province) -> list[Item]:
    years = list(
        _open_years()
        .filter(bloc__province=province)
        .annotate(
            heads=Count("memberships", filter=Q(memberships__role=MemberRole.HEAD)),
            deputies=Count("memberships", filter=Q(memberships__role=MemberRole.DEPUTY)),
        )
    )
    items = [
        Item(_("%(bloc_year)s has no head unit or no deputy.") % {"bloc_year": y}, y.get_absolute_url(), "warning")
        for y in years
        if not y.heads or not y.deputies
    ]
    return items + _ended_member_items([y.pk for y in years])


@provider
def council_member_sections(user, *, today):
    roles = roles_of(user)
    member_provinces = roles.council_province_ids - roles.office_province_ids
    if not member_provinces:
        return []
    proposed = _open_years().filter(bloc__province_id__in=member_provinces, status=BlocYearStatus.PROPOSED)
    items = [
        Item(_("%(bloc_year)s has sent its proposal to the council.") % {"bloc_year": y}, y.get_absolute_url())
        for y in proposed
    ]
    message = _("No bloc has a proposal before the council. Blocs appear here once they send their proposal dossier.")
    return [Section(_("Before the council"), items, message, [(_("All blocs"), reverse("blocs:bloc_list"))])]


@provider
def secretariat_sections(user, *, today):
    officer_units = roles_of(user).officer_unit_ids
    led = _open_years().filter(
        memberships__unit_id__in=officer_units, memberships__role=MemberRole.HEAD, memberships__left_on__isnull=True
    )
    deputies = Membership.objects.filter(bloc_year=OuterRef("pk"), role=MemberRole.DEPUTY)
    sections = []
    for bloc_year in led.annotate(has_deputy=Exists(deputies)).order_by("-year"):
        items = _deadline_items(bloc_year, today) + _ended_member_items([bloc_year.pk])
        if not bloc_year.has_deputy:
            items.insert(0, Item(_("No deputy unit is chosen for this year."), bloc_year.get_absolute_url(), "warning"))
        message = _("Nothing is due in the next %(days)s days.") % {"days": DEADLINE_WINDOW_DAYS}
        title = _("Secretariat of %(bloc_year)s — %(status)s") % {
            "bloc_year": bloc_year,
            "status": bloc_year.get_status_display(),
        }
        sections.append(Section(title, items, message, [(_("Open the bloc"), bloc_year.get_absolute_url())]))
    return sections


@provider
def unit_sections(user, *, today):
    unit_ids = roles_of(user).unit_ids
    if not unit_ids:
        return []
    memberships = Membership.objects.filter(unit_id__in=unit_ids, left_on__isnull=True).exclude(
        bloc_year__status=BlocYearStatus.CLOSED
    )
    memberships = memberships.select_related("unit", "bloc_year__bloc", "bloc_year__rule").order_by("-bloc_year__year")
    items = [item for m in memberships for item in _deadline_items(m.bloc_year, today)]
    links = [(str(m.bloc_year), m.bloc_year.get_absolute_url()) for m in memberships]
    if not memberships:
        message = _("Your unit takes part in no open emulation year. Past years are under Blocs.")
    else:
        message = _("Nothing is due for your unit in the next %(days)s days.") % {"days": DEADLINE_WINDOW_DAYS}
    return [Section(_("My unit"), items, message, links)]
