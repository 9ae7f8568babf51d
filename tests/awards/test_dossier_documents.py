"""The dossier's documents read back through poppler: the tờ trình (TTr) as issued and as a draft, its fonts."""

import hashlib
import io
from pathlib import Path

import pytest
from django.utils import translation
from pypdf import PdfReader

from awards.documents.dossier import DOSSIER_KIND, dossier_pdf
from awards.documents.proposal import proposal_pdf
from awards.models import Meeting, Proposal
from awards.services.proposals import create_proposal, submit_proposal, update_signer
from core.enums import GeneratedFileStatus
from core.models import ActivityLog
from core.services import request_generated_file
from core.tasks import build_generated_file
from pledges.enums import ReportKind
from tests.awards.proposal_setup import SUBMIT_DAY, decided_meeting, write_achievement_reports
from tests.pdf import pdf_fonts, pdf_text
from tests.pledges.factories import UnitReportFactory


@pytest.fixture
def decided(world, voting_meeting, secretariat) -> Meeting:
    return decided_meeting(world, voting_meeting, actor=secretariat)


@pytest.fixture
def proposal(decided, secretariat) -> Proposal:
    proposal = create_proposal(decided.bloc_year, actor=secretariat)
    write_achievement_reports(proposal, actor=secretariat)
    return update_signer(proposal, actor=secretariat, signer_name="Nguyễn Văn An", signer_title="Chánh Thanh tra tỉnh")


@pytest.fixture
def submitted(proposal, secretariat) -> Proposal:
    return submit_proposal(proposal, actor=secretariat, submitted_on=SUBMIT_DAY)


def _text(proposal, tmp_path) -> str:
    with translation.override("vi"):
        return pdf_text(proposal_pdf(proposal).content, tmp_path)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_proposal_pdf_issued_prints_number_date_and_signer(submitted, tmp_path):
    text = _text(submitted, tmp_path)

    assert text.startswith("UBND TỈNH HÀ TĨNH\nKHỐI THI ĐUA NỘI CHÍNH\nSố: 01/TTr-KTĐ\n")
    flat = _flat(text)
    assert "Hà Tĩnh, ngày 28 tháng 12 năm 2020" in flat
    assert "TỜ TRÌNH" in flat
    assert "TM. KHỐI THI ĐUA TRƯỞNG KHỐI" in flat and "Nguyễn Văn An" in flat
    assert "Nơi nhận: - Cơ quan thường trực Hội đồng Thi đua - Khen thưởng tỉnh; - Lưu: VT." in flat


def test_proposal_pdf_lists_each_award_with_rank_score_and_votes(submitted, world, tmp_path):
    flat = _flat(_text(submitted, tmp_path))

    assert "1. Cờ thi đua của Ủy ban nhân dân tỉnh" in flat
    assert "2. Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in flat
    assert f"1 {world.head.name}" in flat and f"1 {world.deputy.name}" in flat
    assert world.member.name not in flat  # in the certificate round, but not elected
    assert "100,00%" in flat and "66,67%" in flat


def test_proposal_pdf_before_submission_is_a_draft_without_number_or_date(proposal, tmp_path):
    text = _text(proposal, tmp_path)

    assert text.startswith("DỰ THẢO\nUBND TỈNH HÀ TĨNH\nKHỐI THI ĐUA NỘI CHÍNH\nSố: /TTr-KTĐ\n")
    assert "Hà Tĩnh, ngày tháng năm" in _flat(text)


def test_proposal_pdf_embeds_every_font(submitted, tmp_path):
    with translation.override("vi"):
        content = proposal_pdf(submitted).content

    fonts = pdf_fonts(content, tmp_path)

    assert fonts and all(row[-5] == "yes" for row in fonts)


# --- The bundle -------------------------------------------------------------------------------------


def test_dossier_pdf_bookmarks_each_document_and_reports_of_proposed_units_only(submitted, world, tmp_path):
    UnitReportFactory(bloc_year=world.bloc_year, unit=world.head, kind=ReportKind.ANNUAL, results="Vượt 100% chỉ tiêu.")
    UnitReportFactory(bloc_year=world.bloc_year, unit=world.member, kind=ReportKind.ANNUAL)  # not proposed
    with translation.override("vi"):
        content = dossier_pdf(submitted).content

    reader = PdfReader(io.BytesIO(content))
    titles = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert [title for title, _ in titles] == [
        "Tờ trình đề nghị khen thưởng",
        "Biên bản hội nghị bình xét thi đua",
        f"Báo cáo thành tích: {world.head.name}",
        f"Báo cáo thành tích: {world.deputy.name}",
        "Bảng tổng hợp kết quả chấm điểm",
    ]
    pages = [page for _, page in titles]
    assert pages[0] == 0 and pages == sorted(set(pages)) and pages[-1] < len(reader.pages)
    assert "Số: 01/TTr-KTĐ" in pdf_text(content, tmp_path)


def test_dossier_built_twice_keeps_one_file_and_one_audit_entry(submitted, secretariat, settings):
    generated = request_generated_file(submitted, kind=DOSSIER_KIND, actor=secretariat)
    entries = ActivityLog.objects.count()

    build_generated_file(str(generated.pk))
    build_generated_file(str(generated.pk))

    generated.refresh_from_db()
    written = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert generated.status == GeneratedFileStatus.READY and generated.attempts == 1
    assert [p.name for p in written] == [f"{generated.pk}.pdf"] and ActivityLog.objects.count() == entries
    assert hashlib.sha256(written[0].read_bytes()).hexdigest() == generated.sha256
