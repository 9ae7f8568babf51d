"""Reading and writing .xlsx safely (openpyxl is imported here only, on first use).

Uploaded workbooks are zip files: a small upload can expand into gigabytes, so the
archive is inspected before openpyxl is allowed to open it.
"""

import io
import zipfile
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 200
MAX_EXPANSION_RATIO = 100
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
FORMULA_PREFIXES = ("=", "+", "-", "@")


def guard_xlsx_upload(uploaded_file) -> None:
    """Refuse an upload that is too big, not an .xlsx archive, or a zip bomb — before openpyxl reads it."""
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s; spreadsheets may be at most %(limit)s.")
            % {"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)}
        )
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from None
    finally:
        uploaded_file.seek(0)
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ValidationError(
            _("The workbook holds %(count)d parts; at most %(limit)d are accepted.")
            % {"count": len(entries), "limit": MAX_ZIP_ENTRIES}
        )
    expanded = sum(entry.file_size for entry in entries)
    compressed = max(sum(entry.compress_size for entry in entries), 1)
    if expanded > MAX_EXPANDED_BYTES or expanded / compressed > MAX_EXPANSION_RATIO:
        raise ValidationError(_("The workbook expands to an excessive size and was refused."))


def load_workbook_guarded(uploaded_file, *, read_only: bool = True):
    """Guard the upload, then open it with openpyxl (values only, no formulas evaluated)."""
    guard_xlsx_upload(uploaded_file)
    from openpyxl import load_workbook

    try:
        return load_workbook(uploaded_file, read_only=read_only, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ValidationError(_("The workbook could not be read: %(error)s") % {"error": error}) from None


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def set_text(cell, value) -> None:
    """Put ``value`` in a normal-mode cell; text that looks like a formula stays text."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"


def write_rows_xlsx(rows: Iterable[Sequence], *, title: str, column_widths: Sequence[int] = ()) -> bytes:
    """Write the header row and data rows to a one-sheet workbook (write-only mode, constant memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, width in enumerate(column_widths, start=1):
        sheet.column_dimensions[_column_letter(index)].width = width
    bold = Font(bold=True)
    for number, row in enumerate(rows):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if is_formula_like(value):
                cell.data_type = "s"
            if number == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
