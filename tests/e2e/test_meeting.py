"""A whole year-end meeting in Chromium: the secretariat records the session, the attendance and the approved
scores; sees the unit left out and why; runs the flag's secret ballot, whose first round splits 1–1 and
sends both candidates to a second round that decides it; records next year's leadership; issues the minutes
and downloads their PDF; then finds next year's head on the bloc page.

Only the year itself is arranged directly (scores verified, titles registered): everything the meeting does
is clicked. Head H and deputy D score the same (both ranked 1), so both stand for the flag under "highest
score first"; member M did not register for it and is left out with its written reason."""

import re
import subprocess

import pytest

from awards.enums import AwardKind, BallotStatus
from awards.models import Ballot
from blocs.enums import BlocYearStatus
from tests.awards.conftest import score_year, set_status
from tests.e2e.conftest import log_in
from tests.pledges.factories import RegistrationFactory, TitleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FLAG = "Cờ thi đua của UBND tỉnh"
HEAD, DEPUTY, MEMBER = "Thanh tra tỉnh", "Sở Tư pháp", "Công an tỉnh"
NOT_REGISTERED = (
    f"{MEMBER} did not register for Emulation flag of the Provincial People's Committee at the start of the year "
    "(title registration)."
)


@pytest.fixture
def flag_year(world, admin_user):
    """Year Y verified with H and D tied at 19 points (rank 1) and M at 17; H and D registered for the flag."""
    score_year(world.bloc_year, {world.head: "9", world.deputy: "9", world.member: "7"}, actor=admin_user)
    flag = TitleFactory(name=FLAG, level="province", is_flag=True)
    for unit in (world.head, world.deputy):
        RegistrationFactory(bloc_year=world.bloc_year, unit=unit, title=flag, status="accepted")
    return set_status(world.bloc_year, BlocYearStatus.READY_FOR_REVIEW)


def _vote(page, url, choice: str | None):
    """Cast one ballot on the ballot page: tick ``choice`` (None: a blank ballot) and keep the receipt shown."""
    page.goto(url)
    if choice is not None:
        page.get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Cast my ballot").click()
    assert page.locator("[data-testid=receipt]").inner_text().strip()


def _move(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def _tally_rows(page) -> dict[str, list[str]]:
    rows = page.locator("[data-testid=tally] tbody tr")
    return {cells[0]: cells[1:] for cells in (rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count()))}


