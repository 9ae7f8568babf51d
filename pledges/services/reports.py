"""Every write to unit reports, bloc reports and inspections: one transaction each, with its audit entry."""

import datetime
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.models import BlocYear, Membership, Unit
from blocs.selectors import bloc_issue, council_office_name, leadership_of, name_in_year, name_on
from blocs.services import ensure_year_open
from core.exceptions import DomainError, RefusedTransition
from core.models import User
from core.services import (
    Issue,
    action_time,
    assign,
    changes,
    issue_document,
    issued_document_of,
    log_action,
    notify,
    records_refusals,
    snapshot,
)
from pledges.calculations import compile_sections, report_summary
from pledges.enums import (
    BLOC_REPORT_KIND,
    REPORT_SECTIONS,
    UNIT_REPORT_KIND,
    Action,
    BlocReportStatus,
    ReportKind,
    ReportStatus,
)
from pledges.models import (
    BlocReport,
    Inspection,
    InspectionAttachment,
    InspectionFinding,
    ReportAttachment,
    UnitReport,
)
from pledges.selectors import reports as selectors
from pledges.transitions import BLOC_REPORT, REPORT, REPORT_EDITABLE

BLOC_REPORT_FIELDS = [*REPORT_SECTIONS, "summary", "place", "signer_title", "signer_name", "recipients"]
INSPECTION_FIELDS = ["inspected_on", "team", "conclusion"]

# --- Unit reports ------------------------------------------------------------------


@records_refusals
@transaction.atomic
def start_unit_report(membership: Membership, *, actor: User | None, kind: str) -> UnitReport:
    """Open the unit's draft report of ``kind`` for the bloc-year; refused when it already exists."""
    membership = Membership.objects.select_for_update().select_related("bloc_year", "unit").get(pk=membership.pk)
    ensure_year_open(membership.bloc_year)
    if kind not in ReportKind.values:
        raise DomainError(_("Unknown kind of report."))
    if membership.left_on is not None:
        raise DomainError(_("%(unit)s has left the bloc and files no more reports.") % {"unit": membership.unit})
    if UnitReport.objects.filter(bloc_year=membership.bloc_year, unit=membership.unit, kind=kind).exists():
        raise DomainError(_("This report has already been started."))
    report = UnitReport.objects.create(bloc_year=membership.bloc_year, unit=membership.unit, kind=kind)
    log_action(report, actor=actor, action="pledges.unit_report.started", data={"kind": kind})
    return report


@records_refusals
@transaction.atomic
def update_unit_report(report: UnitReport, *, actor: User | None, **sections: str) -> UnitReport:
    """Save the report's sections while the unit holds it (draft or returned); audit what changed."""
    report = _lock(report)
    if report.status not in REPORT_EDITABLE:
        raise RefusedTransition(_("A submitted report can no longer be changed."))
    _save_changes(report, REPORT_SECTIONS, sections, actor=actor, action="pledges.unit_report.updated")
    return report


@records_refusals
@transaction.atomic
def submit_unit_report(
    report: UnitReport, *, actor: User | None, signer_title: str = "", signer_name: str = ""
) -> UnitReport:
    """Send the report to the secretariat; the first submission's time decides lateness.

    The first submission issues the report in the unit's name: it takes the unit's next BC
    number of the year and is dated that day, signed by the given person or else the unit's
    recorded leader (refused when neither is known). A resubmission keeps number, date and signer.
    Side effects in order: number drawn and issue stored, status and times saved, audit
    entries, notices to the secretariat's officers after commit.
    """
    report = _lock(report)
    if report.status == ReportStatus.SUBMITTED:
        return report
    REPORT.check(report, Action.SUBMIT)
    now = action_time()
    issue_unit_report(report, actor=actor, issued_on=timezone.localdate(now), signer=(signer_title, signer_name))
    report.first_submitted_at = report.first_submitted_at or now
    report.submitted_at, report.status, report.return_reason = now, ReportStatus.SUBMITTED, ""
    report.save(update_fields=["first_submitted_at", "submitted_at", "status", "return_reason"])
    days = selectors.days_late_of(report, today=timezone.localdate(now))
    log_action(report, actor=actor, action="pledges.unit_report.submitted", data={"days_late": days})
    text = _("%(report)s was submitted.") % {"report": report}
    _notify_after_commit(selectors.secretariat_officers(report.bloc_year), text, report.get_absolute_url())
    return report


