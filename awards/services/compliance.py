"""Every write of the awards app. Each call is one transaction with its audit entry."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from awards.models import ComplianceRecord
from blocs.models import Unit
from core.exceptions import DomainError
from core.models import User
from core.services import assign, changes, log_action, snapshot

RECORD_FIELDS = ["kind", "started_on", "reference", "note"]


def _check_dates(started_on: datetime.date, resolved_on: datetime.date | None) -> None:
    """Refuse a date still to come and a resolution before the start (the table's constraint, said in words)."""
    today = timezone.localdate()
    if started_on > today:
        raise DomainError(_("The start date cannot be in the future."))
    if resolved_on is not None and resolved_on > today:
        raise DomainError(_("The resolution date cannot be in the future."))
    if resolved_on is not None and resolved_on < started_on:
        raise DomainError(
            _("The record cannot be resolved before it started (%(day)s).")
            % {"day": formats.date_format(started_on, "SHORT_DATE_FORMAT")}
        )


@transaction.atomic
def record_compliance_record(
    unit: Unit,
    *,
    actor: User,
    kind: str,
    started_on: datetime.date,
    resolved_on: datetime.date | None = None,
    reference: str = "",
    note: str = "",
) -> ComplianceRecord:
    """Record a discipline, investigation, inspection or complaint that blocks the unit while it lasts.

    Refuses a date in the future or a resolution before the start; writes the record, then the audit
    entry awards.compliance_record.recorded. ``actor`` is required: the record names who made it.
    """
    _check_dates(started_on, resolved_on)
    record = ComplianceRecord.objects.create(
        unit=unit,
        kind=kind,
        started_on=started_on,
        resolved_on=resolved_on,
        reference=reference,
        note=note,
        recorded_by=actor,
    )
    data = {"unit": unit.pk, "kind": kind, "started_on": started_on, "resolved_on": resolved_on}
    log_action(record, actor=actor, action="awards.compliance_record.recorded", data={**data, "reference": reference})
    return record


@transaction.atomic
def update_compliance_record(record: ComplianceRecord, *, actor: User | None, **values: Any) -> ComplianceRecord:
    """Correct the record's kind, start date, reference or note.

    Locks the row; refuses the dates as ``record_compliance_record`` does (against the resolution
    already recorded); saves the changed fields; audit entry awards.compliance_record.updated.
    """
    record = ComplianceRecord.objects.select_for_update().get(pk=record.pk)
    before = snapshot(record, RECORD_FIELDS)
    assign(record, RECORD_FIELDS, values)
    _check_dates(record.started_on, record.resolved_on)
    record.save(update_fields=RECORD_FIELDS)
    diff = changes(before, snapshot(record, RECORD_FIELDS))
    log_action(record, actor=actor, action="awards.compliance_record.updated", data=diff)
    return record


@transaction.atomic
def resolve_compliance_record(
    record: ComplianceRecord, *, actor: User | None, resolved_on: datetime.date
) -> ComplianceRecord:
    """Record the day the matter was resolved: from that day the record no longer blocks the unit.

    Locks the row; the same date again is a no-op; refuses a record already resolved on another day,
    a date in the future or before the start; audit entry awards.compliance_record.resolved.
    """
    record = ComplianceRecord.objects.select_for_update().get(pk=record.pk)
    if record.resolved_on == resolved_on:
        return record
    if record.resolved_on is not None:
        raise DomainError(
            _("The record was already resolved on %(day)s.")
            % {"day": formats.date_format(record.resolved_on, "SHORT_DATE_FORMAT")}
        )
    _check_dates(record.started_on, resolved_on)
    record.resolved_on = resolved_on
    record.save(update_fields=["resolved_on"])
    log_action(record, actor=actor, action="awards.compliance_record.resolved", data={"resolved_on": resolved_on})
    return record
