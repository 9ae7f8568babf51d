"""Spreadsheet exports of the scoring app: each is one row generator written by ``core.xlsx``.

Shared by two areas: keep each area's part in its own section.
"""

import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from core.xlsx import set_text, write_rows_xlsx
from scoring.calculations import group_maxima
from scoring.enums import SchemeItemKind
from scoring.models import Scheme
from scoring.presenters import grid_context, summary_context
from scoring.selectors.schemes import scheme_rows
from scoring.selectors.sheets import sheet_label

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

# --- Score sheets -----------------------------------------------------------------

# The column order of a downloaded sheet is the upload format (scoring.importers reads the same).
SHEET_COLUMNS = ["code", "text", "kind", "max_points", "step", "self_points", "points", "note", "reason"]
SHEET_COLUMN_WIDTHS = [10, 70, 14, 10, 8, 12, 12, 40, 40]
SHEET_FIRST_ROW = 4  # rows 1–2: title and instructions; row 3: headers
SHEET_SUBJECT = "score-sheet:{pk}"


def sheet_headers() -> list[str]:
    return [
        _("Code"),
        _("Criterion"),
        _("Kind"),
        _("Maximum"),
        _("Step"),
        _("Self-score"),
        _("Points"),
        _("Note"),
        _("Reason for a change"),
    ]


def sheet_workbook(sheet) -> bytes:
    """A unit's sheet for one stage as .xlsx: codes and texts protected, points/note/reason editable.

    The points column has a data validation (0 ≤ points ≤ maximum, multiple of the step);
    the sheet id is kept in the document's subject so that an upload can be matched.
    """
    from openpyxl import Workbook  # noqa: PLC0415 - openpyxl loads only when a file is written
    from openpyxl.styles import Font, Protection  # noqa: PLC0415 - as above

    context = grid_context(sheet)
    workbook = Workbook()
    ws = workbook.active
    ws.title = _("Score sheet")[:31]
    set_text(ws.cell(row=1, column=1), sheet_label(sheet, context["unit_name"]))
    ws.cell(row=1, column=1).font = Font(bold=True)
    set_text(ws.cell(row=2, column=1), _("Fill in the Points, Note and Reason columns only; other cells are locked."))
    for column, header in enumerate(sheet_headers(), start=1):
        cell = ws.cell(row=SHEET_FIRST_ROW - 1, column=column, value=header)
        cell.font = Font(bold=True)
    unlocked = Protection(locked=False)
    row_number = SHEET_FIRST_ROW - 1
    for row_number, row in enumerate(context["rows"], start=SHEET_FIRST_ROW):
        _write_sheet_row(ws, row_number, row, unlocked)
    last = max(row_number, SHEET_FIRST_ROW)
    ws.add_data_validation(_points_validation(last))
    for index, width in enumerate(SHEET_COLUMN_WIDTHS, start=1):
        ws.column_dimensions[chr(ord("A") + index - 1)].width = width
    ws.protection.sheet = True
    ws.freeze_panes = f"C{SHEET_FIRST_ROW}"
    workbook.properties.subject = SHEET_SUBJECT.format(pk=sheet.pk)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _points_validation(last_row: int):
    """Excel's own check of the points column: a number from 0 to the maximum, in steps of the step."""
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415 - openpyxl loads only when a file is written

    first = SHEET_FIRST_ROW
    validation = DataValidation(
        type="custom",
        formula1=f"AND(ISNUMBER(G{first}),G{first}>=0,G{first}<=D{first},MOD(G{first}*100,E{first}*100)=0)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Points"),
        error=_("Between 0 and the maximum, in steps of the Step column."),
    )
    validation.add(f"G{first}:G{last_row}")
    return validation


def _write_sheet_row(ws, number: int, row: dict, unlocked) -> None:
    set_text(ws.cell(row=number, column=1), row["code"])
    set_text(ws.cell(row=number, column=2), row["text"])
    set_text(ws.cell(row=number, column=3), str(SchemeItemKind(row["kind"]).label))
    if row["is_group"]:
        return
    line = row["line"] or {}
    ws.cell(row=number, column=4, value=row["max_points"])
    ws.cell(row=number, column=5, value=row["step"])
    ws.cell(row=number, column=6, value=row.get("self_points"))
    points = ws.cell(row=number, column=7, value=line.get("points"))
    note = ws.cell(row=number, column=8)
    set_text(note, line.get("note", ""))
    reason = ws.cell(row=number, column=9)
    set_text(reason, line.get("reason", ""))
    for cell in (points, note, reason):
        cell.protection = unlocked


def summary_export_rows(context: dict) -> Iterator[list]:
    """The bloc summary: header, then one row per unit (rank order) with each stage's total."""
    stages = context["stages"]
    yield [_("Rank"), _("Unit"), *[str(label) for _code, label in stages], _("Final"), _("Classification"), _("Tie")]
    for row in context["rows"]:
        totals = [total for _sheet, total, _status, _stage in row.cells]
        final = row.final_total if row.verified else _("not yet verified")
        yield [row.rank, row.unit_name, *totals, final, row.band, "x" if row.tied else ""]


def export_summary_xlsx(bloc_year) -> bytes:
    rows = summary_export_rows(summary_context(bloc_year))
    return write_rows_xlsx(rows, title=_("Score summary"), column_widths=[8, 50, 14, 14, 14, 14, 14, 30, 6])


# --- end of score sheets ----------------------------------------------------------