def issue_unit_report(
    report: UnitReport, *, actor: User | None, issued_on: datetime.date, signer: tuple[str, str]
) -> None:
    """Number and date the report in the unit's name (its first submission does this; the demo dates its story).

    ``signer`` is (title, name); blanks take the unit's recorded leader. Idempotent.
    """
    if issued_document_of(report, kind=UNIT_REPORT_KIND) is not None:
        return
    unit, bloc = report.unit, report.bloc_year.bloc
    title = signer[0].strip() or unit.leader_title
    name = signer[1].strip() or unit.leader_name
    if not (title.strip() and name.strip()):
        raise DomainError(_("Give the title and the full name of the person who signs the report."))
    issue = Issue(
        issuer_key=f"unit:{unit.pk}",
        type_code="BC",
        issuer_code=unit.abbreviation,
        issued_on=issued_on,
        place=bloc.province.name,
        superior=unit.superior_body.upper(),
        issuer=name_on(unit, issued_on).upper(),
        signer_authority="",
        signer_title=title.strip().upper(),
        signer_name=name.strip(),
        recipients=[f"{bloc.name} (Trưởng khối)", "Lưu: VT"],
    )
    issue_document(report, kind=UNIT_REPORT_KIND, issue=issue, actor=actor)


@records_refusals
@transaction.atomic
def return_unit_report(report: UnitReport, *, actor: User | None, reason: str) -> UnitReport:
    """Send the report back to the unit with the reason; the unit's officers are told after commit."""
    report = _lock(report)
    if not reason.strip():
        raise DomainError(_("Give the reason for returning the report."))
    if report.status == ReportStatus.RETURNED:
        return report
    REPORT.check(report, Action.RETURN)
    report.status, report.return_reason = ReportStatus.RETURNED, reason.strip()
    report.save(update_fields=["status", "return_reason"])
    log_action(report, actor=actor, action="pledges.unit_report.returned", data={"reason": report.return_reason})
    text = _("%(report)s was returned: %(reason)s") % {"report": report, "reason": report.return_reason}
    _notify_after_commit(selectors.unit_officers(report.unit_id), text, report.get_absolute_url())
    return report


@records_refusals
@transaction.atomic
def accept_unit_report(report: UnitReport, *, actor: User | None) -> UnitReport:
    """Accept the report; it then feeds the bloc report. The unit's officers are told after commit."""
    report = _lock(report)
    if report.status == ReportStatus.ACCEPTED:
        return report
    REPORT.check(report, Action.ACCEPT)
    report.status, report.accepted_at = ReportStatus.ACCEPTED, timezone.now()
    report.save(update_fields=["status", "accepted_at"])
    log_action(report, actor=actor, action="pledges.unit_report.accepted")
    text = _("%(report)s was accepted.") % {"report": report}
    _notify_after_commit(selectors.unit_officers(report.unit_id), text, report.get_absolute_url())
    return report


@records_refusals
@transaction.atomic
def add_report_attachment(report: UnitReport, *, actor: User, uploaded_file: "UploadedFile[Any]") -> ReportAttachment:
    """Attach a checked file (see core.files) to a report the unit still holds."""
    report = _lock(report)
    if report.status not in REPORT_EDITABLE:
        raise RefusedTransition(_("A submitted report can no longer be changed."))
    attachment = _stored(ReportAttachment(report=report, uploaded_by=actor), uploaded_file)
    data = {"file": attachment.original_name, "size": attachment.size}
    log_action(report, actor=actor, action="pledges.unit_report.attachment_added", data=data)
    return attachment


@transaction.atomic
def remove_report_attachment(attachment: ReportAttachment, *, actor: User | None) -> None:
    """Remove a file from a report the unit still holds (draft or returned); the stored file goes once committed."""
    report = _lock(attachment.report)
    if report.status not in REPORT_EDITABLE:
        raise DomainError(_("A submitted report can no longer be changed."))
    stored = ReportAttachment.objects.filter(pk=attachment.pk, report=report).first()
    if stored is None:
        raise DomainError(_("The file was already removed."))
    name, storage = stored.file.name, stored.file.storage
    data = {"file": stored.original_name, "size": stored.size}
    stored.delete()
    log_action(report, actor=actor, action="pledges.unit_report.attachment_removed", data=data)
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _lock(report: UnitReport) -> UnitReport:
    report = UnitReport.objects.select_for_update().select_related("bloc_year__bloc", "unit").get(pk=report.pk)
    ensure_year_open(report.bloc_year)
    return report


def _save_changes(obj: Model, fields: list[str], values: dict[str, Any], *, actor: User | None, action: str) -> None:
    """Set ``values`` (names among ``fields``), save those fields and audit what changed under ``action``."""
    before = snapshot(obj, fields)
    assign(obj, fields, values)
    obj.save(update_fields=fields)
    log_action(obj, actor=actor, action=action, data=changes(before, snapshot(obj, fields)))


