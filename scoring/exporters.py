"""Spreadsheet exports of the scoring app: each is one row generator written by ``core.xlsx``.

Shared by two areas: keep each area's part in its own section.
"""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from core.xlsx import write_rows_xlsx
from scoring.calculations import group_maxima
from scoring.enums import SchemeItemKind
from scoring.models import Scheme
from scoring.selectors.schemes import scheme_rows

# --- Schemes ------------------------------------------------------------------

# The column order is the file format: the importer reads the same columns in the same order.
SCHEME_COLUMNS = [
    "code",
    "parent_code",
    "kind",
    "text",
    "max_points",
    "step",
    "deduction_fixed",
    "evidence_required",
    "guidance",
]
SCHEME_COLUMN_WIDTHS = [10, 10, 16, 70, 12, 8, 10, 10, 50]


def scheme_headers() -> list[str]:
    return [
        _("Code"),
        _("Group code"),
        _("Kind"),
        _("Text"),
        _("Maximum points (groups: computed)"),
        _("Step"),
        _("Fixed deduction (x)"),
        _("Evidence required (x)"),
        _("Guidance for the scorer"),
    ]


def scheme_export_rows(scheme: Scheme) -> Iterator[list]:
    """The header row, then one row per item in document order (one query)."""
    rows = scheme_rows(scheme)
    codes = {row["id"]: row["code"] for row in rows}
    maxima = group_maxima(rows)
    yield scheme_headers()
    for row in rows:
        is_group = row["kind"] == SchemeItemKind.GROUP
        yield [
            row["code"],
            codes.get(row["parent_id"], ""),
            str(SchemeItemKind(row["kind"]).label),
            row["text"],
            maxima.get(row["id"]) if is_group else row["max_points"],
            None if is_group else row["step"],
            "x" if row["deduction_fixed"] else "",
            "x" if row["evidence_required"] else "",
            row["guidance"],
        ]


def export_scheme_xlsx(scheme: Scheme) -> bytes:
    return write_rows_xlsx(scheme_export_rows(scheme), title=_("Scheme"), column_widths=SCHEME_COLUMN_WIDTHS)


# --- end of schemes -------------------------------------------------------------
