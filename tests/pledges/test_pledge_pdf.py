"""The signed-pledge PDF: the exact text a reader extracts, embedded fonts, and the background path through core."""

import datetime
import hashlib
import unicodedata
from decimal import Decimal

import pytest

from core.enums import GeneratedFileStatus
from core.models import ActivityLog, GeneratedFile, IssuedDocument
from core.services import request_generated_file
from pledges.documents import signed_pledge_pdf
from pledges.services import commitments as services
from tests.factories import CouncilOfficeNameFactory
from tests.pdf import pdf_fonts, pdf_text, stored_bytes


@pytest.fixture
def signed_pledge(world, secretariat):
    """Bloc B's pledge for 2020: decomposed Unicode pasted from Word, signed by two of its three members."""
    CouncilOfficeNameFactory(province=world.bloc_year.bloc.province, valid_to=None)  # a draft prints today's
    services.record_launch_meeting(
        world.bloc_year,
        actor=secretariat,
        held_on=datetime.date(2020, 2, 27),
        place="Cục Thi hành án dân sự tỉnh",
        attendees="Ban Thi đua - Khen thưởng tỉnh",
    )
    pledge = services.save_pledge(
        world.bloc_year,
        actor=secretariat,
        theme=unicodedata.normalize("NFD", "Đoàn kết, sáng tạo, vượt mức chỉ tiêu"),
        slogan="Kỷ cương, liêm chính",
        plan_number="12/KH-KTĐ",
        plan_date=datetime.date(2020, 2, 5),
        preamble="Thực hiện nghiêm Nghị quyết Trung ương 4.",
        clauses=[
            {"content": "Hoàn thành chỉ tiêu được giao", "unit_of_measure": "%", "target_value": Decimal("100.00")},
            {"content": "Sơ kết, tổng kết", "unit_of_measure": "hội nghị", "target_value": Decimal("2.50")},
        ],
        unit_themes={world.member.pk: "Vì bình yên nhân dân"},
    )
    for unit, name, title in [
        (world.head, "Bùi Thị Khánh", "Chánh Thanh tra"),
        (world.member, "Phạm Minh Dũng", "Giám đốc"),
    ]:
        services.record_pledge_signature(
            pledge,
            actor=secretariat,
            unit=unit,
            signer_name=name,
            signer_title=title,
            signed_on=datetime.date(2020, 2, 27),
        )
    return pledge


PLEDGE_TEXT = """DỰ THẢO
UBND TỈNH HÀ TĨNH
KHỐI THI ĐUA NỘI CHÍNH
Số: /GƯ-KTĐ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Tĩnh, ngày tháng năm
GIAO ƯỚC THI ĐUA
Năm 2020
Căn cứ Kế hoạch số 12/KH-KTĐ ngày 05/02/2020 về tổ chức phong trào
thi đua năm 2020;
Các đơn vị thành viên Khối thi đua Nội chính thống nhất ký kết giao ước
thi đua năm 2020 với các nội dung sau:
Chủ đề: “Đoàn kết, sáng tạo, vượt mức chỉ tiêu”.
Khẩu hiệu: “Kỷ cương, liêm chính”.
Thực hiện nghiêm Nghị quyết Trung ương 4.
I. CÁC CHỈ TIÊU THI ĐUA
STT Nội dung Chỉ tiêu
1 Hoàn thành chỉ tiêu được giao 100 %
2 Sơ kết, tổng kết 2,5 hội nghị
II. CHỦ ĐỀ THI ĐUA CỦA CÁC ĐƠN VỊ
1. Công an tỉnh: “Vì bình yên nhân dân”.
ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC
THANH TRA TỈNH
CHÁNH THANH TRA
Bùi Thị Khánh
SỞ TƯ PHÁP
(chưa ký)
CÔNG AN TỈNH
GIÁM ĐỐC
Phạm Minh Dũng
Nơi nhận:
- Ban Thi đua - Khen thưởng tỉnh;
- Các đơn vị thành viên khối;
- Lưu: VT.
"""


def lines(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.replace("\f", "").splitlines() if line.strip()) + "\n"


