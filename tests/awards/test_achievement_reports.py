"""The proposed units' achievement reports (báo cáo thành tích): drafted from the annual report when the proposal
is drawn up, edited or replaced by a signed PDF while the proposal may change, rendered in the Decree 30
layout and carried by the dossier; the edit page, one allowed and one forbidden case each."""

import io
from pathlib import Path

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from awards.documents.achievement import achievement_report_pdf, body_paragraphs
from awards.documents.dossier import dossier_pdf
from awards.enums import ProposalStatus
from awards.models import AchievementReport
from awards.services.proposals import (
    create_proposal,
    draft_achievement_reports,
    edit_achievement_report,
    remove_achievement_upload,
    submit_proposal,
    update_signer,
    upload_achievement_report,
)
from awards.services.review import return_proposal
from core.exceptions import DomainError, RefusedTransition
from core.models import ActivityLog
from pledges.enums import ReportKind
from tests.awards.proposal_setup import SUBMIT_DAY, write_achievement_reports
from tests.factories import pdf_bytes
from tests.pdf import pdf_text
from tests.pledges.factories import UnitReportFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def drafted(decided, world, secretariat):
    """Year Y's proposal drawn up after H and D filed their annual reports (M's is not proposed)."""
    annual = {"kind": ReportKind.ANNUAL, "bloc_year": world.bloc_year}
    UnitReportFactory(unit=world.head, results="Thanh tra 120 cuộc.", lessons="Bám sát cơ sở.", **annual)
    UnitReportFactory(unit=world.deputy, results="Thẩm định 300 văn bản.\nTrợ giúp pháp lý 50 vụ.", **annual)
    UnitReportFactory(unit=world.member, results="Không được đề nghị.", **annual)
    return create_proposal(decided.bloc_year, actor=secretariat)


def _report(proposal, unit) -> AchievementReport:
    return AchievementReport.objects.get(proposal=proposal, unit=unit)


