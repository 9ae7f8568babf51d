"""Reads of reports and inspections, and the chokepoints through which views reach them."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from blocs.enums import BlocYearStatus, MemberRole, UnitRoleKind
from blocs.models import BlocYear, Membership, Unit
from blocs.selectors import ROLE_ORDER, Roles, current_member_units, name_in_year, name_on, roles_of, visible_blocs
from core.models import User
from core.selectors import get_or_404
from pledges.calculations import days_late
from pledges.enums import ReportKind, ReportStatus
from pledges.models import (
    BlocReport,
    Inspection,
    InspectionAttachment,
    InspectionFinding,
    ReportAttachment,
    UnitReport,
)
from pledges.selectors import Viewer, with_extras

DEADLINE_FIELD: dict[str, str] = {
    ReportKind.SIX_MONTH: "six_month_report_deadline",
    ReportKind.ANNUAL: "annual_report_deadline",
}

# --- Deadlines -------------------------------------------------------------------------


def due_date_of(bloc_year: BlocYear, kind: str) -> datetime.date | None:
    """The report's deadline from the bloc's rules for the year (None when the year has no rules)."""
    rule = getattr(bloc_year, "rule", None)
    return getattr(rule, DEADLINE_FIELD[kind]) if rule else None


def days_late_of(report: UnitReport, *, today: datetime.date) -> int:
    """How many days after its deadline the report was first submitted (or, unsubmitted, is by today)."""
    due = due_date_of(report.bloc_year, report.kind)
    if due is None:
        return 0
    submitted = timezone.localdate(report.first_submitted_at) if report.first_submitted_at else None
    if submitted is None and report.bloc_year.status == BlocYearStatus.CLOSED:
        return 0  # a closed year's unfiled report is history: not filed, not "late" by today's date
    return days_late(due, submitted, today)


# --- Chokepoints -----------------------------------------------------------------------


def visible_unit_reports(user: Viewer) -> QuerySet[UnitReport]:
    """Reports the user may read: the council's province's, the user's units', and all of a year they help lead."""
    roles = roles_of(user)
    if roles.is_admin:
        return UnitReport.objects.exclude(_others_drafts(roles))
    leads = Membership.objects.filter(
        bloc_year=OuterRef("bloc_year"),
        unit_id__in=roles.officer_unit_ids,
        role__in=[MemberRole.HEAD, MemberRole.DEPUTY],
        left_on__isnull=True,
    )
    return UnitReport.objects.filter(
        Q(bloc_year__bloc__province_id__in=roles.council_province_ids) | Q(unit_id__in=roles.unit_ids) | Exists(leads)
    ).exclude(_others_drafts(roles))


def _others_drafts(roles: Roles) -> Q:
    """Other units' reports never submitted: a draft is its unit's alone until the first submission."""
    return Q(first_submitted_at__isnull=True) & ~Q(unit_id__in=roles.unit_ids)


def get_unit_report_for_user(user: Viewer, pk: object) -> UnitReport:
    """The unit report, or 404 when it does not exist or the user may not read it (another unit's draft)."""
    queryset = visible_unit_reports(user).select_related("bloc_year__bloc__province", "bloc_year__rule", "unit")
    return get_or_404(queryset, pk)


def get_bloc_report_for_user(user: Viewer, pk: object) -> BlocReport:
    """The bloc report, or 404 when the user may not see its bloc (a draft is then refused by permission)."""
    queryset = BlocReport.objects.filter(bloc_year__bloc__in=visible_blocs(user))
    return get_or_404(queryset.select_related("bloc_year__bloc__province", "issuer_unit"), pk)


def get_inspection_for_user(user: Viewer, pk: object) -> Inspection:
    """The inspection, or 404 when the user may not see its bloc."""
    queryset = Inspection.objects.filter(bloc_year__bloc__in=visible_blocs(user))
    return get_or_404(queryset.select_related("bloc_year__bloc__province", "recorded_by"), pk)


def get_report_attachment_for_user(user: Viewer, pk: object) -> ReportAttachment:
    """A file of a report the user may read, or 404."""
    queryset = ReportAttachment.objects.filter(report__in=visible_unit_reports(user))
    return get_or_404(queryset.select_related("report__bloc_year", "report__unit"), pk)


def get_inspection_attachment_for_user(user: Viewer, pk: object) -> InspectionAttachment:
    """A file of an inspection of a bloc the user sees, or 404 (the view then checks who sees every finding)."""
    queryset = InspectionAttachment.objects.filter(inspection__bloc_year__bloc__in=visible_blocs(user))
    return get_or_404(queryset.select_related("inspection__bloc_year__bloc"), pk)


# --- People to tell ----------------------------------------------------------------------


def unit_officers(unit_id: int) -> QuerySet[User]:
    """Active accounts acting as emulation officers of the unit, by id (reminders claim rows in this order)."""
    return _officers(unit_roles__unit_id=unit_id)


def secretariat_officers(bloc_year: BlocYear) -> QuerySet[User]:
    """Officers of the unit heading the bloc that year."""
    head = Membership.objects.filter(bloc_year=bloc_year, role=MemberRole.HEAD, left_on__isnull=True)
    return _officers(unit_roles__unit_id__in=head.values("unit_id"))


def member_officers(bloc_year: BlocYear) -> QuerySet[User]:
    """Officers of every current member unit of the bloc-year."""
    members = Membership.objects.filter(bloc_year=bloc_year, left_on__isnull=True)
    return _officers(unit_roles__unit_id__in=members.values("unit_id"))


def _officers(**units: object) -> QuerySet[User]:
    """Active accounts with an active officer role in the ``units`` named, each once, by id."""
    active_officer = {"unit_roles__role": UnitRoleKind.OFFICER, "unit_roles__is_active": True}
    return User.objects.filter(is_active=True, **active_officer, **units).distinct().order_by("pk")


# --- Pages -------------------------------------------------------------------------------


def _members(bloc_year: BlocYear) -> QuerySet[Membership]:
    queryset = bloc_year.memberships.select_related("unit", "bloc_year").prefetch_related("unit__names")
    return queryset.order_by(ROLE_ORDER, "unit__name")


def accepted_unit_reports(bloc_year: BlocYear, kind: str) -> list[tuple[Membership, UnitReport]]:
    """(membership, accepted report) for each member unit that has one, head first, then by name."""
    reports = {
        r.unit_id: r for r in UnitReport.objects.filter(bloc_year=bloc_year, kind=kind, status=ReportStatus.ACCEPTED)
    }
    return [(m, reports[m.unit_id]) for m in _members(bloc_year) if m.unit_id in reports]


def report_members(bloc_year: BlocYear, user: User) -> QuerySet[Membership]:
    """The members whose reports the user sees on the year's page: every one for the council and the
    bloc's leaders, the user's own units otherwise; head first, then by name."""
    members = _members(bloc_year)
    if not user.has_perm("pledges.view_year_reports", bloc_year):
        members = members.filter(unit_id__in=roles_of(user).unit_ids)
    return members


def year_unit_reports(bloc_year: BlocYear, user: User, unit_ids: list[int]) -> dict[tuple[int, str], UnitReport]:
    """The year's reports of ``unit_ids`` the user may read, by (unit id, kind); other units' drafts left out."""
    reports = UnitReport.objects.filter(bloc_year=bloc_year, unit_id__in=unit_ids).exclude(
        _others_drafts(roles_of(user))
    )
    by_key = {}
    for report in reports:
        report.bloc_year = bloc_year  # the page reads the year's rules and status for each report
        by_key[(report.unit_id, report.kind)] = report
    return by_key


def year_bloc_reports(bloc_year: BlocYear) -> dict[str, BlocReport]:
    """The bloc's reports of the year, by kind."""
    return {report.kind: report for report in bloc_year.bloc_reports.all()}


def year_inspections(bloc_year: BlocYear) -> list[Inspection]:
    return list(bloc_year.inspections.all())


def unit_name_of(report: UnitReport) -> str:
    """The unit's name in the report's year (units get renamed; history keeps the old names)."""
    return name_on(report.unit, datetime.date(report.bloc_year.year, 12, 31))


def unit_report_attachments(report: UnitReport) -> list[ReportAttachment]:
    """The report's files, oldest first, with who uploaded them."""
    return list(report.attachments.select_related("uploaded_by"))


def findings_for_user(inspection: Inspection, user: User) -> list[InspectionFinding]:
    """Every unit's findings for the council and the secretariat; a member unit sees only its own.

    Each finding has ``unit_name``: its unit's name on the day of the inspection.
    """
    findings = inspection.findings.select_related("unit").prefetch_related("unit__names")
    if not user.has_perm("pledges.view_inspection_findings", inspection):
        findings = findings.filter(unit_id__in=roles_of(user).unit_ids)
    return [with_extras(finding, unit_name=name_on(finding.unit, inspection.inspected_on)) for finding in findings]


def finding_units(inspection: Inspection) -> QuerySet[Unit]:
    """The units the inspection may record findings for: the year's current members, by name."""
    return current_member_units(inspection.bloc_year).prefetch_related("names").order_by("name")


def finding_initial(inspection: Inspection, unit: str) -> dict[str, object]:
    """The finding form's starting values: the unit's recorded finding, to edit it, when ``unit`` names one."""
    finding = inspection.findings.filter(unit_id=unit).first() if unit.isdigit() else None
    if finding is None:
        return {"unit": unit} if unit.isdigit() else {}
    return {"unit": finding.unit_id, "findings": finding.findings, "recommendations": finding.recommendations}


def inspection_attachments(inspection: Inspection) -> list[InspectionAttachment]:
    """The inspection's files, oldest first, with who uploaded them."""
    return list(inspection.attachments.select_related("uploaded_by"))


def bloc_report_for_pdf(report: BlocReport) -> BlocReport:
    """The bloc report re-read with what its PDF shows (bloc, province, issuing unit)."""
    return BlocReport.objects.select_related("bloc_year__bloc__province", "issuer_unit").get(pk=report.pk)


def bloc_unit_headings(bloc_year: BlocYear) -> frozenset[str]:
    """The "Unit name:" lines under which a compiled bloc report gathers each member's text."""
    return frozenset(f"{name_in_year(membership)}:" for membership in _members(bloc_year))


def unit_report_for_pdf(report: UnitReport) -> UnitReport:
    """The unit report re-read with what its PDF shows (bloc, province, rules, unit)."""
    return UnitReport.objects.select_related("bloc_year__bloc__province", "bloc_year__rule", "unit").get(pk=report.pk)