def _notify_after_commit(users: Iterable[User], text: str, url: str) -> None:
    users = list(users)
    transaction.on_commit(lambda: [notify(user, text=text, url=url) for user in users])


# --- Bloc reports ------------------------------------------------------------------


@records_refusals
@transaction.atomic
def start_bloc_report(bloc_year: BlocYear, *, actor: User | None, kind: str) -> BlocReport:
    """Open the bloc's draft report of ``kind``, pre-filled from the accepted unit reports.

    Each section gathers the units' text of that section under the names the units had
    that year. Issuer and signer default to the head unit and its leader.
    """
    bloc_year = BlocYear.objects.select_for_update().select_related("bloc__province").get(pk=bloc_year.pk)
    ensure_year_open(bloc_year)
    if kind not in ReportKind.values:
        raise DomainError(_("Unknown kind of report."))
    if BlocReport.objects.filter(bloc_year=bloc_year, kind=kind).exists():
        raise DomainError(_("The bloc's report of this kind has already been started."))
    head_id = leadership_of(bloc_year).head_unit_id
    if head_id is None:
        raise DomainError(_("The bloc has no head unit this year: choose one first."))
    report = BlocReport(bloc_year=bloc_year, kind=kind, **_bloc_report_defaults(bloc_year, kind, head_id))
    _fill_from_units(report)
    report.save()
    log_action(report, actor=actor, action="pledges.bloc_report.started", data={"kind": kind})
    return report


def _bloc_report_defaults(bloc_year: BlocYear, kind: str, head_id: int) -> dict[str, Any]:
    head = Unit.objects.get(pk=head_id)
    # Document text: Vietnamese whatever the interface language (Decree 30/2020).
    # Named as the office was when the report falls due: a year's report entered late keeps that year's name.
    due_by = min(timezone.localdate(), datetime.date(bloc_year.year + 1, 1, 31))
    recipients = [
        council_office_name(bloc_year.bloc.province, on=due_by),
        "Các đơn vị thành viên",
        "Lưu: VT",
    ]
    return {
        "issuer_unit": head,
        "summary": report_summary(kind, bloc_year.year),
        "place": bloc_year.bloc.province.name,
        "signer_title": head.leader_title,
        "signer_name": head.leader_name,
        "recipients": "\n".join(recipients),
    }


def _fill_from_units(report: BlocReport) -> None:
    accepted = selectors.accepted_unit_reports(report.bloc_year, report.kind)
    unit_sections = [
        (name_in_year(membership), {name: getattr(unit_report, name) for name in REPORT_SECTIONS})
        for membership, unit_report in accepted
    ]
    for name, text in compile_sections(unit_sections, REPORT_SECTIONS).items():
        setattr(report, name, text)


@records_refusals
@transaction.atomic
def update_bloc_report(report: BlocReport, *, actor: User | None, **values: Any) -> BlocReport:
    """Save the secretariat's edits of a draft bloc report; audit what changed."""
    report = BlocReport.objects.select_for_update().select_related("bloc_year").get(pk=report.pk)
    ensure_year_open(report.bloc_year)
    if report.status != BlocReportStatus.DRAFT:
        raise RefusedTransition(_("An issued report can no longer be changed."))
    _save_changes(report, BLOC_REPORT_FIELDS, values, actor=actor, action="pledges.bloc_report.updated")
    return report


@records_refusals
@transaction.atomic
def issue_bloc_report(report: BlocReport, *, actor: User | None, issued_on: datetime.date) -> BlocReport:
    """Issue the bloc report: it takes the bloc's next BC number of the issue year (Decree 30) and is frozen.

    Side effects in order: number drawn from the locked counter and the header as issued stored
    (core.document.issued), report saved, audit entry, notices to every member unit's officers
    after commit.
    """
    report = BlocReport.objects.select_for_update().select_related("bloc_year__bloc__province").get(pk=report.pk)
    ensure_year_open(report.bloc_year)
    if report.status == BlocReportStatus.ISSUED:
        return report
    BLOC_REPORT.check(report, Action.ISSUE)
    report.number = issue_document(
        report, kind=BLOC_REPORT_KIND, issue=_bloc_issue(report, issued_on), actor=actor
    ).number
    report.status, report.issued_on = BlocReportStatus.ISSUED, issued_on
    report.save(update_fields=["number", "status", "issued_on"])
    log_action(report, actor=actor, action="pledges.bloc_report.issued", data={"number": report.number})
    text = _("%(report)s was issued.") % {"report": report}
    _notify_after_commit(selectors.member_officers(report.bloc_year), text, report.get_absolute_url())
    return report


