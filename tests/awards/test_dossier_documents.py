"""The dossier's documents read back through poppler: the tờ trình (TTr) as issued and as a draft, its fonts."""

import pytest
from django.utils import translation

from awards.documents.proposal import proposal_pdf
from awards.models import Meeting, Proposal
from awards.services.proposals import create_proposal, submit_proposal, update_signer
from tests.awards.proposal_setup import SUBMIT_DAY, decided_meeting
from tests.pdf import pdf_fonts, pdf_text


@pytest.fixture
def decided(world, voting_meeting, secretariat) -> Meeting:
    return decided_meeting(world, voting_meeting, actor=secretariat)


@pytest.fixture
def proposal(decided, secretariat) -> Proposal:
    proposal = create_proposal(decided.bloc_year, actor=secretariat)
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
    assert "Nơi nhận: - Hội đồng Thi đua - Khen thưởng tỉnh; - Lưu: VT." in flat


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
