"""The minutes PDF: the exact text a reader extracts, embedded fonts, and the background path through core."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from awards.calculations import Award, Candidacy, LeftOut, Rule, UnitFacts
from awards.documents.minutes import candidacy_text, minutes_pdf
from awards.enums import AwardKind
from awards.models import CountingMember
from awards.services.ballots import cast_ballot, close_ballot, tally_ballot
from awards.services.meetings import AttendanceRow, add_guest, record_attendance
from awards.services.minutes import issue_minutes
from core.enums import GeneratedFileStatus
from core.models import GeneratedFile
from tests.awards.conftest import all_present
from tests.pdf import pdf_fonts, pdf_text, stored_bytes

DAY = datetime.date(2021, 1, 5)
# Nobody registered for the flag in this story: a unit failing another rule too keeps its own line with every
# reason; those that only failed to register share one line.
NOT_REGISTERED = "- Không đăng ký danh hiệu này từ đầu năm: "


@pytest.fixture
def counted_meeting(world, open_merit_ballot, secretariat, deputy_officer, unit_officer):
    """The certificate ballot counted: H 2 votes, D 1, M none (of 3 members); a guest and a counting committee."""
    for voter, unit in [(secretariat, world.head), (deputy_officer, world.head), (unit_officer, world.deputy)]:
        cast_ballot(open_merit_ballot, voter=voter, choice=[unit.pk])
    close_ballot(open_merit_ballot, actor=secretariat)
    tally_ballot(open_merit_ballot, actor=secretariat)
    meeting = open_merit_ballot.meeting
    session = meeting.sessions.get()
    add_guest(session, actor=secretariat, name="Lê Văn Cường", title="Phó Trưởng ban", organisation="Ban TĐKT")
    CountingMember.objects.create(meeting=meeting, name="Phạm Thị Dung", title="Chuyên viên", is_head=True)
    return meeting


def _text(meeting, tmp_path) -> str:
    with translation.override("vi"):
        content = minutes_pdf(meeting).content
    return pdf_text(content, tmp_path)


def _flat(text: str) -> str:
    """The text on one line: a sentence wrapped by the layout reads whole."""
    return " ".join(text.split())


def test_minutes_pdf_issued_prints_header_number_and_date(counted_meeting, secretariat, tmp_path):
    issue_minutes(counted_meeting, actor=secretariat, issued_on=DAY)

    text = _text(counted_meeting, tmp_path)

    assert text.startswith(
        "UBND TỈNH HÀ TĨNH\nKHỐI THI ĐUA NỘI CHÍNH\nSố: 01/BB-KTĐ\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Hà Tĩnh, ngày 05 tháng 01 năm 2021\nBIÊN BẢN\n"
        "Hội nghị tổng kết, bình xét thi đua năm 2020 của Khối thi đua Nội chính\n"
    )
    assert "DỰ THẢO" not in text


def test_minutes_pdf_records_session_attendance_scores_and_signers(counted_meeting, secretariat, world, tmp_path):
    rows = [*all_present(world)[:2], AttendanceRow(world.member.pk, False)]
    record_attendance(counted_meeting.sessions.get(), actor=secretariat, rows=rows)
    issue_minutes(counted_meeting, actor=secretariat, issued_on=DAY)

    text = _flat(_text(counted_meeting, tmp_path))

    assert "Thời gian: 08 giờ 00, ngày 20/12/2020. Địa điểm: Hội trường Thanh tra tỉnh." in text
    assert "Chủ trì: Nguyễn Văn An, Chánh Thanh tra tỉnh. Thư ký: Trần Thị Bình, Chuyên viên." in text
    assert "2 Thanh tra tỉnh Đại diện Thanh tra tỉnh, Phó Giám đốc" in text
    assert "Đơn vị vắng mặt: Công an tỉnh." in text
    assert "Khách mời: Lê Văn Cường, Phó Trưởng ban, Ban TĐKT." in text
    assert "1 Thanh tra tỉnh 19,00 2 Sở Tư pháp 18,00 3 Công an tỉnh 17,00" in text
    assert "thông qua tại hội nghị. THƯ KÝ Trần Thị Bình CHỦ TRÌ Nguyễn Văn An" in text


def test_minutes_pdf_gives_left_out_reasons_votes_and_percentages(counted_meeting, secretariat, tmp_path):
    issue_minutes(counted_meeting, actor=secretariat, issued_on=DAY)

    text = _flat(_text(counted_meeting, tmp_path))

    assert "- Không đủ điều kiện: Công an tỉnh không đăng ký Cờ thi đua của UBND tỉnh từ đầu năm" in text
    assert NOT_REGISTERED + "Thanh tra tỉnh." in text
    assert "Ban kiểm phiếu: Phạm Thị Dung, Chuyên viên (Trưởng ban)." in text
    assert "Hình thức: bỏ phiếu kín điện tử; phiếu bầu chọn tối đa 1 đơn vị." in text
    assert "Số phiếu phát ra: 3; số phiếu thu về: 3; số phiếu hợp lệ: 3; số phiếu không hợp lệ: 0." in text
    assert "Thanh tra tỉnh 2 66,67% Trúng cử Sở Tư pháp 1 33,33% Không đạt Công an tỉnh 0 0,00% Không đạt" in text
    assert f"Mã kiểm chứng kết quả (SHA-256): {counted_meeting.ballots.get().digest}" in text
    assert "Đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho: Thanh tra tỉnh." in text


def test_minutes_pdf_before_issue_is_a_draft_without_number_or_date(counted_meeting, tmp_path):
    text = _text(counted_meeting, tmp_path)

    assert text.startswith("DỰ THẢO\nUBND TỈNH HÀ TĨNH\nKHỐI THI ĐUA NỘI CHÍNH\nSố: /BB-KTĐ\n")
    assert "Hà Tĩnh, ngày tháng năm" in _flat(text)


def test_minutes_pdf_embeds_every_font(counted_meeting, tmp_path):
    with translation.override("vi"):
        content = minutes_pdf(counted_meeting).content

    fonts = pdf_fonts(content, tmp_path)

    assert fonts and all(row[-5] == "yes" for row in fonts)


def test_minutes_pdf_requested_from_the_page_is_built_and_downloadable(
    client, counted_meeting, secretariat, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:minutes_pdf", args=[counted_meeting.pk]))

    generated = GeneratedFile.objects.get()
    assert response.status_code == 302 and response.url == generated.get_absolute_url()
    assert generated.status == GeneratedFileStatus.READY and generated.kind == "awards.minutes"
    assert stored_bytes(generated).startswith(b"%PDF-")


def test_minutes_pdf_outsider_is_refused(client, counted_meeting, world, outsider):
    client.force_login(outsider)

    response = client.post(reverse("awards:minutes_pdf", args=[counted_meeting.pk]))

    assert response.status_code == 404 and not GeneratedFile.objects.exists()


def test_minutes_candidacy_text_other_reasons_each_on_a_line_unregistered_together():
    """A unit left out by another rule keeps its own line with its reason; the unregistered share one line."""
    award = Award(AwardKind.PROVINCE_FLAG, "Cờ thi đua", is_flag=True)
    first, second, third = (UnitFacts(i, name) for i, name in [(1, "Công an tỉnh"), (2, "Thanh tra"), (3, "Tòa án")])
    candidacy = Candidacy(
        award,
        (),
        (
            LeftOut(first, (Rule.NOT_REGISTERED,), ("Công an tỉnh không đăng ký.",)),
            LeftOut(second, (Rule.BLOCKING_RECORD,), ("Thanh tra đang bị thanh tra.",)),
            LeftOut(third, (Rule.NOT_REGISTERED,), ("Tòa án không đăng ký.",)),
        ),
        1,
    )

    text = candidacy_text(candidacy)

    assert text["left_out"] == ["Thanh tra đang bị thanh tra."]
    assert text["not_registered"] == ["Công an tỉnh", "Tòa án"]
