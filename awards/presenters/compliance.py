"""Page assembly for the compliance records."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from awards.compliance import in_force_on
from awards.models import ComplianceRecord
from awards.selectors import compliance as selectors
from blocs.models import Unit
from core.models import User
from core.selectors import history_for

Viewer = User | AnonymousUser


@dataclass(frozen=True)
class RecordRow:
    """A line of a unit's compliance records: the record, whether it blocks today, what the user may do."""

    record: ComplianceRecord
    in_force: bool
    can_change: bool
    can_resolve: bool


def compliance_list_page(user: Viewer, unit: Unit) -> dict[str, Any]:
    """The unit's compliance records, newest first, and their history."""
    today = timezone.localdate()
    records = list(selectors.records_of_unit(unit))
    rows = [
        RecordRow(
            record,
            in_force_on(record, today),
            user.has_perm("awards.change_compliancerecord", record),
            user.has_perm("awards.resolve_compliancerecord", record),
        )
        for record in records
    ]
    return {
        "unit": unit,
        "rows": rows,
        "can_add": user.has_perm("awards.add_compliancerecord", unit),
        "history": history_for(*records) if records else [],
    }
