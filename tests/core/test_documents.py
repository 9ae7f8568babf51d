"""Decree 30 helpers, the PDF renderer and background-generated files."""

import datetime
import hashlib
import threading
import unicodedata

import pytest
from django.db import connection
from django.urls import reverse

from core.documents import DocumentHeader, Rendered, Signature, date_line, number_text, renderer
from core.enums import GeneratedFileStatus
from core.models import ActivityLog, DocumentNumber, GeneratedFile
from core.pdf import render_pdf
from core.services import build_generated_file, next_document_number, request_generated_file
from tests.pdf import pdf_fonts, pdf_text, stored_bytes

HEADER = DocumentHeader(
    superior="UBND TỈNH HÀ TĨNH",
    issuer="KHỐI THI ĐUA NỘI CHÍNH",
    number="05/BC-KTĐ",
    place="Hà Tĩnh",
    date=datetime.date(2020, 3, 5),
    type_name="BÁO CÁO",
    summary="Sơ kết 6 tháng đầu năm 2020",
)
SIGNATURE = Signature(authority="TM. KHỐI THI ĐUA", title="TRƯỞNG KHỐI", name="Nguyễn Thị Ưng")


def sample_pdf() -> bytes:
    return render_pdf(
        "documents/decree30.html",
        {"header": HEADER, "signature": SIGNATURE, "recipients": ["UBND tỉnh", "Lưu: VT"]},
    )


@renderer("tests.sample", permission="blocs.view_unit")
def _sample(unit) -> Rendered:
    return Rendered(sample_pdf(), f"mau-{unit.pk}.pdf")


@renderer("tests.broken", permission="blocs.view_unit")
def _broken(unit) -> Rendered:
    raise RuntimeError("template exploded")


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime.date(2020, 3, 5), "Hà Tĩnh, ngày 05 tháng 3 năm 2020"),
        (datetime.date(2021, 2, 14), "Hà Tĩnh, ngày 14 tháng 02 năm 2021"),
        (datetime.date(2021, 1, 9), "Hà Tĩnh, ngày 09 tháng 01 năm 2021"),
        (datetime.date(2021, 12, 25), "Hà Tĩnh, ngày 25 tháng 12 năm 2021"),
    ],
)
def test_date_line_pads_days_under_ten_and_months_one_and_two(date, expected):
    assert date_line("Hà Tĩnh", date) == expected


def test_number_text_pads_and_leaves_a_blank_for_drafts():
    assert number_text(5, "BC", "KTĐ") == "05/BC-KTĐ"
    assert number_text(112, "TTr", "KTĐ") == "112/TTr-KTĐ"
    assert number_text(None, "BC", "KTĐ").endswith("/BC-KTĐ")


def test_render_pdf_keeps_every_vietnamese_character_of_the_layout(tmp_path):
    text = pdf_text(sample_pdf(), tmp_path)

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for expected in [
        "UBND TỈNH HÀ TĨNH",
        "KHỐI THI ĐUA NỘI CHÍNH",
        "Số: 05/BC-KTĐ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Tĩnh, ngày 05 tháng 3 năm 2020",
        "BÁO CÁO",
        "Sơ kết 6 tháng đầu năm 2020",
        "TRƯỞNG KHỐI",
        "Nguyễn Thị Ưng",
    ]:
        assert any(expected in line for line in lines), expected
    assert text == unicodedata.normalize("NFC", text)


def test_render_pdf_normalises_decomposed_text_to_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Thanh tra tỉnh Hà Tĩnh")
    header = DocumentHeader("", decomposed, "", "Hà Tĩnh", None, "BÁO CÁO")

    text = pdf_text(render_pdf("documents/decree30.html", {"header": header}), tmp_path)

    assert "Thanh tra tỉnh Hà Tĩnh".upper() in text or "Thanh tra tỉnh Hà Tĩnh" in text


def test_render_pdf_drops_bidirectional_overrides(tmp_path):
    header = DocumentHeader("", "Thanh tra \u202etỉnh\u202c", "", "Hà Tĩnh", None, "BÁO CÁO")

    text = pdf_text(render_pdf("documents/decree30.html", {"header": header}), tmp_path)

    assert "THANH TRA TỈNH" in text or "Thanh tra tỉnh" in text


