"""Report PDFs: the exact text a reader extracts, embedded fonts, and the background path through core."""

import datetime
import hashlib
import unicodedata

import pytest
import time_machine
from django.urls import reverse

from core.enums import GeneratedFileStatus
from core.exceptions import DomainError
from core.models import ActivityLog, GeneratedFile, IssuedDocument
from core.tasks import build_generated_file
from pledges.documents import bloc_report_pdf, unit_report_pdf
from pledges.enums import BlocReportStatus, ReportStatus
from pledges.services import reports as report_services
from pledges.services.reports import return_unit_report, submit_unit_report
from tests.factories import UserFactory, bloc_year_with_members
from tests.pdf import pdf_fonts, pdf_text, stored_bytes
from tests.pledges.factories import BlocReportFactory, UnitReportFactory

RESULTS = "Thanh tra tỉnh:\nHoàn thành 15 cuộc thanh tra, phát hiện sai phạm 2,5 tỷ đồng.\n\nCông an tỉnh:\nĐảm bảo an ninh trật tự dịp Tết Nguyên đán."
LESSONS = "Sự lãnh đạo sát sao của cấp ủy; ý thức tự giác của cán bộ, chiến sỹ."


@pytest.fixture
def issued_bloc_report(world):
    return BlocReportFactory(
        bloc_year=world.bloc_year,
        issuer_unit=world.head,
        status=BlocReportStatus.ISSUED,
        number=5,
        issued_on=datetime.date(2020, 7, 5),
        results=RESULTS,
        lessons=LESSONS,
        recipients="Ban Thi đua - Khen thưởng, Sở Nội vụ Hà Tĩnh\nCác đơn vị thành viên\nLưu: VT",
    )


BLOC_REPORT_TEXT = """UBND TỈNH HÀ TĨNH
KHỐI THI ĐUA NỘI CHÍNH
Số: 05/BC-KTĐ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Tĩnh, ngày 05 tháng 7 năm 2020
BÁO CÁO
Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2020
I. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG GIAO ƯỚC THI ĐUA
Thanh tra tỉnh:
Hoàn thành 15 cuộc thanh tra, phát hiện sai phạm 2,5 tỷ đồng.
Công an tỉnh:
Đảm bảo an ninh trật tự dịp Tết Nguyên đán.
II. BÀI HỌC KINH NGHIỆM
Sự lãnh đạo sát sao của cấp ủy; ý thức tự giác của cán bộ, chiến sỹ.
Nơi nhận:
- Ban Thi đua - Khen thưởng, Sở Nội vụ Hà Tĩnh;
- Các đơn vị thành viên;
- Lưu: VT.
TM. KHỐI THI ĐUA
TRƯỞNG KHỐI
CHÁNH THANH TRA TỈNH
Nguyễn Văn An"""


def lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.replace("\f", "").splitlines() if line.strip())


def test_bloc_report_pdf_text_is_exactly_the_decree30_report(issued_bloc_report, tmp_path):
    rendered = bloc_report_pdf(issued_bloc_report)

    text = pdf_text(rendered.content, tmp_path)

    assert lines(text) == BLOC_REPORT_TEXT
    assert text == unicodedata.normalize("NFC", text)
    assert rendered.filename == f"bao-cao-so-ket-2020-khoi-{issued_bloc_report.bloc_year.bloc_id}.pdf"


def test_bloc_report_pdf_issued_then_bloc_renamed_rerenders_identical_text(world, secretariat, tmp_path):
    BlocReportFactory(bloc_year=world.other_bloc_year, issuer_unit=world.other_unit, signer_name="Người khác")
    report = BlocReportFactory(
        bloc_year=world.bloc_year, issuer_unit=world.head, signer_name="Nguyễn Văn An", results=RESULTS
    )
    report_services.issue_bloc_report(report, actor=secretariat, issued_on=datetime.date(2020, 7, 5))
    report.refresh_from_db()
    first = pdf_text(bloc_report_pdf(report).content, tmp_path)
    bloc = world.bloc_year.bloc
    bloc.name = "Khối thi đua các cơ quan Nội chính"
    bloc.save()

    with time_machine.travel(datetime.datetime(2026, 1, 5, 2, 0, tzinfo=datetime.UTC), tick=False):
        again = pdf_text(bloc_report_pdf(report).content, tmp_path)

    assert again == first
    assert "KHỐI THI ĐUA NỘI CHÍNH\nSố: 01/BC-KTĐ\n" in lines(again)


