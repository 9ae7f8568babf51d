import subprocess

import pytest

from awards.documents.paper import paper_ballots_context, vote_count_minutes_context, vote_count_minutes_pdf
from awards.enums import PAPER_BALLOTS_KINDS
from awards.services.paper import record_counting_committee, record_paper_count
from core.documents import get_renderer
from core.pdf import render_pdf
from tests.pdf import pdf_fonts, pdf_text

COMMITTEE = [("Lê Văn Cường", "Chánh Văn phòng", True), ("Phạm Thị Dung", "Chuyên viên", False)]


@pytest.fixture
def counted(world, draft_ballot, voting_meeting, secretariat):
    """The certificate ballot counted on paper: H 2 votes, D 1, M 0 of 3 valid papers (4 issued, 1 invalid)."""
    record_counting_committee(voting_meeting, actor=secretariat, members=COMMITTEE)
    votes = {world.head.pk: 2, world.deputy.pk: 1, world.member.pk: 0}
    return record_paper_count(draft_ballot, actor=secretariat, issued=4, returned=4, valid=3, invalid=1, votes=votes)


def _pages(content: bytes, tmp_path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_vote_count_minutes_pdf_prints_number_date_counts_and_names(world, counted, tmp_path):
    content = vote_count_minutes_pdf(counted).content

    text = " ".join(pdf_text(content, tmp_path).split())
    abbr = world.bloc_year.bloc.abbreviation
    assert f"Số: 01/BB-{abbr}" in text
    assert "ngày 20 tháng 12 năm 2020" in text
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số phiếu phát ra: 4 phiếu" in text and "Số phiếu hợp lệ: 3 phiếu" in text
    assert "Số phiếu không hợp lệ: 1 phiếu" in text
    assert f"{world.head.name} 2 66,67" in text and f"{world.member.name} 0 0,00" in text
    assert f"Đơn vị được đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh: {world.head.name}." in text
    assert "Lê Văn Cường, Chánh Văn phòng – Trưởng ban" in text and "TRƯỞNG BAN KIỂM PHIẾU" in text
    assert "Phạm Thị Dung" in text


def test_vote_count_minutes_pdf_fonts_all_embedded(counted, tmp_path):
    fonts = pdf_fonts(vote_count_minutes_pdf(counted).content, tmp_path)

    assert fonts and all("Liberation" in row[0] for row in fonts)
    assert all(row[-5] == "yes" for row in fonts)  # the "emb" column


def test_vote_count_minutes_context_tie_names_next_round(world, voting_meeting, secretariat):
    from awards.models import Ballot, BallotCandidate  # noqa: PLC0415 - local to the one test that builds a flag ballot

    record_counting_committee(voting_meeting, actor=secretariat, members=COMMITTEE)
    ballot = Ballot.objects.create(
        meeting=voting_meeting, award="province_flag", form="yes_no", seats=1, salt=b"0" * 16, created_by=secretariat
    )
    BallotCandidate.objects.bulk_create(BallotCandidate(ballot=ballot, unit=u) for u in (world.head, world.deputy))
    votes = {world.head.pk: 2, world.deputy.pk: 2}
    ballot = record_paper_count(ballot, actor=secretariat, issued=3, returned=3, valid=3, invalid=0, votes=votes)

    context = vote_count_minutes_context(ballot)

    assert context["elected"] == [] and sorted(context["next_round"]) == sorted([world.head.name, world.deputy.name])
    assert context["header"].number.startswith("01/BB-")


@pytest.mark.parametrize(("per_page", "pages"), [(1, 7), (2, 4), (4, 2)])
def test_paper_ballots_pdf_per_page_gives_page_count(draft_ballot, tmp_path, per_page, pages):
    context = paper_ballots_context(draft_ballot, per_page=per_page, count=7)

    content = render_pdf("awards/documents/paper_ballots.html", context, stylesheets=("awards/paper_ballots.css",))

    assert _pages(content, tmp_path) == pages
    assert all(row[-5] == "yes" for row in pdf_fonts(content, tmp_path))


def test_paper_ballots_pdf_one_per_member_with_serials_and_names(world, draft_ballot, tmp_path):
    content = get_renderer(PAPER_BALLOTS_KINDS[2]).render(draft_ballot).content

    text = " ".join(pdf_text(content, tmp_path).split())
    assert _pages(content, tmp_path) == 2  # 3 member units, 2 to a page
    assert "Số: 001/003" in text and "Số: 003/003" in text and "Số: 004/003" not in text
    assert "PHIẾU BẦU" in text and "Chọn không quá 1 đơn vị" in text
    assert "Đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh năm 2020" in text
    assert all(unit.name in text for unit in (world.head, world.deputy, world.member))