def test_render_pdf_embeds_every_font(tmp_path):
    fonts = pdf_fonts(sample_pdf(), tmp_path)

    assert fonts
    assert all(row[-5] == "yes" for row in fonts), fonts  # the "emb" column
    assert any("Liberation-Serif" in row[0] for row in fonts)


def test_request_generated_file_renders_stores_hash_and_audits(world, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        generated = request_generated_file(world.member, kind="tests.sample", actor=secretariat)

    generated.refresh_from_db()
    content = stored_bytes(generated)
    assert generated.status == GeneratedFileStatus.READY
    assert generated.sha256 == hashlib.sha256(content).hexdigest()
    assert generated.size == len(content) and content.startswith(b"%PDF-")
    assert generated.filename == f"mau-{world.member.pk}.pdf"
    assert ActivityLog.objects.filter(action="core.file.requested", object_id=world.member.pk).count() == 1


def test_build_generated_file_twice_changes_nothing(world, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        generated = request_generated_file(world.member, kind="tests.sample", actor=secretariat)
    generated.refresh_from_db()
    finished = generated.finished_at

    again = build_generated_file(generated)

    again.refresh_from_db()
    assert again.finished_at == finished and again.status == GeneratedFileStatus.READY


def test_build_generated_file_rendering_error_marks_failed_and_leaves_no_file(
    world, secretariat, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        generated = request_generated_file(world.member, kind="tests.broken", actor=secretariat)

    generated.refresh_from_db()
    assert generated.status == GeneratedFileStatus.FAILED
    assert "template exploded" in generated.error
    assert not generated.file
    assert not (settings.MEDIA_ROOT / "generated").exists() or not any((settings.MEDIA_ROOT / "generated").rglob("*.*"))


def test_request_generated_file_unknown_kind_is_refused_before_anything_is_stored(world, secretariat):
    with pytest.raises(KeyError):
        request_generated_file(world.member, kind="tests.nothing", actor=secretariat)

    assert not GeneratedFile.objects.exists()


def test_generated_file_page_and_download_allowed_for_who_may_see_the_target(
    client, world, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        generated = request_generated_file(world.member, kind="tests.sample", actor=secretariat)
    generated.refresh_from_db()
    client.force_login(secretariat)

    page = client.get(generated.get_absolute_url())
    download = client.get(reverse("generated_file_download", args=[generated.pk]))

    assert page.status_code == 200 and b'data-status="ready"' in page.content
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == generated.sha256


def test_generated_file_page_hidden_from_who_may_not_see_the_target(
    client, world, secretariat, django_capture_on_commit_callbacks, outsider
):
    with django_capture_on_commit_callbacks(execute=True):
        generated = request_generated_file(world.member, kind="tests.sample", actor=secretariat)
    client.force_login(outsider)

    assert client.get(generated.get_absolute_url()).status_code == 404
    assert client.get(reverse("generated_file_download", args=[generated.pk])).status_code == 404


def test_generated_file_pending_page_polls_and_download_waits(client, world, secretariat):
    generated = GeneratedFile.objects.create(kind="tests.sample", target=world.member, requested_by=secretariat)
    client.force_login(secretariat)

    fragment = client.get(generated.get_absolute_url(), headers={"HX-Request": "true"})
    download = client.get(reverse("generated_file_download", args=[generated.pk]))

    assert b'hx-trigger="every 1s"' in fragment.content and b"<html" not in fragment.content
    assert download.status_code == 302 and download.url == generated.get_absolute_url()


def test_next_document_number_counts_per_issuer_type_and_year(db):
    numbers = [next_document_number(issuer_key="bloc:1", type_code="BC", year=2020) for _ in range(3)]

    assert numbers == [1, 2, 3]
    assert next_document_number(issuer_key="bloc:1", type_code="TTr", year=2020) == 1
    assert next_document_number(issuer_key="bloc:1", type_code="BC", year=2021) == 1
    assert next_document_number(issuer_key="bloc:2", type_code="BC", year=2020) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_next_document_number_concurrent_issuers_never_share_a_number():
    numbers, lock = [], threading.Lock()

    def issue():
        try:
            number = next_document_number(issuer_key="bloc:9", type_code="BC", year=2020)
            with lock:
                numbers.append(number)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(numbers) == list(range(1, 21))
    assert DocumentNumber.objects.get(issuer_key="bloc:9").last_number == 20
