"""What the pledges app asks of each persona today (see core.dashboard)."""

import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from blocs.enums import BlocYearStatus, MemberRole
from blocs.models import BlocYear, Membership, Province
from blocs.selectors import roles_of
from core.dashboard import Item, Section, provider
from pledges.calculations import days_late
from pledges.enums import RegistrationStatus, ReportKind, ReportStatus
from pledges.models import InspectionFinding, LaunchMeeting, Pledge, PledgeSignature, Registration, UnitReport
from pledges.selectors.reports import due_date_of

# --- Reports, inspections ------------------------------------------------------
REPORT_WINDOW_DAYS = 30


@provider
def report_sections(user, *, today):
    roles = roles_of(user)
    if not roles.officer_unit_ids:
        return []
    items = _unit_report_items(roles.officer_unit_ids, today)
    items += _awaiting_decision_items(roles.officer_unit_ids)
    items += _finding_items(roles.unit_ids)
    if not items:
        return []
    return [Section(_("Reports and inspections"), items)]


def _open_memberships(unit_ids):
    return (
        Membership.objects.filter(unit_id__in=unit_ids, left_on__isnull=True)
        .exclude(bloc_year__status=BlocYearStatus.CLOSED)
        .select_related("unit", "bloc_year__bloc", "bloc_year__rule")
    )


def _unit_report_items(unit_ids, today: datetime.date) -> list[Item]:
    memberships = list(_open_memberships(unit_ids))
    reports = UnitReport.objects.filter(
        unit_id__in=unit_ids, bloc_year_id__in=[m.bloc_year_id for m in memberships]
    ).select_related("unit", "bloc_year__bloc")
    by_key = {(r.bloc_year_id, r.unit_id, r.kind): r for r in reports}
    items = []
    for membership in memberships:
        for kind in ReportKind.values:
            items += _report_item(
                membership, kind, by_key.get((membership.bloc_year_id, membership.unit_id, kind)), today
            )
    return items


def _report_item(membership, kind: str, report, today: datetime.date) -> list[Item]:
    if report is not None and report.status == ReportStatus.RETURNED:
        text = _("%(report)s was returned: %(reason)s") % {"report": report, "reason": report.return_reason}
        return [Item(text, report.get_absolute_url(), "danger")]
    if report is not None and report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        return []
    due = due_date_of(membership.bloc_year, kind)
    if due is None or not -REPORT_WINDOW_DAYS <= (due - today).days <= REPORT_WINDOW_DAYS:
        return []
    values = {"what": ReportKind(kind).label, "unit": membership.unit, "bloc_year": membership.bloc_year}
    text = _("%(what)s of %(unit)s for %(bloc_year)s") % values
    late = days_late(due, None, today)
    url = report.get_absolute_url() if report else reverse("pledges:report_year", args=[membership.bloc_year_id])
    level = "danger" if late else ("warning" if (due - today).days <= 7 else "info")
    return [Item(text, url, level, due, (due - today).days)]


def _awaiting_decision_items(officer_unit_ids) -> list[Item]:
    """Submitted reports of the years the user's unit heads: the secretariat decides on them."""
    headed = Membership.objects.filter(
        unit_id__in=officer_unit_ids, role=MemberRole.HEAD, left_on__isnull=True
    ).exclude(bloc_year__status=BlocYearStatus.CLOSED)
    waiting = UnitReport.objects.filter(
        bloc_year_id__in=headed.values("bloc_year_id"), status=ReportStatus.SUBMITTED
    ).select_related("unit", "bloc_year__bloc")
    return [
        Item(_("%(report)s is waiting for your decision.") % {"report": report}, report.get_absolute_url(), "warning")
        for report in waiting
    ]


def _finding_items(unit_ids) -> list[Item]:
    findings = (
        InspectionFinding.objects.filter(unit_id__in=unit_ids)
        .exclude(inspection__bloc_year__status=BlocYearStatus.CLOSED)
        .select_related("unit", "inspection__bloc_year__bloc")
    )
    return [
        Item(
            _("The council's inspection of %(date)s recorded findings for %(unit)s.")
            % {"date": finding.inspection.inspected_on.strftime("%d/%m/%Y"), "unit": finding.unit},
            finding.inspection.get_absolute_url(),
        )
        for finding in findings
    ]


# --- Pledge and registrations -------------------------------------------------------

BEFORE_SIGNING = [BlocYearStatus.DRAFT, BlocYearStatus.LAUNCHED]


def _unsigned_count():
    signed = PledgeSignature.objects.filter(pledge__bloc_year=OuterRef(OuterRef("pk"))).values("unit_id")
    unsigned = Membership.objects.filter(bloc_year=OuterRef("pk"), left_on__isnull=True).exclude(unit_id__in=signed)
    counted = unsigned.order_by().values("bloc_year").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _registrations(status):
    return Count("registrations", filter=Q(registrations__status=status), distinct=True)


