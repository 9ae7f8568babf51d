"""The council office's part of a year's awards, clicked in Chromium: it returns bloc B's dossier with a reason
(after refusing a blank one), the secretariat reads the reason and resubmits; the office receives the dossier,
assigns its officer, appraises each proposed award (the flag for H and the certificate for D eligible, the
certificate for M not, with the reason), finishes the appraisal, plans the council's session, puts the dossier
on it, records the attendance and the vote on the flag, closes the session and downloads its minutes, drafts
and issues the Chairman's decision, downloads the decision and prints the certificates.

Only the year-end meeting and the first submission are arranged directly (their pages have their own browser
tests); everything the council office does is clicked."""

import importlib
import re
import subprocess

import pytest
from django.apps import apps

from awards.enums import AwardKind, ProposalStatus
from awards.models import AwardDecision, CertificateLayout, Proposal
from awards.services.meetings import approve_scores, record_attendance, record_meeting_session
from awards.services.proposals import create_proposal, submit_proposal, update_signer
from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from core.models import ActivityLog
from tests.awards.conftest import MERIT, SESSION, all_present, score_year, set_status
from tests.awards.proposal_setup import MINUTES_DAY, SUBMIT_DAY, tallied_ballot, write_achievement_reports
from tests.e2e.conftest import log_in
from tests.pledges.factories import RegistrationFactory, TitleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HEAD, DEPUTY, MEMBER = "Thanh tra tỉnh", "Sở Tư pháp", "Công an tỉnh"
RETURN_REASON = "Thiếu báo cáo thành tích của Sở Tư pháp"
INELIGIBLE_REASON = "Đang bị thanh tra, chưa có kết luận"
FLAG, MERIT_EN = "Emulation flag of the Provincial People's Committee", "Certificate of merit of the Provincial"


@pytest.fixture
def layouts(catalogue):
    """The certificate layouts the migration seeds: an earlier transactional test's flush removes them."""
    if not CertificateLayout.objects.exists():
        importlib.import_module("awards.migrations.0011_certificate_layouts").seed(apps, None)


@pytest.fixture
def submitted(world, catalogue, layouts, admin_user, secretariat) -> Proposal:
    """Bloc B's year-Y dossier as the secretariat submitted it: the flag for H, the certificate for D and M."""
    score_year(world.bloc_year, {world.head: "9", world.deputy: "8", world.member: "7"}, actor=admin_user)
    bloc_year = set_status(world.bloc_year, BlocYearStatus.READY_FOR_REVIEW)
    merit = TitleFactory(name=MERIT, level="province", is_flag=False)
    for unit in (world.head, world.deputy, world.member):
        RegistrationFactory(bloc_year=bloc_year, unit=unit, title=merit, status="accepted")
    RegistrationFactory(bloc_year=bloc_year, unit=world.head, title=TitleFactory(), status="accepted")  # the flag
    session = record_meeting_session(bloc_year, actor=secretariat, **SESSION)
    record_attendance(session, actor=secretariat, rows=all_present(world))
    meeting = approve_scores(session.meeting, actor=secretariat)
    flag_votes, merit_votes = {world.head: 3}, {world.deputy: 2, world.member: 2}
    tallied_ballot(meeting, award=AwardKind.PROVINCE_FLAG, actor=secretariat, votes=flag_votes, elected=[world.head])
    elected = [world.deputy, world.member]
    tallied_ballot(meeting, award=AwardKind.PROVINCE_MERIT, actor=secretariat, votes=merit_votes, elected=elected)
    type(meeting).objects.filter(pk=meeting.pk).update(minutes_issued_on=MINUTES_DAY)
    proposal = create_proposal(bloc_year, actor=secretariat)
    write_achievement_reports(proposal, actor=secretariat)
    update_signer(proposal, actor=secretariat, signer_name="Nguyễn Văn An", signer_title="Chánh Thanh tra tỉnh")
    proposal = submit_proposal(proposal, actor=secretariat, submitted_on=SUBMIT_DAY)
    set_status(bloc_year, BlocYearStatus.PROPOSED)  # the secretariat moves its year on once the dossier is sent
    return proposal


def _save(page):
    page.locator("main button[type=submit]", has_text="Save").click()
    page.wait_for_load_state()


