"""Reading and writing .xlsx safely (openpyxl is imported here only, on first use).

Uploaded workbooks are zip files: a small upload can expand into gigabytes, so the
archive is inspected before openpyxl is allowed to open it.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from typing import Any
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 200
MAX_EXPANSION_RATIO = 100
# openpyxl holds each part it reads whole and spends tens of microseconds on every XML element
# (a 4 MiB row of cells costs it 5 s and 120 MiB), so parts are bounded by size and by element
# count, which keeps any upload under 2 s and well under 100 MiB. Python's zipfile never
# inflates an entry past the size its header declares, so the declared sizes can be trusted.
MAX_PART_BYTES = 4 * 1024 * 1024
MAX_EXPANDED_BYTES = 16 * 1024 * 1024
# A sheet of a thousand rows of nine columns has some 19,000 elements; a workbook's styles a few
# hundred. Measured with openpyxl on a busy machine: about 80 µs a cell, and styles grow
# quadratically (4,000 formats: 0.8 s), so the worst workbook accepted reads in about a second.
MAX_ELEMENTS = {"xl/worksheets/": 24_000, "xl/sharedStrings.xml": 100_000}
MAX_OTHER_ELEMENTS = 2_000
# Rows and columns a sheet may address; openpyxl fills the gaps up to a cell's (or the
# declared dimension's) address with empty cells, so a one-cell sheet could otherwise
# yield a million rows.
MAX_ROWS = 5000
MAX_COLUMNS = 100
FORMULA_PREFIXES = ("=", "+", "-", "@")
_CELL_REFERENCE = re.compile(r"\$?([A-Z]{1,3})?\$?([0-9]{1,7})?")


def guard_xlsx_upload(uploaded_file: File[bytes]) -> None:
    """Refuse an upload that is too big, not an .xlsx archive, a zip bomb or an XML bomb — before openpyxl reads it.

    Reads the archive's directory, then streams each XML part through expat (no tree is
    built) and stops at the first limit crossed. Raises ValidationError with the reason.
    """
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s; spreadsheets may be at most %(limit)s.")
            % {"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)}
        )
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            entries = archive.infolist()
            _check_directory(entries)
            for entry in entries:
                if entry.filename.endswith((".xml", ".rels")):
                    _scan_part(archive, entry)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error):
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from None
    finally:
        uploaded_file.seek(0)


def _check_directory(entries: list[zipfile.ZipInfo]) -> None:
    guard_zip_directory(entries, max_part_bytes=MAX_PART_BYTES, max_expanded_bytes=MAX_EXPANDED_BYTES)


def guard_zip_directory(entries: list[zipfile.ZipInfo], *, max_part_bytes: int, max_expanded_bytes: int) -> None:
    """Refuse a zip (an Office file) with too many parts, a part or a total too large, or an excessive ratio."""
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ValidationError(
            _("The file holds %(count)d parts; at most %(limit)d are accepted.")
            % {"count": len(entries), "limit": MAX_ZIP_ENTRIES}
        )
    expanded = sum(entry.file_size for entry in entries)
    compressed = max(sum(entry.compress_size for entry in entries), 1)
    largest = max((entry.file_size for entry in entries), default=0)
    if largest > max_part_bytes or expanded > max_expanded_bytes or expanded / compressed > MAX_EXPANSION_RATIO:
        raise ValidationError(_("The file expands to an excessive size and was refused."))


class _PartScanner:
    """Counts a part's elements and checks the cell addresses of a worksheet, as expat reports them."""

    def __init__(self, name: str):
        self.limit = next((n for prefix, n in MAX_ELEMENTS.items() if name.startswith(prefix)), MAX_OTHER_ELEMENTS)
        self.is_sheet = name.startswith("xl/worksheets/")
        self.elements = self.row = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > self.limit:
            raise ValidationError(
                _("A part of the workbook holds more than %(limit)d elements; it was refused.") % {"limit": self.limit}
            )
        if not self.is_sheet:
            return
        local = tag.rpartition(":")[2]
        if local == "row":
            self.row = _number(attributes.get("r")) or self.row + 1
            _check_address(row=self.row)
        elif local in {"c", "dimension"}:
            for reference in attributes.get("r", attributes.get("ref", "")).split(":"):
                _check_reference(reference)

    @staticmethod
    def refuse_doctype(*args: object) -> None:
        raise ValidationError(_("The workbook contains a document type declaration and was refused."))