def test_secretariat_runs_the_whole_meeting(
    live_server, browser, world, flag_year, secretariat, deputy_officer, unit_officer, artifacts, tmp_path
):
    base = live_server.url
    page = log_in(browser, base, secretariat)

    # 1. From the bloc's year to the meeting page: the session, the attendance, the approved scores.
    page.goto(f"{base}/blocs/{world.bloc.pk}/?year=2020")
    page.get_by_role("link", name="Year-end meeting").click()
    meeting_url = page.url
    page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Held on").fill("20/12/2020")
    page.get_by_label("Starts at").fill("08:00")
    page.get_by_label("Place").fill("Hội trường Thanh tra tỉnh")
    page.get_by_label("Chair's name").fill("Nguyễn Văn An")
    page.get_by_label("Chair's title").fill("Chánh Thanh tra tỉnh")
    page.get_by_label("Secretary's name").fill("Trần Thị Bình")
    page.get_by_label("Secretary's title").fill("Chuyên viên")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(meeting_url)
    assert "Nguyễn Văn An, Chánh Thanh tra tỉnh" in page.locator("[data-testid=session]").inner_text()

    page.get_by_role("link", name="Attendance").click()
    for unit in (HEAD, DEPUTY, MEMBER):
        page.get_by_label(unit, exact=True).check()
        page.get_by_label(f"Representative's name: {unit}").fill(f"Đại diện {unit}")
        page.get_by_label(f"Representative's title: {unit}").fill("Phó Giám đốc")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(meeting_url)
    attendance = page.locator("[data-testid=attendance]").inner_text()
    assert attendance.count("\tpresent\t") == 3 and f"Đại diện {MEMBER}, Phó Giám đốc" in attendance

    page.get_by_role("button", name="Approve the ranked scores").click()
    page.wait_for_selector("[data-testid=scores-approved]")
    page.get_by_role("link", name="Record the agreed leading unit").click()
    page.get_by_label("Leading unit (agreed)").select_option(label=DEPUTY)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(meeting_url)
    assert page.locator("[data-testid=leading-unit]").inner_text().startswith(DEPUTY)

    # 2. The flag's candidates: H and D (tied first); M left out with its written reason.
    flag_card = page.locator(f"[data-testid=award-{AwardKind.PROVINCE_FLAG}]")
    assert flag_card.locator("[data-testid=candidates]").inner_text().splitlines() == [
        f"{DEPUTY} · rank 1",
        f"{HEAD} · rank 1",
    ]
    left_out = flag_card.locator("[data-testid=left-out]").inner_text()
    assert left_out.startswith(f"{MEMBER}:") and NOT_REGISTERED in left_out
    page.screenshot(path=artifacts / "meeting-candidates.png", full_page=True)

    # 3. The flag's ballot: choose at most 1 of H and D.
    new_ballot = page.locator(f"[data-testid=new-ballot-{AwardKind.PROVINCE_FLAG}]")
    new_ballot.locator("summary").click()
    new_ballot.get_by_label("Choose up to N candidates").check()  # the form field's choice
    new_ballot.get_by_label("At most this many choices").fill("1")
    assert (
        new_ballot.get_by_label(HEAD, exact=True).is_checked()
        and new_ballot.get_by_label(DEPUTY, exact=True).is_checked()
    )
    new_ballot.get_by_role("button", name="Prepare the ballot").click()
    page.wait_for_url(re.compile(r"/awards/ballots/\d+/$"))
    round_1_url = page.url
    _move(page, "Open the ballot")
    assert page.locator("[data-testid=ballot-status]").inner_text() == "Open for voting"

    deputy = log_in(browser, base, deputy_officer)
    member = log_in(browser, base, unit_officer)
    _vote(page, round_1_url, HEAD)
    _vote(deputy, round_1_url, DEPUTY)
    _vote(member, round_1_url, None)  # a blank ballot: 1–1, nobody has more than half of the 3 members
    member.screenshot(path=artifacts / "meeting-ballot-receipt.png", full_page=True)

    page.goto(round_1_url)
    assert page.locator("[data-testid=participation]").inner_text().startswith("3 of 3")
    _move(page, "Close the ballot")
    _move(page, "Count the result")
    assert _tally_rows(page) == {
        HEAD: ["1", "33.33 %", "to the next round"],
        DEPUTY: ["1", "33.33 %", "to the next round"],
    }
    note = page.locator("[data-testid=round-note]").inner_text()
    assert note == "Nobody reached the threshold: a new round among the same candidates."
    page.screenshot(path=artifacts / "meeting-round-1-tie.png", full_page=True)
    page.get_by_role("button", name="Prepare the next round").click()
    page.wait_for_url(meeting_url)

    page.get_by_role("link", name="Round 2").click()
    round_2_url = page.url
    assert round_2_url != round_1_url
    _move(page, "Open the ballot")
    _vote(page, round_2_url, HEAD)
    _vote(deputy, round_2_url, DEPUTY)
    _vote(member, round_2_url, DEPUTY)
    page.goto(round_2_url)
    _move(page, "Close the ballot")
    _move(page, "Count the result")
    assert _tally_rows(page) == {HEAD: ["1", "33.33 %", "not passed"], DEPUTY: ["2", "66.67 %", "elected"]}
    page.screenshot(path=artifacts / "meeting-round-2.png", full_page=True)
    rounds = Ballot.objects.filter(meeting__bloc_year=flag_year, award=AwardKind.PROVINCE_FLAG).order_by("round_number")
    assert [(b.round_number, b.status) for b in rounds] == [(1, BallotStatus.TALLIED), (2, BallotStatus.TALLIED)]

    # 4. Next year's leadership, then the minutes: issued, and their PDF built and downloaded.
    page.goto(meeting_url)
    page.get_by_role("link", name="Record next year's leadership").click()
    page.get_by_label("Head unit next year").select_option(label=DEPUTY)
    page.get_by_label(HEAD, exact=True).check()
    page.get_by_label("Secret ballot").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(meeting_url)
    leadership = page.locator("[data-testid=next-leadership]").inner_text()
    assert DEPUTY in leadership and HEAD in leadership

    page.get_by_role("link", name="Issue the minutes").click()
    page.get_by_label("Date of issue").fill("22/12/2020")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(meeting_url)
    assert "Issued" in page.locator("[data-testid=minutes-status]").inner_text()
    page.screenshot(path=artifacts / "meeting-done.png", full_page=True)
    page.get_by_role("button", name="Minutes (PDF)").click()
    page.wait_for_selector("[data-testid=generated-file-status][data-status=ready]")
    with page.expect_download() as download_info:
        page.locator("[data-testid=download]").click()
    pdf = tmp_path / "minutes.pdf"
    download_info.value.save_as(pdf)
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    text = " ".join(raw.split())  # the lines as the PDF wraps them do not matter
    assert "BIÊN BẢN" in text
    flag = "Cờ thi đua của Ủy ban nhân dân tỉnh"
    assert f"{flag}, vòng 1" in text and f"{flag}, vòng 2" in text
    assert f"{DEPUTY} 1 33,33% Vào vòng bỏ phiếu tiếp theo" in text  # round 1, as the minutes word it
    assert "Không đơn vị nào đạt tỷ lệ phiếu đồng ý cần đạt: bỏ phiếu vòng mới" in text  # and why
    assert f"{DEPUTY} 2 66,67% Trúng cử" in text and f"{HEAD} 1 33,33% Không đạt" in text  # round 2
    assert f"Trưởng khối năm 2021: {DEPUTY}; Phó khối: {HEAD}." in text
    assert f"Đề nghị tặng {flag} cho: {DEPUTY}." in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", str(pdf), str(artifacts / "meeting-minutes-pdf")],
        check=True,
    )

    # 5. The bloc page shows next year's head and deputy.
    page.goto(meeting_url)
    page.get_by_role("link", name="See the bloc's next year").click()
    page.wait_for_url(re.compile(r"\?year=2021$"))
    members = {
        cells[0]: cells[1]
        for cells in (
            row.locator("td").all_inner_texts() for row in page.locator("[data-testid=members] tbody tr").all()
        )
    }
    assert (members[DEPUTY], members[HEAD], members[MEMBER]) == ("Bloc head", "Deputy head", "Member")
    page.screenshot(path=artifacts / "meeting-next-year-bloc.png", full_page=True)