def _signed_pdf(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("bao-cao-da-ky.pdf", weasyprint.HTML(string=f"<p>{text}</p>").write_pdf())


def _submitted(proposal, secretariat):
    proposal = update_signer(proposal, actor=secretariat, signer_name="Nguyễn Văn An", signer_title="Chánh Thanh tra")
    return submit_proposal(proposal, actor=secretariat, submitted_on=SUBMIT_DAY)


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- Drafting -----------------------------------------------------------------------------------------


def test_create_proposal_drafts_one_report_per_proposed_unit_from_its_annual_report(drafted, world):
    reports = AchievementReport.objects.filter(proposal=drafted)

    assert sorted(r.unit_id for r in reports) == sorted([world.head.pk, world.deputy.pk])
    deputy = _report(drafted, world.deputy)
    assert deputy.body == (
        "I. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG GIAO ƯỚC THI ĐUA\nThẩm định 300 văn bản.\nTrợ giúp pháp lý 50 vụ."
    )
    assert deputy.drafted_from.unit_id == world.deputy.pk and deputy.edited_at is None
    assert "II. BÀI HỌC KINH NGHIỆM\nBám sát cơ sở." in _report(drafted, world.head).body


def test_create_proposal_unit_without_annual_report_gets_an_empty_draft(bare_proposal, world):
    report = _report(bare_proposal, world.deputy)

    assert report.body == "" and report.drafted_from is None


def test_draft_achievement_reports_second_call_creates_nothing(drafted):
    assert draft_achievement_reports(drafted) == []
    assert AchievementReport.objects.filter(proposal=drafted).count() == 2


def test_submit_refused_while_a_proposed_unit_has_an_empty_achievement_report(bare_proposal, world, secretariat):
    update_signer(bare_proposal, actor=secretariat, signer_name="Nguyễn Văn A", signer_title="Giám đốc")
    write_achievement_reports(bare_proposal, actor=secretariat)
    report = _report(bare_proposal, world.deputy)
    AchievementReport.objects.filter(pk=report.pk).update(body="")

    with pytest.raises(DomainError, match="1 proposed unit has no achievement report yet"):
        submit_proposal(bare_proposal, actor=secretariat, submitted_on=SUBMIT_DAY)

    bare_proposal.refresh_from_db()
    assert bare_proposal.status == ProposalStatus.DRAFT and bare_proposal.number is None
    edit_achievement_report(report, actor=secretariat, body="Thành tích của đơn vị.")
    assert submit_proposal(bare_proposal, actor=secretariat, submitted_on=SUBMIT_DAY).status == ProposalStatus.SUBMITTED


# --- Editing ------------------------------------------------------------------------------------------


def test_edit_achievement_report_stores_nfc_text_and_audits(drafted, world, secretariat):
    report = _report(drafted, world.deputy)
    decomposed = "Tăng cường\r\nkỷ cương".replace("ă", "a\u0306")

    edit_achievement_report(report, actor=secretariat, body=decomposed)

    report.refresh_from_db()
    assert report.body == "Tăng cường\nkỷ cương" and report.edited_by == secretariat and report.edited_at
    entry = ActivityLog.objects.filter(action="awards.proposal.achievement_edited").get()
    assert entry.object_id == drafted.pk and entry.data["unit"] == world.deputy.pk
    assert entry.data["after"] == {"characters": len(report.body)} and entry.data["before"]["characters"] > 0


def test_edit_achievement_report_blank_text_refused_and_nothing_changes(drafted, world, secretariat):
    report = _report(drafted, world.deputy)
    before = report.body

    with pytest.raises(DomainError, match="Write the text"):
        edit_achievement_report(report, actor=secretariat, body="  \n ")

    report.refresh_from_db()
    assert report.body == before and report.edited_at is None


def test_edit_achievement_report_after_submission_refused_until_returned(drafted, world, secretariat, council_officer):
    submitted = _submitted(drafted, secretariat)
    report = _report(submitted, world.head)

    with pytest.raises(RefusedTransition, match="cannot be changed"):
        edit_achievement_report(report, actor=secretariat, body="Sửa sau khi nộp.")
    assert "Sửa sau khi nộp." not in _report(submitted, world.head).body

    return_proposal(submitted, actor=council_officer, reason="Bổ sung số liệu.")
    edit_achievement_report(report, actor=secretariat, body="Sửa sau khi trả lại.")
    assert _report(submitted, world.head).body == "Sửa sau khi trả lại."


# --- Uploading ----------------------------------------------------------------------------------------


def test_upload_achievement_report_stores_pdf_and_remove_clears_it(drafted, world, secretariat, settings):
    report = _report(drafted, world.deputy)

    upload_achievement_report(report, actor=secretariat, uploaded_file=SimpleUploadedFile("bc.pdf", pdf_bytes()))
    report.refresh_from_db()
    stored = Path(settings.MEDIA_ROOT) / report.file.name
    assert report.original_name == "bc.pdf" and stored.read_bytes() == pdf_bytes()

    remove_achievement_upload(report, actor=secretariat)
    report.refresh_from_db()
    assert not report.file and report.original_name == ""
    codes = list(
        ActivityLog.objects.filter(action__startswith="awards.proposal.achievement")
        .order_by("id")
        .values_list("action")
    )
    assert codes == [("awards.proposal.achievement_uploaded",), ("awards.proposal.achievement_upload_removed",)]


def test_upload_achievement_report_not_a_pdf_refused(drafted, world, secretariat):
    report = _report(drafted, world.deputy)

    with pytest.raises(DomainError, match="as a PDF"):
        upload_achievement_report(report, actor=secretariat, uploaded_file=SimpleUploadedFile("bc.png", b"x"))

    report.refresh_from_db()
    assert not report.file


def test_remove_achievement_upload_without_upload_refused(drafted, world, secretariat):
    with pytest.raises(DomainError, match="no uploaded file"):
        remove_achievement_upload(_report(drafted, world.deputy), actor=secretariat)


# --- The document -------------------------------------------------------------------------------------


def test_body_paragraphs_roman_numbered_lines_are_headings():
    assert body_paragraphs("I. KẾT QUẢ\n\n  Đạt 100%.\nIV. KIẾN NGHỊ") == [
        ("I. KẾT QUẢ", True),
        ("Đạt 100%.", False),
        ("IV. KIẾN NGHỊ", True),
    ]


def test_achievement_report_pdf_unit_header_title_body_and_signature(drafted, world, tmp_path):
    world.deputy.superior_body = "UBND tỉnh Hà Tĩnh"
    world.deputy.leader_name, world.deputy.leader_title = "Lê Thị Cúc", "Giám đốc"
    world.deputy.save()

    with translation.override("vi"):
        text = pdf_text(achievement_report_pdf(_report(drafted, world.deputy)).content, tmp_path)

    assert text.startswith(f"DỰ THẢO\nUBND TỈNH HÀ TĨNH\n{world.deputy.name.upper()}\nSố: /BC")
    flat = _flat(text)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc" in flat
    assert "Hà Tĩnh, ngày tháng năm" in flat
    assert "BÁO CÁO THÀNH TÍCH Đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2020" in flat
    assert f"Tên tập thể đề nghị khen thưởng: {world.deputy.name}." in flat
    assert "I. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG GIAO ƯỚC THI ĐUA Thẩm định 300 văn bản." in flat
    assert "GIÁM ĐỐC Lê Thị Cúc" in flat and "KHỐI THI ĐUA" not in flat.split("Nơi nhận")[1].split("(")[0]


def test_achievement_report_pdf_submitted_is_not_a_draft(drafted, world, secretariat, tmp_path):
    submitted = _submitted(drafted, secretariat)
    assert submitted.status == ProposalStatus.SUBMITTED

    with translation.override("vi"):
        text = pdf_text(achievement_report_pdf(_report(submitted, world.head)).content, tmp_path)

    assert not text.startswith("DỰ THẢO") and "Cờ thi đua của Ủy ban nhân dân tỉnh" in _flat(text)


def test_achievement_report_pdf_empty_draft_says_the_annual_report_is_missing(bare_proposal, world, tmp_path):
    proposal = bare_proposal
    with translation.override("vi"):
        text = pdf_text(achievement_report_pdf(_report(proposal, world.deputy)).content, tmp_path)

    assert "Đơn vị chưa có báo cáo tổng kết năm 2020" in _flat(text)


def test_dossier_carries_edited_text_and_uploaded_pdf_as_is(drafted, world, secretariat, tmp_path):
    edit_achievement_report(_report(drafted, world.head), actor=secretariat, body="Thành tích đã sửa của Thanh tra.")
    upload = _signed_pdf("BAN DA KY CUA SO TU PHAP")
    upload_achievement_report(_report(drafted, world.deputy), actor=secretariat, uploaded_file=upload)

    with translation.override("vi"):
        content = dossier_pdf(drafted).content

    flat = _flat(pdf_text(content, tmp_path))
    assert "Thành tích đã sửa của Thanh tra." in flat and "BAN DA KY CUA SO TU PHAP" in flat
    assert "Thẩm định 300 văn bản." not in flat  # the deputy's text gave way to its upload
    reader = PdfReader(io.BytesIO(content))
    pages = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    deputy_page = pages[f"Báo cáo thành tích: {world.deputy.name}"]
    assert "BAN DA KY CUA SO TU PHAP" in reader.pages[deputy_page].extract_text()
    assert pages["Bảng tổng hợp kết quả chấm điểm"] == deputy_page + 1


# --- The pages ----------------------------------------------------------------------------------------


def _edit_url(report) -> str:
    return reverse("awards:achievement_report_edit", args=[report.pk])


def test_proposal_detail_lists_each_report_with_its_edit_link(client, drafted, world, secretariat):
    client.force_login(secretariat)

    response = client.get(drafted.get_absolute_url())

    assert [row.name for row in response.context["achievements"]] == [world.head.name, world.deputy.name]
    assert _edit_url(_report(drafted, world.deputy)) in response.content.decode()


def test_achievement_edit_get_shows_the_second_report(client, drafted, world, secretariat):
    client.force_login(secretariat)

    response = client.get(_edit_url(_report(drafted, world.deputy)))

    assert response.status_code == 200 and response.context["report"] == _report(drafted, world.deputy)
    assert "Trợ giúp pháp lý 50 vụ." in response.content.decode()


def test_achievement_edit_post_saves_and_redirects(client, drafted, world, secretariat):
    report = _report(drafted, world.deputy)
    client.force_login(secretariat)

    response = client.post(_edit_url(report), {"body": "Văn bản mới."})

    assert response.status_code == 302 and _report(drafted, world.deputy).body == "Văn bản mới."


def test_achievement_edit_post_blank_shows_the_error_and_changes_nothing(client, drafted, world, secretariat):
    report = _report(drafted, world.deputy)
    client.force_login(secretariat)

    response = client.post(_edit_url(report), {"body": "   "})

    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert _report(drafted, world.deputy).body == report.body


def test_achievement_edit_after_submission_forbidden(client, drafted, world, secretariat):
    report = _report(_submitted(drafted, secretariat), world.head)
    client.force_login(secretariat)

    assert client.post(_edit_url(report), {"body": "Sửa."}).status_code == 403
    assert _report(drafted, world.head).body != "Sửa."


@pytest.mark.parametrize(("persona", "status"), [("unit_officer", 403), ("council_officer", 403), ("outsider", 404)])
def test_achievement_edit_by_non_secretariat_refused(client, drafted, world, persona, status, request):
    report = _report(drafted, world.deputy)
    client.force_login(request.getfixturevalue(persona))

    assert client.post(_edit_url(report), {"body": "Không được sửa."}).status_code == status
    assert client.get(_edit_url(report)).status_code == status
    assert _report(drafted, world.deputy).body == report.body


def test_achievement_edit_other_bloc_officer_404(client, drafted, world, other_unit_officer):
    client.force_login(other_unit_officer)

    assert client.get(_edit_url(_report(drafted, world.deputy))).status_code == 404


def _upload(client, report, upload):
    return client.post(reverse("awards:achievement_report_upload", args=[report.pk]), {"file": upload}, follow=True)


def test_achievement_upload_valid_pdf_stored(client, drafted, world, secretariat):
    report = _report(drafted, world.deputy)
    client.force_login(secretariat)

    response = _upload(client, report, SimpleUploadedFile("ky.pdf", pdf_bytes(pages=2)))

    assert response.status_code == 200 and "The signed achievement report was uploaded." in response.content.decode()
    assert _report(drafted, world.deputy).original_name == "ky.pdf"
    download = client.get(reverse("awards:achievement_report_file", args=[report.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf_bytes(pages=2)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("gia.pdf", b"%PDF-1.4 not really"), "is not a .pdf file"),
        (SimpleUploadedFile("bao-cao.docx", b"PK\x03\x04 fake"), "is not a .docx file"),
        (SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n"), "is not a .png file"),
    ],
)
def test_achievement_upload_bad_file_refused_with_message_nothing_stored(
    client, drafted, world, secretariat, settings, upload, message
):
    report = _report(drafted, world.deputy)
    client.force_login(secretariat)

    response = _upload(client, report, upload)

    assert response.status_code == 200 and message in response.content.decode()
    assert not _report(drafted, world.deputy).file
    assert not ActivityLog.objects.filter(action="awards.proposal.achievement_uploaded").exists()


def test_achievement_upload_word_file_refused_as_not_pdf(client, drafted, world, secretariat, monkeypatch):
    monkeypatch.setattr("core.files._structure_is_sound", lambda uploaded_file, extension: True)
    client.force_login(secretariat)

    response = _upload(client, _report(drafted, world.deputy), SimpleUploadedFile("bc.docx", b"PK\x03\x04 word"))

    assert "Upload the signed achievement report as a PDF file." in response.content.decode()
    assert not _report(drafted, world.deputy).file


def test_achievement_upload_oversized_refused_with_message(client, drafted, world, secretariat, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    client.force_login(secretariat)

    response = _upload(client, _report(drafted, world.deputy), SimpleUploadedFile("to.pdf", pdf_bytes(pages=20)))

    assert "files may be at most" in response.content.decode()
    assert not _report(drafted, world.deputy).file


def test_achievement_upload_by_unit_officer_forbidden(client, drafted, world, unit_officer):
    client.force_login(unit_officer)

    response = _upload(client, _report(drafted, world.deputy), SimpleUploadedFile("ky.pdf", pdf_bytes()))

    assert response.status_code == 403 and not _report(drafted, world.deputy).file


def test_achievement_upload_remove_post_clears_the_file(client, drafted, world, secretariat):
    report = _report(drafted, world.deputy)
    upload_achievement_report(report, actor=secretariat, uploaded_file=SimpleUploadedFile("ky.pdf", pdf_bytes()))
    client.force_login(secretariat)

    response = client.post(reverse("awards:achievement_report_upload_remove", args=[report.pk]), follow=True)

    assert "The uploaded file was removed." in response.content.decode()
    assert not _report(drafted, world.deputy).file


def test_achievement_upload_remove_without_file_shows_message(client, drafted, world, secretariat):
    report = _report(drafted, world.deputy)
    client.force_login(secretariat)

    response = client.post(reverse("awards:achievement_report_upload_remove", args=[report.pk]), follow=True)

    assert response.status_code == 200 and "no uploaded file" in response.content.decode()


def test_achievement_pdf_requested_by_a_member_unit_officer(client, drafted, world, unit_officer):
    client.force_login(unit_officer)

    response = client.post(reverse("awards:achievement_report_pdf", args=[_report(drafted, world.deputy).pk]))

    assert response.status_code == 302
    assert ActivityLog.objects.filter(action="core.file.requested").exists()