def _scan_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    scanner = _PartScanner(entry.filename)
    parser = expat.ParserCreate()
    parser.StartElementHandler = scanner.start
    parser.StartDoctypeDeclHandler = scanner.refuse_doctype
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(64 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError:
        raise ValidationError(_("The workbook is damaged and cannot be read.")) from None


class _Prologue(Exception):
    """The root element began: any document type declaration would have come before it."""


def refuse_doctypes(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Refuse an Office zip whose XML parts declare a DOCTYPE (entities: XXE, billion laughs).

    Office formats never use one. Only each part's prologue is read: expat stops at the root element."""
    for entry in entries:
        if entry.filename.endswith((".xml", ".rels")):
            _refuse_doctype(archive, entry)


def _refuse_doctype(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    parser = expat.ParserCreate()
    parser.StartElementHandler = _stop_at_root
    parser.StartDoctypeDeclHandler = _refuse_office_doctype
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(64 * 1024):
                parser.Parse(chunk, False)
    except (_Prologue, expat.ExpatError):
        return  # a damaged part is the Office program's problem, not a danger here


def _stop_at_root(*args: object) -> None:
    raise _Prologue


def _refuse_office_doctype(*args: object) -> None:
    raise ValidationError(_("The file contains a document type declaration and was refused."))


def _number(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0


def _check_reference(reference: str) -> None:
    match = _CELL_REFERENCE.fullmatch(reference.upper())
    if not match:
        return  # openpyxl itself refuses an address it cannot read
    letters, digits = match.groups()
    column = 0
    for letter in letters or "":
        column = column * 26 + ord(letter) - ord("A") + 1
    _check_address(row=_number(digits), column=column)


def _check_address(*, row: int = 0, column: int = 0) -> None:
    if row > MAX_ROWS or column > MAX_COLUMNS:
        raise ValidationError(
            _("A sheet of the workbook goes beyond row %(rows)d or column %(columns)d; it was refused.")
            % {"rows": MAX_ROWS, "columns": MAX_COLUMNS}
        )


def load_workbook_guarded(uploaded_file: File[bytes], *, read_only: bool = True) -> Any:
    """Guard the upload, then open it with openpyxl (values only, no formulas evaluated)."""
    guard_xlsx_upload(uploaded_file)
    from openpyxl import load_workbook  # noqa: PLC0415 - openpyxl loads only where a workbook is read

    try:
        return load_workbook(uploaded_file, read_only=read_only, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ValidationError(_("The workbook could not be read: %(error)s") % {"error": error}) from None


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def set_text(cell: Any, value: object) -> None:
    """Put ``value`` in a normal-mode cell; text that looks like a formula stays text."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"


def write_rows_xlsx(rows: Iterable[Sequence[object]], *, title: str, column_widths: Sequence[int] = ()) -> bytes:
    """Write the header row and data rows to a one-sheet workbook (write-only mode, constant memory)."""
    from openpyxl import Workbook  # noqa: PLC0415 - openpyxl loads only where a workbook is written
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 - as above
    from openpyxl.styles import Font  # noqa: PLC0415 - as above

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, width in enumerate(column_widths, start=1):
        sheet.column_dimensions[_column_letter(index)].width = width
    bold = Font(bold=True)

    def text_cell(value: object) -> Any:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell

    def header_cell(value: object) -> Any:
        cell = text_cell(value) if is_formula_like(value) else WriteOnlyCell(sheet, value=value)
        cell.font = bold
        return cell

    rows = iter(rows)
    sheet.append([header_cell(value) for value in next(rows, [])])
    # Plain values cost openpyxl a third of a cell object each; only text that looks like a formula needs one.
    for row in rows:
        sheet.append([text_cell(value) if is_formula_like(value) else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 - openpyxl loads only where a workbook is written

    return str(get_column_letter(index))