@provider
def commitments_secretariat_sections(user, *, today):
    officer_units = roles_of(user).officer_unit_ids
    if not officer_units:
        return []
    led = BlocYear.objects.exclude(status=BlocYearStatus.CLOSED).filter(
        memberships__unit_id__in=officer_units, memberships__role=MemberRole.HEAD, memberships__left_on__isnull=True
    )
    led = led.annotate(
        has_meeting=Exists(LaunchMeeting.objects.filter(bloc_year=OuterRef("pk"))),
        has_pledge=Exists(Pledge.objects.filter(bloc_year=OuterRef("pk"))),
        unsigned=_unsigned_count(),
        submitted=_registrations(RegistrationStatus.SUBMITTED),
        accepted=_registrations(RegistrationStatus.ACCEPTED),
    )
    sections = []
    for bloc_year in led.select_related("bloc").order_by("-year"):
        items = _secretariat_items(bloc_year)
        if items:
            title = _("Pledge and registrations of %(bloc_year)s") % {"bloc_year": bloc_year}
            sections.append(Section(title, items, links=[(_("Open"), _commitments_url(bloc_year))]))
    return sections


def _secretariat_items(bloc_year) -> list[Item]:
    url, items = _commitments_url(bloc_year), []
    early = bloc_year.status in BEFORE_SIGNING
    if early and not bloc_year.has_meeting:
        items.append(Item(_("Record the launch meeting."), url))
    if early and not bloc_year.has_pledge:
        items.append(Item(_("Write the pledge."), url))
    elif early and bloc_year.unsigned:
        text = ngettext(
            "%(count)s member unit has not signed the pledge yet.",
            "%(count)s member units have not signed the pledge yet.",
            bloc_year.unsigned,
        )
        items.append(Item(text % {"count": bloc_year.unsigned}, url))
    if bloc_year.submitted:
        text = ngettext(
            "%(count)s title registration waits for your decision.",
            "%(count)s title registrations wait for your decision.",
            bloc_year.submitted,
        )
        items.append(Item(text % {"count": bloc_year.submitted}, url, "warning"))
    if bloc_year.accepted:
        text = ngettext(
            "%(count)s accepted registration is not yet forwarded to the council office.",
            "%(count)s accepted registrations are not yet forwarded to the council office.",
            bloc_year.accepted,
        )
        items.append(Item(text % {"count": bloc_year.accepted}, url))
    return items


@provider
def commitments_unit_sections(user, *, today):
    officer_units = roles_of(user).officer_unit_ids
    if not officer_units:
        return []
    signed = PledgeSignature.objects.filter(pledge__bloc_year=OuterRef("bloc_year"), unit_id=OuterRef("unit_id"))
    unsigned = (
        Membership.objects.filter(unit_id__in=officer_units, left_on__isnull=True, bloc_year__pledge__isnull=False)
        .exclude(bloc_year__status=BlocYearStatus.CLOSED)
        .exclude(Exists(signed))
        .select_related("bloc_year__bloc", "unit")
    )
    items = [
        Item(
            _("Record the signature of %(unit)s on the pledge of %(bloc_year)s.")
            % {"unit": m.unit, "bloc_year": m.bloc_year},
            reverse("pledges:pledge_sign", args=[m.pk]),
            "warning",
        )
        for m in unsigned
    ]
    returned = Registration.objects.filter(unit_id__in=officer_units, status=RegistrationStatus.RETURNED)
    items += [
        Item(
            _("The registration of %(unit)s for “%(title)s” was returned: %(reason)s")
            % {"unit": r.unit, "title": r.title, "reason": r.return_reason},
            r.get_absolute_url(),
            "warning",
        )
        for r in returned.select_related("unit", "title")
    ]
    return [Section(_("Pledge and title registrations of my unit"), items)] if items else []


@provider
def commitments_council_office_sections(user, *, today):
    forwarded = Q(blocs__years__registrations__status=RegistrationStatus.FORWARDED) & ~Q(
        blocs__years__status=BlocYearStatus.CLOSED
    )
    provinces = Province.objects.filter(pk__in=roles_of(user).office_province_ids)
    provinces = provinces.annotate(forwarded=Count("blocs__years__registrations", filter=forwarded))
    url = reverse("pledges:registration_list")
    sections = []
    for province in provinces.order_by("name"):
        items = []
        if province.forwarded:
            text = ngettext(
                "%(count)s title registration forwarded by the blocs of %(province)s (open years).",
                "%(count)s title registrations forwarded by the blocs of %(province)s (open years).",
                province.forwarded,
            )
            items.append(Item(text % {"count": province.forwarded, "province": province}, url))
        if items:
            sections.append(Section(_("Title registrations"), items, links=[(_("All registrations"), url)]))
    return sections


def _commitments_url(bloc_year) -> str:
    return reverse("pledges:commitments", args=[bloc_year.pk])