def _pdf_text(page, button_test_id: str, path) -> str:
    """Press the PDF button, wait for the background build, download the file and return its text."""
    page.get_by_test_id(button_test_id).click()
    page.wait_for_selector("[data-testid=generated-file-status][data-status=ready]")
    with page.expect_download() as download_info:
        page.get_by_test_id("download").click()
    download_info.value.save_as(path)
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(raw.split())


def _item_row(page, award_label: str, unit: str):
    rows = page.get_by_test_id("review-item").filter(has_text=award_label)
    return rows.filter(has=page.get_by_role("cell", name=unit, exact=True))


def test_council_office_returns_then_appraises_votes_decides_and_prints(
    browser, live_server, world, submitted, secretariat, council_officer, artifacts, tmp_path
):
    base = live_server.url
    council_officer.full_name = "Lê Thị Hoa"
    council_officer.save(update_fields=["full_name"])
    office = log_in(browser, base, council_officer)

    # 1. The proposal list → the dossier; a blank reason is refused and changes nothing; then it is returned.
    office.get_by_role("link", name="Proposals", exact=True).click()
    row = office.get_by_test_id("proposal-row").filter(has_text=world.bloc_year.bloc.name)
    assert HEAD in row.inner_text() and row.get_by_role("link").inner_text() == "Submitted to the council office"
    row.get_by_role("link").click()
    proposal_url = office.url
    review_return = office.get_by_test_id("review-return")
    review_return.get_by_label("Reason for return").fill("   ")  # passes the browser's "required", not the form
    review_return.get_by_role("button", name="Return for correction").click()
    office.wait_for_load_state()
    assert "This field is required." in office.locator("main").inner_text()
    office.screenshot(path=str(artifacts / "council-office-return-refused.png"), full_page=True)
    assert Proposal.objects.get(pk=submitted.pk).status == ProposalStatus.SUBMITTED
    assert not ActivityLog.objects.filter(action="awards.proposal.returned").exists()
    office.goto(proposal_url)
    review_return = office.get_by_test_id("review-return")
    review_return.get_by_label("Reason for return").fill(RETURN_REASON)
    review_return.get_by_role("button", name="Return for correction").click()
    office.wait_for_url(proposal_url)
    assert office.get_by_test_id("review-status").inner_text() == "Returned for correction"

    # 2. The secretariat sees the reason on its dashboard and on the dossier, and resubmits.
    bloc = log_in(browser, base, secretariat)
    assert RETURN_REASON in bloc.locator("main").inner_text()
    bloc.goto(proposal_url)
    assert RETURN_REASON in bloc.get_by_test_id("return-reason").inner_text()
    bloc.get_by_test_id("move-submit").click()
    bloc.get_by_label("Date of the cover submission").fill("05/01/2021")
    _save(bloc)
    bloc.wait_for_url(proposal_url)
    assert bloc.get_by_test_id("proposal-status").inner_text() == "Submitted to the council office"
    bloc.context.close()

    # 3. The office receives, assigns its officer and appraises each proposed award, then finishes.
    office.goto(proposal_url)
    office.get_by_test_id("review-receive").click()
    office.wait_for_url(proposal_url)
    assign = office.get_by_test_id("review-assign")
    assign.get_by_label("Officer in charge").select_option(label="Lê Thị Hoa")
    assign.get_by_role("button", name="Assign").click()
    office.wait_for_url(proposal_url)
    flag_label, merit_label = FLAG, MERIT_EN
    for award, unit, reason in ((flag_label, HEAD, ""), (merit_label, DEPUTY, ""), (merit_label, MEMBER, "x")):
        row = _item_row(office, award, unit)
        row.get_by_label("Not eligible" if reason else "Eligible", exact=True).check()
        if reason:
            row.get_by_label("Reason", exact=True).fill(INELIGIBLE_REASON)
        row.get_by_role("button", name="Save the appraisal").click()
        office.wait_for_url(proposal_url)
    assert INELIGIBLE_REASON in _item_row(office, merit_label, MEMBER).inner_text()
    office.screenshot(path=str(artifacts / "council-office-appraisal.png"), full_page=True)
    office.get_by_test_id("review-finish").click()
    office.wait_for_url(proposal_url)
    assert office.get_by_test_id("review-status").inner_text() == "Appraised"

    # 4. The council's session: planned, the dossier put on it, the attendance, the vote on the flag, closed.
    office.get_by_role("link", name="Council sessions", exact=True).click()
    office.get_by_test_id("session-plan").click()
    office.get_by_label("Province").select_option(label=world.province.name)
    office.get_by_label("Held on").fill("15/01/2021")
    office.get_by_label("Place").fill("Hội trường UBND tỉnh")
    office.get_by_label("Chair's name").fill("Nguyễn Văn Chủ")
    office.get_by_label("Chair's title").fill("Chủ tịch UBND tỉnh")
    office.get_by_label("Council members").fill("10")
    _save(office)
    office.wait_for_url(re.compile(r"/awards/council/sessions/\d+/$"))
    session_url = office.url
    office.get_by_test_id("dossier-add").click()
    office.get_by_label("Dossier").select_option(index=1)
    _save(office)
    office.wait_for_url(session_url)
    office.get_by_test_id("attendance-edit").click()
    office.locator("#id_present").fill("9")
    office.get_by_label("Absentees' written opinions").fill("1")
    _save(office)
    office.wait_for_url(session_url)
    assert "9 of 10 members present" in office.get_by_test_id("attendance").inner_text()
    outcomes = office.get_by_test_id("session-item").all_inner_texts()
    assert len(outcomes) == 3 and "Awaiting the vote" in outcomes[0] + outcomes[1] + outcomes[2]
    office.get_by_test_id("session-item").filter(has_text=HEAD).get_by_test_id("item-vote").click()
    office.get_by_label("Yes (present members)").fill("8")
    office.get_by_label("No (present members)").fill("1")
    office.get_by_label("Yes in absentees' written opinions").fill("1")
    _save(office)
    office.wait_for_url(session_url)
    assert "Passed" in office.get_by_test_id("session-item").filter(has_text=HEAD).inner_text()
    office.get_by_test_id("session-close").click()
    office.wait_for_url(session_url)
    assert office.get_by_test_id("session-status").inner_text() == "Held: votes recorded"
    office.screenshot(path=str(artifacts / "council-office-session.png"), full_page=True)
    minutes = _pdf_text(office, "minutes-pdf", tmp_path / "council-minutes.pdf")
    assert "BIÊN BẢN" in minutes and HEAD in minutes

    # 5. The decision: drafted, issued (number, date, signer), its PDF; the certificates printed.
    office.get_by_role("link", name="Decisions", exact=True).click()
    office.get_by_test_id("decision-draft").click()
    office.get_by_test_id("decision-issue").click()
    office.get_by_label("Date of the decision").fill("01/07/2024")
    office.get_by_label("Signed by").select_option("vice_chairman")
    office.get_by_label("Signer's name").fill("Trần Văn Ký")
    _save(office)
    decision = AwardDecision.objects.get()
    office.wait_for_url(f"{base}/awards/decisions/{decision.pk}/")
    approved = office.get_by_test_id("approved-item").all_inner_texts()
    assert len(approved) == 2 and HEAD in approved[0] + approved[1] and DEPUTY in approved[0] + approved[1]
    assert MEMBER not in office.get_by_test_id("approved-items").inner_text()
    assert BlocYear.objects.get(pk=submitted.bloc_year_id).status == BlocYearStatus.DECIDED
    number = f"{decision.number:02d}/QĐ-UBND"
    assert number in office.get_by_test_id("decision-status").inner_text()
    office.screenshot(path=str(artifacts / "council-office-decision.png"), full_page=True)
    decision_url = office.url
    text = _pdf_text(office, "decision-pdf", tmp_path / "decision.pdf")
    assert number in text and HEAD in text and DEPUTY in text and MEMBER not in text
    office.goto(decision_url)
    certificates = _pdf_text(office, "print-certificates", tmp_path / "certificates.pdf")
    assert DEPUTY in certificates and HEAD not in certificates and MEMBER not in certificates
    assert number in certificates
    certificate_page = str(artifacts / "council-office-certificate")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(tmp_path / "certificates.pdf"), certificate_page],
        check=True,
    )