def test_bloc_report_pdf_decomposed_input_comes_out_composed(issued_bloc_report, tmp_path):
    issued_bloc_report.results = unicodedata.normalize("NFD", "Ưu điểm: đạt 100% chỉ tiêu, vượt kế hoạch.")
    issued_bloc_report.lessons = ""
    issued_bloc_report.save()

    text = lines(pdf_text(bloc_report_pdf(issued_bloc_report).content, tmp_path))

    assert "\nƯu điểm: đạt 100% chỉ tiêu, vượt kế hoạch.\n" in text


def test_bloc_report_pdf_embeds_every_font(issued_bloc_report, tmp_path):
    fonts = pdf_fonts(bloc_report_pdf(issued_bloc_report).content, tmp_path)

    assert fonts
    assert all(row[-5] == "yes" for row in fonts), fonts  # pdffonts' "emb" column
    assert all("Liberation-Serif" in row[0] for row in fonts), fonts


UNIT_REPORT_BODY = """BÁO CÁO
Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2020
I. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG GIAO ƯỚC THI ĐUA
Triệt phá 12 đường dây ma túy; kéo giảm 8% số vụ phạm pháp hình sự.
II. TỒN TẠI, HẠN CHẾ
Công tác tuyên truyền ở cơ sở còn chậm đổi mới.
III. ĐỀ XUẤT, KIẾN NGHỊ
Đề nghị Khối tổ chức trao đổi kinh nghiệm giữa các đơn vị.
Nơi nhận:
- Khối thi đua Nội chính (Trưởng khối);
- Lưu: VT.
GIÁM ĐỐC CÔNG AN TỈNH
Đại tá Lê Văn Sơn"""


@pytest.fixture
def police_report(world):
    """Member M (Công an tỉnh, code CAT, under Bộ Công an) with its leader on record and a complete draft report."""
    world.member.leader_name, world.member.leader_title = "Đại tá Lê Văn Sơn", "Giám đốc Công an tỉnh"
    world.member.abbreviation, world.member.superior_body = "CAT", "Bộ Công an"
    world.member.save()
    return UnitReportFactory(
        bloc_year=world.bloc_year,
        unit=world.member,
        results="Triệt phá 12 đường dây ma túy; kéo giảm 8% số vụ phạm pháp hình sự.",
        shortcomings="Công tác tuyên truyền ở cơ sở còn chậm đổi mới.",
        proposals="Đề nghị Khối tổ chức trao đổi kinh nghiệm giữa các đơn vị.",
    )


def test_unit_report_pdf_submitted_text_has_number_superior_date_and_signer(police_report, unit_officer, tmp_path):
    with time_machine.travel(datetime.datetime(2020, 7, 9, 2, 0, tzinfo=datetime.UTC), tick=False):
        submit_unit_report(police_report, actor=unit_officer)

    text = lines(pdf_text(unit_report_pdf(police_report).content, tmp_path))

    assert text == (
        "BỘ CÔNG AN\nCÔNG AN TỈNH\nSố: 01/BC-CAT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nHà Tĩnh, ngày 09 tháng 7 năm 2020\n" + UNIT_REPORT_BODY
    )


def test_unit_report_pdf_draft_says_du_thao_with_no_number_and_no_date(police_report, tmp_path):
    text = lines(pdf_text(unit_report_pdf(police_report).content, tmp_path))

    assert text.startswith("DỰ THẢO\nBỘ CÔNG AN\nCÔNG AN TỈNH\nSố: /BC-CAT\n")
    assert "\nHà Tĩnh, ngày tháng năm\n" in text


def test_unit_report_pdf_rerender_later_keeps_date_signer_and_name(police_report, unit_officer, tmp_path):
    with time_machine.travel(datetime.datetime(2020, 7, 9, 2, 0, tzinfo=datetime.UTC), tick=False):
        submit_unit_report(police_report, actor=unit_officer)
        first = pdf_text(unit_report_pdf(police_report).content, tmp_path)
    unit = police_report.unit
    unit.leader_name, unit.leader_title, unit.superior_body = "Đại tá Trần Mới", "Giám đốc", "Khác"
    unit.save()

    with time_machine.travel(datetime.datetime(2023, 3, 1, 2, 0, tzinfo=datetime.UTC), tick=False):
        again = pdf_text(unit_report_pdf(police_report).content, tmp_path)

    assert again == first


