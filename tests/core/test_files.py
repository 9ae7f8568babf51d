"""Upload checks for attachments and spreadsheets; formula-safe spreadsheet writing."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from core.files import AttachmentField, validate_attachment
from core.xlsx import MAX_UPLOAD_BYTES, guard_xlsx_upload, load_workbook_guarded, set_text, write_rows_xlsx
from tests.factories import docx_bytes, image_bytes, pdf_bytes


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def opendocument_bytes(mimetype: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minh-chung.pdf", pdf_bytes(pages=2)),
        ("anh.PNG", image_bytes("PNG")),
        ("anh.jpg", image_bytes("JPEG")),
        ("bao-cao.docx", docx_bytes()),
        ("bang-diem.xlsx", xlsx_bytes([["Mã", "Điểm"], ["I.1", 10]])),
        ("bang-diem.ods", opendocument_bytes(b"application/vnd.oasis.opendocument.spreadsheet")),
        ("bang-diem.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1...."),
    ],
)
def test_validate_attachment_known_type_with_matching_content_passes(name, content):
    validate_attachment(upload(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minh-chung.pdf", b"%PDF-1.7\nMZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200),
        ("minh-chung.pdf", b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n"),
        ("minh-chung.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        ("anh.png", b"\x89PNG\r\n\x1a\n<html></html>"),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"MZ" * 100),
        ("anh.png", image_bytes("JPEG")),
        ("bao-cao.docx", zip_of({"payload.exe": b"MZ" * 100})),
        ("bao-cao.docx", xlsx_bytes([["Mã"]])),
        ("bang-diem.xlsx", docx_bytes()),
        ("bang-diem.ods", opendocument_bytes(b"application/vnd.oasis.opendocument.text")),
        ("bao-cao.docx", b"PK\x03\x04" + b"0" * 200),
    ],
    ids=[
        "pdf-exe",
        "pdf-html",
        "pdf-no-pages",
        "png-html",
        "jpg-exe",
        "jpeg-as-png",
        "docx-exe",
        "xlsx-as-docx",
        "docx-as-xlsx",
        "odt-as-ods",
        "broken-zip",
    ],
)
def test_validate_attachment_right_first_bytes_wrong_structure_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        validate_attachment(upload(name, content))

    assert error.value.code == "bad_content"


def test_validate_attachment_office_zip_bomb_is_refused():
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>" + b" " * (150 * 2**20)}
    bomb = upload("bao-cao.docx", zip_of(parts))

    with pytest.raises(ValidationError, match="quá lớn"):
        validate_attachment(bomb)


def test_validate_attachment_image_declaring_a_gigapixel_canvas_is_refused():
    png = image_bytes("PNG", size=(1, 1))
    # Rewrite the IHDR width and height (40,000 x 40,000) and its CRC: a tiny file claiming 1.6 gigapixels.
    header = b"IHDR" + struct.pack(">II", 40_000, 40_000) + png[24:29]
    forged = png[:12] + header + struct.pack(">I", zlib.crc32(header)) + png[33:]

    with pytest.raises(ValidationError) as error:
        validate_attachment(upload("anh.png", forged))

    assert error.value.code == "bad_content"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("script.exe", b"MZ....", "bad_type"),
        ("noextension", b"%PDF-1.7", "bad_type"),
        ("fake.pdf", b"<html>not a pdf</html>", "bad_content"),
        ("fake.docx", b"%PDF-1.7", "bad_content"),
    ],
)
def test_validate_attachment_wrong_type_or_content_is_refused_with_reason(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_attachment(upload(name, content))

    assert error.value.code == code


def test_validate_attachment_over_the_limit_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    assert len(pdf_bytes(pages=20)) > 1024

    with pytest.raises(ValidationError) as error:
        validate_attachment(upload("big.pdf", pdf_bytes(pages=20)))

    assert error.value.code == "too_large"


def test_attachment_field_tells_the_browser_what_it_accepts():
    assert ".pdf" in AttachmentField().widget.attrs["accept"]


def test_guard_xlsx_upload_accepts_a_real_workbook():
    guard_xlsx_upload(upload("diem.xlsx", xlsx_bytes([["Mã", "Điểm"], ["I.1", 10]])))


def test_guard_xlsx_upload_refuses_more_than_ten_megabytes():
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"0" * (MAX_UPLOAD_BYTES + 1))

    with pytest.raises(ValidationError, match="10"):
        guard_xlsx_upload(big)


def test_guard_xlsx_upload_refuses_what_is_not_a_zip():
    with pytest.raises(ValidationError):
        guard_xlsx_upload(upload("diem.xlsx", b"Ma,Diem\nI.1,10\n"))


def zip_upload(entries: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return upload("bomb.xlsx", buffer.getvalue())


def test_guard_xlsx_upload_refuses_too_many_entries():
    with pytest.raises(ValidationError):
        guard_xlsx_upload(zip_upload({f"xl/part{i}.xml": b"<a/>" for i in range(500)}))


def test_guard_xlsx_upload_refuses_an_excessive_expansion_ratio():
    with pytest.raises(ValidationError):
        guard_xlsx_upload(zip_upload({"xl/worksheets/sheet1.xml": b"\0" * (20 * 1024 * 1024)}))


def test_load_workbook_guarded_opens_values_not_formulas():
    workbook = load_workbook_guarded(upload("diem.xlsx", xlsx_bytes([["I.1", 9.5]])))

    assert [list(row) for row in workbook.active.iter_rows(values_only=True)] == [["I.1", 9.5]]


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "=1+1"])
def test_write_rows_xlsx_formula_looking_text_stays_text(text):
    content = write_rows_xlsx([["Ghi chú"], [text]], title="Tổng hợp")

    cell = load_workbook(io.BytesIO(content)).active["A2"]
    assert cell.value == text and cell.data_type == "s"


def test_write_rows_xlsx_keeps_numbers_and_vietnamese():
    content = write_rows_xlsx([["Đơn vị", "Điểm"], ["Công an tỉnh", 987.5]], title="Tổng hợp")

    sheet = load_workbook(io.BytesIO(content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [["Đơn vị", "Điểm"], ["Công an tỉnh", 987.5]]
    assert sheet["A1"].font.bold


def test_set_text_formula_looking_text_stays_text():
    workbook = Workbook()
    set_text(workbook.active["A1"], "=cmd|' /C calc'!A0")
    buffer = io.BytesIO()
    workbook.save(buffer)

    cell = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    assert cell.data_type == "s" and cell.value.startswith("=cmd")