def _bloc_issue(report: BlocReport, issued_on: datetime.date) -> Issue:
    """The header as issued, so a later render survives a renamed bloc or a merged province."""
    bloc = report.bloc_year.bloc
    return bloc_issue(
        bloc,
        type_code="BC",
        issued_on=issued_on,
        recipients=report.recipient_list,
        place=report.place,
        signer_authority=f"TM. {bloc.kind_word} THI ĐUA",
        signer_title=f"TRƯỞNG {bloc.kind_word}",
        signer_name=report.signer_name,
    )


# --- Inspections -------------------------------------------------------------------


@records_refusals
@transaction.atomic
def record_inspection(
    bloc_year: BlocYear, *, actor: User, inspected_on: datetime.date, team: str, conclusion: str = ""
) -> Inspection:
    """Record that the council inspected the bloc-year; findings per unit are added afterwards.

    ``actor`` is required: the record names who made it."""
    bloc_year = BlocYear.objects.select_for_update().get(pk=bloc_year.pk)
    ensure_year_open(bloc_year)
    inspection = Inspection.objects.create(
        bloc_year=bloc_year, inspected_on=inspected_on, team=team, conclusion=conclusion, recorded_by=actor
    )
    data = {"inspected_on": inspected_on, "team": team}
    log_action(inspection, actor=actor, action="pledges.inspection.recorded", data=data)
    return inspection


@records_refusals
@transaction.atomic
def update_inspection(inspection: Inspection, *, actor: User | None, **values: Any) -> Inspection:
    """Correct the inspection's date, team or conclusion; audit what changed."""
    inspection = Inspection.objects.select_for_update().select_related("bloc_year").get(pk=inspection.pk)
    ensure_year_open(inspection.bloc_year)
    _save_changes(inspection, INSPECTION_FIELDS, values, actor=actor, action="pledges.inspection.updated")
    return inspection


@records_refusals
@transaction.atomic
def set_inspection_finding(
    inspection: Inspection, *, actor: User | None, unit: Unit, findings: str, recommendations: str = ""
) -> InspectionFinding:
    """Write (or rewrite) what the inspection found at one member unit; its officers are told after commit."""
    inspection = Inspection.objects.select_for_update().select_related("bloc_year").get(pk=inspection.pk)
    ensure_year_open(inspection.bloc_year)
    if not inspection.bloc_year.memberships.filter(unit=unit).exists():
        raise DomainError(_("%(unit)s is not a member of the bloc that year.") % {"unit": unit})
    finding, created = InspectionFinding.objects.update_or_create(
        inspection=inspection, unit=unit, defaults={"findings": findings, "recommendations": recommendations}
    )
    data = {
        "unit": unit.pk,
        "unit_name": unit.name,
        "findings": findings,
        "recommendations": recommendations,
        "created": created,
    }
    log_action(inspection, actor=actor, action="pledges.inspection.finding_set", data=data)
    text = _("The council's inspection of %(date)s recorded findings for %(unit)s.") % {
        "date": inspection.inspected_on.strftime("%d/%m/%Y"),
        "unit": unit,
    }
    _notify_after_commit(selectors.unit_officers(unit.pk), text, inspection.get_absolute_url())
    return finding


@records_refusals
@transaction.atomic
def add_inspection_attachment(
    inspection: Inspection, *, actor: User, uploaded_file: "UploadedFile[Any]"
) -> InspectionAttachment:
    """Attach a checked file (the inspection record, photos) to the inspection."""
    inspection = Inspection.objects.select_for_update().select_related("bloc_year").get(pk=inspection.pk)
    ensure_year_open(inspection.bloc_year)
    attachment = _stored(InspectionAttachment(inspection=inspection, uploaded_by=actor), uploaded_file)
    data = {"file": attachment.original_name, "size": attachment.size}
    log_action(inspection, actor=actor, action="pledges.inspection.attachment_added", data=data)
    return attachment


Attachment = TypeVar("Attachment", ReportAttachment, InspectionAttachment)


def _stored(attachment: Attachment, uploaded_file: "UploadedFile[Any]") -> Attachment:
    """Save the checked upload (core.files refuses a nameless or empty one) as ``attachment``'s file."""
    name = uploaded_file.name or ""
    attachment.original_name, attachment.size = name[:255], uploaded_file.size or 0
    attachment.file.save(name, uploaded_file, save=True)
    return attachment
