"""What the pledges app asks of each persona today (see core.dashboard)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from blocs.enums import BlocYearStatus, MemberRole
from blocs.models import Membership
from blocs.selectors import roles_of
from core.dashboard import Item, Section, provider
from pledges.calculations import days_late
from pledges.enums import ReportKind, ReportStatus
from pledges.models import InspectionFinding, UnitReport
from pledges.selectors.reports import due_date_of

# --- Reports, inspections (P-B) ------------------------------------------------
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


# --- end of reports, inspections (P-B) -----------------------------------------
