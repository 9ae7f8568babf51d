"""Pages of reports and inspections: the selectors' rows arranged as the templates show them."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from blocs.enums import BlocYearStatus
from blocs.models import BlocYear, Membership
from blocs.selectors import name_in_year, name_on
from core.models import User
from core.selectors import history_for
from core.services import issued_document_of
from pledges.calculations import days_late
from pledges.enums import UNIT_REPORT_KIND, ReportKind
from pledges.forms.reports import AttachmentForm, IssueBlocReportForm, ReturnReportForm, SubmitReportForm
from pledges.models import BlocReport, Inspection, UnitReport
from pledges.presenters import moves
from pledges.selectors import reports as selectors
from pledges.transitions import BLOC_REPORT, REPORT

# --- The year's reports --------------------------------------------------------------


@dataclass
class ReportCell:
    kind: str
    due: datetime.date | None
    report: UnitReport | None = None
    days_late: int = 0

    @property
    def label(self) -> str:
        return str(ReportKind(self.kind).label)


@dataclass
class BlocReportSlot:
    kind: str
    report: BlocReport | None

    @property
    def label(self) -> str:
        return str(ReportKind(self.kind).label)


@dataclass
class ReportRow:
    membership: Membership
    unit_name: str
    cells: list[ReportCell] = field(default_factory=list)


@dataclass
class ReportsPage:
    rows: list[ReportRow]
    bloc_reports: list[BlocReportSlot]
    inspections: list[Inspection]


def reports_page(bloc_year: BlocYear, user: User, *, today: datetime.date) -> ReportsPage:
    """The year's reports as the user may see them: every unit's for the council and the bloc's
    leaders, the user's own units' otherwise; each cell with its deadline and how late it is."""
    members = list(selectors.report_members(bloc_year, user))
    reports = selectors.year_unit_reports(bloc_year, user, [m.unit_id for m in members])
    rows = [ReportRow(m, name_in_year(m), _cells(bloc_year, m, reports, today)) for m in members]
    bloc_reports = selectors.year_bloc_reports(bloc_year)
    slots = [BlocReportSlot(kind, bloc_reports.get(kind)) for kind in ReportKind.values]
    return ReportsPage(rows, slots, selectors.year_inspections(bloc_year))


def _cells(
    bloc_year: BlocYear, membership: Membership, reports: dict[tuple[int, str], UnitReport], today: datetime.date
) -> list[ReportCell]:
    cells = []
    for kind in ReportKind.values:
        report = reports.get((membership.unit_id, kind))
        cell = ReportCell(kind, selectors.due_date_of(bloc_year, kind), report)
        late = selectors.days_late_of(report, today=today) if report else _late_if_missing(bloc_year, cell.due, today)
        cell.days_late = late
        cells.append(cell)
    return cells


def _late_if_missing(bloc_year: BlocYear, due: datetime.date | None, today: datetime.date) -> int:
    """A report not started is late by ``today``, unless the year is closed (then it is history)."""
    return days_late(due, None, today) if due and bloc_year.status != BlocYearStatus.CLOSED else 0


def report_year_page(bloc_year: BlocYear, user: User, *, today: datetime.date) -> dict[str, Any]:
    return {"bloc_year": bloc_year, "page": reports_page(bloc_year, user, today=today)}


# --- One report, one inspection -------------------------------------------------------


def unit_report_page(report: UnitReport, user: User, *, today: datetime.date) -> dict[str, Any]:
    """The unit report with its issue, deadline, lateness, files, the moves the user may make and its history."""
    unit = report.unit
    signer = {"signer_title": unit.leader_title, "signer_name": unit.leader_name}
    return {
        "report": report,
        "unit_name": selectors.unit_name_of(report),
        "issued": issued_document_of(report, kind=UNIT_REPORT_KIND),
        "due": selectors.due_date_of(report.bloc_year, report.kind),
        "days_late": selectors.days_late_of(report, today=today),
        "attachments": selectors.unit_report_attachments(report),
        "moves": moves(REPORT, user, report),
        "attachment_form": AttachmentForm(),
        "return_form": ReturnReportForm(),
        "submit_form": SubmitReportForm(initial=signer),
        "history": history_for(report),
    }


def bloc_report_page(report: BlocReport, user: User) -> dict[str, Any]:
    """The bloc report, its issuing unit as named at the end of the year, the moves the user may make."""
    return {
        "report": report,
        "issuer_name": name_on(report.issuer_unit, datetime.date(report.bloc_year.year, 12, 31)),
        "moves": moves(BLOC_REPORT, user, report),
        "issue_form": IssueBlocReportForm(),
        "history": history_for(report),
    }


def inspection_page(inspection: Inspection, user: User) -> dict[str, Any]:
    """The inspection: every unit's findings, the files and the history for the council and the
    secretariat; a member unit sees only its own findings."""
    sees_all = user.has_perm("pledges.view_inspection_findings", inspection)
    return {
        "inspection": inspection,
        "findings": selectors.findings_for_user(inspection, user),
        "attachments": selectors.inspection_attachments(inspection) if sees_all else [],
        "sees_all": sees_all,
        "attachment_form": AttachmentForm(),
        "history": history_for(inspection) if sees_all else [],
    }
