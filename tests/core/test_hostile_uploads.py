"""Hostile uploads through the real views: each is refused with a clear message, stores nothing, and
costs under 2 s of wall time and 100 MiB of extra memory.

Memory is the process's peak resident set (VmHWM), reset before each request through
/proc/self/clear_refs: unlike tracemalloc it sees what zlib, expat and Pillow allocate in C, and
unlike ru_maxrss it can be reset, so the peak belongs to the request alone.
"""

import gc
import io
import re
import struct
import time
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import ActivityLog
from tests.factories import pdf_bytes
from tests.pledges.factories import UnitReportFactory
from tests.scoring.conftest import member_sheet, scheme, self_sheets  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("english")

SECONDS, MEMORY_KIB = 2.0, 100 * 1024
XLSX_PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "xl/workbook.xml": b"<workbook/>",
    "word/document.xml": b"<document/>",
}


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        return int(re.search(rf"{field}:\s+(\d+)", status.read()).group(1))


def within_bounds(send):
    """Send the request; assert its wall time and the growth of peak resident memory it caused."""
    gc.collect()
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")  # resets VmHWM to the current resident set
    baseline = _status_kib("VmRSS")
    started = time.perf_counter()
    response = send()
    elapsed = time.perf_counter() - started
    grown = _status_kib("VmHWM") - baseline
    assert elapsed < SECONDS, f"took {elapsed:.2f} s"
    assert grown < MEMORY_KIB, f"peak grew {grown / 1024:.0f} MiB"
    return response