def test_signed_pledge_pdf_text_is_exact_vietnamese(signed_pledge, tmp_path):
    rendered = signed_pledge_pdf(signed_pledge)

    assert rendered.filename == f"giao-uoc-thi-dua-2020-khoi-{signed_pledge.bloc_year.bloc_id}.pdf"
    assert lines(pdf_text(rendered.content, tmp_path)).removesuffix("2\n") == PLEDGE_TEXT


def _sign_last(pledge, world, secretariat):
    services.record_pledge_signature(
        pledge,
        actor=secretariat,
        unit=world.deputy,
        signer_name="Hồ Văn Hải",
        signer_title="Giám đốc",
        signed_on=datetime.date(2020, 3, 2),
    )


def test_signed_pledge_last_signature_issues_number_and_meeting_date(signed_pledge, world, secretariat, tmp_path):
    _sign_last(signed_pledge, world, secretariat)

    issued = IssuedDocument.objects.get(kind="pledges.signed_pledge")
    assert (issued.number_text, issued.issued_on) == ("01/GƯ-KTĐ", datetime.date(2020, 2, 27))
    assert ActivityLog.objects.filter(action="core.document.issued", object_id=signed_pledge.pk).count() == 1
    text = lines(pdf_text(signed_pledge_pdf(signed_pledge).content, tmp_path))
    assert text.startswith(
        "UBND TỈNH HÀ TĨNH\nKHỐI THI ĐUA NỘI CHÍNH\nSố: 01/GƯ-KTĐ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nHà Tĩnh, ngày 27 tháng 02 năm 2020\nGIAO ƯỚC THI ĐUA\n"
    )
    assert "DỰ THẢO" not in text and "(chưa ký)" not in text


def test_signed_pledge_issued_rerender_on_another_day_is_identical_text(
    signed_pledge, world, secretariat, tmp_path, time_machine
):
    _sign_last(signed_pledge, world, secretariat)
    time_machine.move_to(datetime.datetime(2021, 6, 1, 9, 0, tzinfo=datetime.UTC))
    first = pdf_text(signed_pledge_pdf(signed_pledge).content, tmp_path)
    world.head.leader_name = "Người Khác"
    world.head.save()
    world.bloc_year.bloc.province.name = "Hà Tĩnh mới"
    world.bloc_year.bloc.province.save()
    time_machine.move_to(datetime.datetime(2024, 1, 15, 9, 0, tzinfo=datetime.UTC))

    assert pdf_text(signed_pledge_pdf(signed_pledge).content, tmp_path) == first


def test_signed_pledge_pdf_fonts_are_all_embedded(signed_pledge, tmp_path):
    fonts = pdf_fonts(signed_pledge_pdf(signed_pledge).content, tmp_path)

    assert fonts
    assert all(row[-5] == "yes" for row in fonts), fonts  # the "emb" column
    assert {row[0].split("+")[-1] for row in fonts} <= {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    }


def test_signed_pledge_pdf_shows_the_amended_version(signed_pledge, world, secretariat, tmp_path):
    services.save_pledge(
        world.bloc_year,
        actor=secretariat,
        theme="Chủ đề sửa đổi",
        clauses=[{"content": "Chỉ tiêu mới", "unit_of_measure": "", "target_value": None}],
        unit_themes={},
        change_note="Thay chủ đề",
    )
    signed_pledge.refresh_from_db()

    text = pdf_text(signed_pledge_pdf(signed_pledge).content, tmp_path)

    assert "Chủ đề: “Chủ đề sửa đổi”." in text
    assert "Giao ước này được sửa đổi, bổ sung lần thứ 1: Thay chủ đề" in text
    assert "vượt mức chỉ tiêu" not in text


def test_signed_pledge_generated_file_ready_with_sha256(
    signed_pledge, unit_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        generated = request_generated_file(signed_pledge, kind="pledges.signed_pledge", actor=unit_officer)

    generated = GeneratedFile.objects.get(pk=generated.pk)
    assert generated.status == GeneratedFileStatus.READY
    content = stored_bytes(generated)
    assert content.startswith(b"%PDF")
    assert generated.sha256 == hashlib.sha256(content).hexdigest()