def test_unit_report_submit_with_unknown_leader_is_refused_and_changes_nothing(world, unit_officer):
    world.member.leader_name = ""
    world.member.save()
    report = UnitReportFactory(bloc_year=world.bloc_year, unit=world.member, results="Kết quả.")

    with pytest.raises(DomainError):
        submit_unit_report(report, actor=unit_officer)

    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.first_submitted_at is None
    assert not IssuedDocument.objects.exists()


def test_unit_report_submit_with_named_signer_stores_it_and_numbers_per_unit(world, unit_officer):
    first = UnitReportFactory(bloc_year=world.bloc_year, unit=world.head, results="Kết quả.")
    second = UnitReportFactory(bloc_year=world.bloc_year, unit=world.member, results="Kết quả.")
    world.member.abbreviation = "CAT"
    world.member.save()

    submit_unit_report(first, actor=unit_officer, signer_title="Chánh Thanh tra", signer_name="Bùi Thị Khánh")
    submit_unit_report(second, actor=unit_officer, signer_title="Giám đốc", signer_name="Lê Văn Sơn")

    issued = IssuedDocument.objects.get(object_id=second.pk, kind="pledges.unit_report")
    assert (issued.number_text, issued.signer_title, issued.signer_name) == ("01/BC-CAT", "GIÁM ĐỐC", "Lê Văn Sơn")
    assert ActivityLog.objects.filter(action="core.document.issued", object_id=second.pk).exists()


def test_unit_report_resubmitted_after_return_keeps_its_number(police_report, unit_officer, secretariat):
    submit_unit_report(police_report, actor=unit_officer)
    return_unit_report(police_report, actor=secretariat, reason="Bổ sung số liệu")
    submit_unit_report(police_report, actor=unit_officer, signer_title="Phó Giám đốc", signer_name="Khác")

    assert list(IssuedDocument.objects.values_list("number", "signer_name")) == [(1, "Đại tá Lê Văn Sơn")]


def test_bloc_report_pdf_requested_from_the_page_is_built_and_downloadable(
    client, world, secretariat, issued_bloc_report, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pledges:bloc_report_pdf", args=[issued_bloc_report.pk]))

    generated = GeneratedFile.objects.get()
    assert response.status_code == 302 and response.url == generated.get_absolute_url()
    assert generated.status == GeneratedFileStatus.READY and generated.kind == "pledges.bloc_report"
    download = client.get(reverse("generated_file_download", args=[generated.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_bloc_report_pdf_draft_is_hidden_from_a_member_unit(
    client, world, secretariat, unit_officer, django_capture_on_commit_callbacks
):
    draft = BlocReportFactory(bloc_year=world.bloc_year, issuer_unit=world.head)
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(secretariat)
        client.post(reverse("pledges:bloc_report_pdf", args=[draft.pk]))
    generated = GeneratedFile.objects.get()
    client.force_login(unit_officer)

    assert client.get(generated.get_absolute_url()).status_code == 404
    assert client.post(reverse("pledges:bloc_report_pdf", args=[draft.pk])).status_code == 403


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_bloc_report_pdf_rendered_by_a_real_worker(celery_worker_queue, real_broker, worker_media_root, tmp_path):
    bloc_year = bloc_year_with_members(members=3)
    report = BlocReportFactory(
        bloc_year=bloc_year,
        issuer_unit=bloc_year.memberships.get(role="head").unit,
        status=BlocReportStatus.ISSUED,
        number=7,
        issued_on=datetime.date(2020, 12, 15),
        results="Đạt và vượt 100% chỉ tiêu; không có vụ việc phức tạp.",
    )
    generated = GeneratedFile.objects.create(kind="pledges.bloc_report", target=report, requested_by=UserFactory())

    result = build_generated_file.apply_async(args=[str(generated.pk)], queue=celery_worker_queue)

    assert result.get(timeout=60) == GeneratedFileStatus.READY
    generated.refresh_from_db()
    content = stored_bytes(generated)
    assert hashlib.sha256(content).hexdigest() == generated.sha256
    assert "Đạt và vượt 100% chỉ tiêu; không có vụ việc phức tạp." in pdf_text(content, tmp_path)