# --- The hostile files ---------------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """An Office zip of 3 MiB whose worksheet part inflates to 3 GiB of zeros.

    Written by hand: compressing 3 GiB would take a minute. Each 16 MiB block is flushed so that it
    stands alone and can be repeated. The CRC is not computed (it would take seconds): a reader
    would only find out after inflating it all, which is what the guard must prevent."""
    block = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = block.compress(bytes(16 * 2**20)) + block.flush(zlib.Z_FULL_FLUSH)
    data = chunk * 192 + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    name, size = b"xl/worksheets/sheet1.xml", 192 * 16 * 2**20
    small = _zip(XLSX_PARTS)
    archive = zipfile.ZipFile(io.BytesIO(small))
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, 0, len(data), size, len(name), 0)
    # The bomb comes first; the small zip's parts follow, their offsets shifted by it.
    shift = len(local) + len(name) + len(data)
    directory = _central_entry(name, 0, len(data), size, 0) + b"".join(
        _central_entry(info.filename.encode(), info.CRC, info.compress_size, info.file_size, info.header_offset + shift)
        for info in archive.infolist()
    )
    body = local + name + data + small[: archive.start_dir]
    count = len(archive.infolist()) + 1
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(body), 0)
    return body + directory + end


def _central_entry(name: bytes, crc: int, compressed: int, size: int, offset: int) -> bytes:
    """A central directory record of a deflated part."""
    fields = (20, 20, 0, 8, 0, 0, crc, compressed, size, len(name), 0, 0, 0, 0, 0, offset)
    return struct.pack("<4s6H3L5H2L", b"PK\x01\x02", *fields) + name


def xxe() -> bytes:
    doctype = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><workbook>&x;</workbook>'
    return _zip({**XLSX_PARTS, "xl/workbook.xml": doctype, "word/document.xml": doctype})


def billion_laughs() -> bytes:
    entities = '<!ENTITY l0 "ha">' + "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    doctype = f'<?xml version="1.0"?><!DOCTYPE w [{entities}]><workbook>&l9;</workbook>'.encode()
    return _zip({**XLSX_PARTS, "xl/workbook.xml": doctype, "word/document.xml": doctype})


def ten_thousand_entries() -> bytes:
    return _zip({**XLSX_PARTS, **{f"xl/media/p{n}.bin": b"" for n in range(10_000)}})


def polyglot_pdf_zip() -> bytes:
    return pdf_bytes() + _zip({"index.html": b"<script>alert(1)</script>"})


def polyglot_pdf_html() -> bytes:
    pdf = pdf_bytes()
    at = pdf.index(b"\n") + 1
    return pdf[:at] + b"%<html><body><script>alert(document.cookie)</script></body></html>\n" + pdf[at:]


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'

# (file name, builder, message the attachment views give, message the spreadsheet import gives)
HOSTILE = {
    "zip-bomb": ("bang-diem.xlsx", zip_bomb, "expands to an excessive size", "expands to an excessive size"),
    "xxe": ("bang-diem.xlsx", xxe, "document type declaration", "document type declaration"),
    "billion-laughs": ("bao-cao.docx", billion_laughs, "document type declaration", "document type declaration"),
    "10000-entries": ("bang-diem.xlsx", ten_thousand_entries, "at most 200 are accepted", "at most 200 are accepted"),
    "polyglot-pdf-zip": ("minh-chung.pdf", polyglot_pdf_zip, "is not a .pdf file", "could not be read"),
    "polyglot-pdf-html": ("minh-chung.pdf", polyglot_pdf_html, "is not a .pdf file", "not an Excel workbook"),
    "elf-as-pdf": ("minh-chung.pdf", lambda: ELF, "is not a .pdf file", "not an Excel workbook"),
    "exe-as-png": ("anh.png", lambda: MZ, "is not a .png file", "not an Excel workbook"),
    "elf-as-xlsx": ("bang-diem.xlsx", lambda: ELF, "is not a .xlsx file", "not an Excel workbook"),
    "svg-script": ("so-do.svg", lambda: SVG, "are not accepted", "not an Excel workbook"),
}


@pytest.fixture(scope="module")
def hostile_files():
    return {case: (name, build()) for case, (name, build, *_) in HOSTILE.items()}


def stored_nothing(settings) -> bool:
    media = settings.MEDIA_ROOT
    return not media.exists() or not any(path.is_file() for path in media.rglob("*"))


# --- Through the views ----------------------------------------------------------------------------


@pytest.fixture
def draft_report(world):
    return UnitReportFactory(bloc_year=world.bloc_year, unit=world.member)


def _named(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("case", HOSTILE)
def test_report_attachment_add_hostile_file_is_refused_within_bounds(
    case, hostile_files, client, draft_report, unit_officer, settings
):
    client.force_login(unit_officer)
    name, content = hostile_files[case]
    url = reverse("pledges:report_attachment_add", args=[draft_report.pk])
    entries = ActivityLog.objects.count()

    response = within_bounds(lambda: client.post(url, {"file": _named(name, content)}, follow=True))

    assert response.status_code == 200
    assert HOSTILE[case][2] in response.content.decode()
    assert not draft_report.attachments.exists()
    assert ActivityLog.objects.count() == entries
    assert stored_nothing(settings)


@pytest.mark.parametrize("case", HOSTILE)
def test_line_evidence_hostile_file_is_refused_within_bounds(
    case,
    hostile_files,
    client,
    member_sheet,  # noqa: F811 - the fixture imported above
    unit_officer,
    settings,
):
    client.force_login(unit_officer)
    name, content = hostile_files[case]
    line = member_sheet.lines.order_by("pk")[1]
    url = reverse("scoring:line_evidence", args=[member_sheet.pk, line.pk])
    entries = ActivityLog.objects.count()

    response = within_bounds(lambda: client.post(url, {"file": _named(name, content)}))

    assert response.status_code == 400
    assert HOSTILE[case][2] in response.content.decode()
    assert not line.evidence.exists()
    assert ActivityLog.objects.count() == entries
    assert stored_nothing(settings)


@pytest.mark.parametrize("case", HOSTILE)
def test_sheet_import_hostile_file_is_refused_within_bounds(
    case,
    hostile_files,
    client,
    member_sheet,  # noqa: F811 - the fixture imported above
    unit_officer,
    settings,
):
    client.force_login(unit_officer)
    name, content = hostile_files[case]
    url = reverse("scoring:sheet_import", args=[member_sheet.pk])
    entries = ActivityLog.objects.count()

    response = within_bounds(lambda: client.post(url, {"file": _named(name, content)}))

    assert response.status_code == 400
    assert HOSTILE[case][3] in response.content.decode()
    assert not member_sheet.lines.exclude(points=None).exists()
    assert ActivityLog.objects.count() == entries
    assert stored_nothing(settings)


# --- 200 MB, streamed -----------------------------------------------------------------------------


class StreamedUpload(io.RawIOBase):
    """A multipart body with one file of ``size`` zero bytes, produced as it is read (never whole in memory)."""

    BOUNDARY = "hostile-boundary"

    def __init__(self, name: str, size: int):
        self.head = (
            f'--{self.BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{self.BOUNDARY}--\r\n".encode()
        self.length = len(self.head) + size + len(self.tail)
        self.position = 0

    def readable(self):
        return True

    def read(self, size=-1):
        size = self.length - self.position if size is None or size < 0 else min(size, self.length - self.position)
        start, self.position = self.position, self.position + size
        body_end = self.length - len(self.tail)
        chunk = bytearray(size)  # zeros, the file's content
        if start < len(self.head):
            part = self.head[start : start + size]
            chunk[: len(part)] = part
        if self.position > body_end:
            part = self.tail[max(start - body_end, 0) : self.position - body_end]
            chunk[size - len(part) :] = part
        return bytes(chunk)

    def environ(self) -> dict:
        return {
            "wsgi.input": self,
            "CONTENT_LENGTH": str(self.length),
            "CONTENT_TYPE": f"multipart/form-data; boundary={self.BOUNDARY}",
        }


def test_streamed_upload_body_is_what_a_browser_sends():
    stream = StreamedUpload("a.pdf", 10)

    body = b"".join(iter(lambda: stream.read(7), b""))

    assert body == stream.head + bytes(10) + stream.tail


TWO_HUNDRED_MB = 200 * 2**20


def _upload_urls(report, sheet):
    line = sheet.lines.order_by("pk")[1]
    return {
        "report-attachment": reverse("pledges:report_attachment_add", args=[report.pk]),
        "evidence": reverse("scoring:line_evidence", args=[sheet.pk, line.pk]),
        "sheet-import": reverse("scoring:sheet_import", args=[sheet.pk]),
    }


@pytest.mark.parametrize("view", ["report-attachment", "evidence", "sheet-import"])
def test_upload_of_200_megabytes_is_refused_within_bounds(
    view,
    client,
    draft_report,
    member_sheet,  # noqa: F811 - the fixture imported above
    unit_officer,
    settings,
):
    client.force_login(unit_officer)
    url = _upload_urls(draft_report, member_sheet)[view]
    stream = StreamedUpload("bang-diem.xlsx" if view == "sheet-import" else "minh-chung.pdf", TWO_HUNDRED_MB)
    entries = ActivityLog.objects.count()

    response = within_bounds(lambda: client.generic("POST", url, **stream.environ()))

    assert response.status_code == 413
    assert "The upload is 200.0\xa0MB; files may be at most 10.0\xa0MB." in response.content.decode()
    assert stream.position == 0  # refused unread
    assert ActivityLog.objects.count() == entries
    assert stored_nothing(settings)


def test_upload_just_within_the_request_limit_reaches_the_form(client, draft_report, unit_officer, settings):
    client.force_login(unit_officer)
    url = reverse("pledges:report_attachment_add", args=[draft_report.pk])
    framing = StreamedUpload("minh-chung.pdf", 0).length
    stream = StreamedUpload("minh-chung.pdf", 11 * 2**20 - framing)  # the whole body: 11 MiB, the limit and margin

    response = client.generic("POST", url, **stream.environ())

    assert response.status_code == 302  # the form refused it, with its own message
    assert stream.position == stream.length
    assert not draft_report.attachments.exists()
