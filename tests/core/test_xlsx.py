"""Upload bombs: every workbook is refused or read within 2 s and 100 MiB of extra memory."""

import io
import os
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core.xlsx import MAX_ELEMENTS, MAX_OTHER_ELEMENTS, MAX_ROWS, load_workbook_guarded

NS = b' xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SHEET = "xl/worksheets/sheet1.xml"
# Time is this process's CPU time: the machine running the tests is shared, wall time is not ours.
SECONDS, MEMORY = 2.0, 100 * 1024 * 1024


def _workbook_parts() -> dict[str, bytes]:
    workbook = Workbook()
    workbook.active.append(["Mã", "Điểm"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    archive = zipfile.ZipFile(buffer)
    return {info.filename: archive.read(info) for info in archive.infolist()}


def bomb(replaced: dict[str, bytes]) -> SimpleUploadedFile:
    """A real workbook with some parts replaced; random stored padding keeps the expansion ratio under 100."""
    parts = {**_workbook_parts(), **replaced}
    expanded = sum(len(data) for data in parts.values())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        archive.writestr("xl/media/padding.bin", os.urandom(expanded // 40), compress_type=zipfile.ZIP_STORED)
    return SimpleUploadedFile("bang-diem.xlsx", buffer.getvalue())


def sheet_xml(rows: bytes, dimension: bytes = b"") -> bytes:
    return b"<worksheet" + NS + b">" + dimension + b"<sheetData>" + rows + b"</sheetData></worksheet>"


def read_everything(uploaded) -> int:
    """What an importer does: open the workbook and walk every row of the first sheet."""
    workbook = load_workbook_guarded(uploaded)
    try:
        return sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def outcome_within_bounds(uploaded) -> str:
    """Refused or read, timed (CPU) first, then measured with tracemalloc (which slows it down)."""
    results = []
    for measure in (False, True):
        uploaded.seek(0)
        if measure:
            tracemalloc.start()
        started = time.process_time()
        try:
            read_everything(uploaded)
            results.append("accepted")
        except ValidationError:
            results.append("refused")
        elapsed = time.process_time() - started
        if measure:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            assert peak < MEMORY, f"peak {peak / 2**20:.0f} MiB"
        else:
            assert elapsed < SECONDS, f"took {elapsed:.1f} s"
    assert results[0] == results[1]
    return results[0]


CELL = b"<c><v>1</v></c>"
ROW = b'<row><c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row>'


def test_load_workbook_guarded_sheet_expanding_far_beyond_its_upload_is_refused_quickly():
    uploaded = bomb({SHEET: sheet_xml(ROW * (190 * 2**20 // len(ROW)))})

    assert uploaded.size < 10 * 2**20
    assert outcome_within_bounds(uploaded) == "refused"


def test_load_workbook_guarded_one_row_of_a_quarter_million_cells_is_refused_quickly():
    uploaded = bomb({SHEET: sheet_xml(b"<row>" + CELL * (3_900_000 // len(CELL)) + b"</row>")})

    assert outcome_within_bounds(uploaded) == "refused"


def test_load_workbook_guarded_rows_past_the_limit_are_refused_quickly():
    uploaded = bomb({SHEET: sheet_xml(ROW * (MAX_ROWS + 1))})

    assert outcome_within_bounds(uploaded) == "refused"


@pytest.mark.parametrize(
    "xml",
    [
        sheet_xml(b'<row r="1048576"><c><v>1</v></c></row>'),
        sheet_xml(b'<row><c r="A1"><v>1</v></c></row>', dimension=b'<dimension ref="A1:A1048576"/>'),
        sheet_xml(b'<row><c r="XFD1"><v>1</v></c></row>'),
    ],
    ids=["row-address", "dimension", "column-address"],
)
def test_load_workbook_guarded_tiny_sheet_addressing_a_million_rows_or_columns_is_refused(xml):
    uploaded = bomb({SHEET: xml})

    with pytest.raises(ValidationError, match=str(MAX_ROWS)):
        read_everything(uploaded)
    assert outcome_within_bounds(uploaded) == "refused"


def test_load_workbook_guarded_styles_with_eighty_thousand_formats_are_refused_quickly():
    styles = _workbook_parts()["xl/styles.xml"]
    at = styles.index(b">", styles.index(b"<cellXfs")) + 1
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    uploaded = bomb({"xl/styles.xml": styles[:at] + xf * 80_000 + styles[at:]})

    assert outcome_within_bounds(uploaded) == "refused"


def test_load_workbook_guarded_entity_declarations_are_refused():
    uploaded = bomb({SHEET: b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + sheet_xml(b"")})

    with pytest.raises(ValidationError, match="DOCTYPE"):
        read_everything(uploaded)


def test_load_workbook_guarded_a_thousand_real_rows_are_accepted_within_bounds():
    workbook = Workbook()
    for number in range(1000):
        workbook.active.append(
            [f"I.{number}", "Tiêu chí về công tác thi đua " * 4, 10, 0.5, None, "", 9.5, "ghi chú", ""]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    uploaded = SimpleUploadedFile("bang-diem.xlsx", buffer.getvalue())

    assert outcome_within_bounds(uploaded) == "accepted"
    uploaded.seek(0)
    assert read_everything(uploaded) == 1000


def test_load_workbook_guarded_largest_sheet_and_styles_the_limits_allow_are_read_within_bounds():
    row = b"<row>" + CELL * 9 + b"</row>"  # 19 elements
    styles = _workbook_parts()["xl/styles.xml"]
    at = styles.index(b">", styles.index(b"<cellXfs")) + 1
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    formats = MAX_OTHER_ELEMENTS - styles.count(b"<") - 10
    rows = (MAX_ELEMENTS["xl/worksheets/"] - 10) // 19
    uploaded = bomb({SHEET: sheet_xml(row * rows), "xl/styles.xml": styles[:at] + xf * formats + styles[at:]})

    assert outcome_within_bounds(uploaded) == "accepted"
    uploaded.seek(0)
    assert read_everything(uploaded) == rows
