"""In Chromium: a unit files its 6-month report, the secretariat returns it, the unit resubmits, the secretariat
accepts it and produces the bloc report PDF (progress page, then download)."""

import re
import subprocess

import pytest

from blocs import demo
from blocs.models import BlocYear, Unit
from pledges.enums import BlocReportStatus, ReportStatus
from pledges.models import BlocReport, UnitReport
from tests.e2e.conftest import submit_password_and_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = "Kéo giảm 8,5% số vụ phạm pháp hình sự; tỷ lệ điều tra khám phá đạt 86%."
REASON = "Đề nghị bổ sung số liệu so sánh với cùng kỳ năm 2019."


@pytest.fixture
def hatinh_2020():
    demo.load()  # the organisation only: no report exists yet
    return BlocYear.objects.get(bloc__province__name="Hà Tĩnh", bloc__name="Khối thi đua Nội chính", year=2020)


def log_in(browser, base_url, username):
    page = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base_url}/login/")
    page.get_by_label(re.compile("Tên đăng nhập|Username")).fill(username)
    page.get_by_label(re.compile("Mật khẩu|Password")).fill(demo.DEMO_PASSWORD)
    submit_password_and_code(page, base_url, username, page.get_by_role("button", name="Đăng nhập"))
    return page


def save_form(page):
    page.locator("main form button[type=submit].btn-primary").click()


def test_unit_report_returned_resubmitted_accepted_and_bloc_report_pdf(
    live_server, browser, hatinh_2020, artifacts, tmp_path
):
    base = live_server.url
    police = Unit.objects.get(province__name="Hà Tĩnh", name="Công an tỉnh Hà Tĩnh")
    reports_url = f"{base}/pledges/years/{hatinh_2020.pk}/reports/"

    # The police's officer starts, writes and submits the 6-month report.
    officer = log_in(browser, base, "canbo.congan.hatinh")
    officer.goto(reports_url)
    officer.locator(f"tr[data-unit='{police.pk}'] form[action$='/six_month/start/'] button").click()
    officer.locator("textarea[name=results]").fill(RESULTS)
    save_form(officer)
    # The unit has no leader on record: the page asks who signs the report it issues.
    officer.locator("input[name=signer_title]").fill("Giám đốc")
    officer.locator("input[name=signer_name]").fill("Đại tá Phạm Minh Dũng")
    officer.locator("form[action$='/submit/'] button").click()
    officer.wait_for_selector("[data-testid=report-status][data-status=submitted]")
    assert "01/BC-CAT" in officer.locator("[data-testid=report-number]").inner_text()
    report = UnitReport.objects.get(unit=police)
    officer.screenshot(path=artifacts / "report-submitted.png", full_page=True)

    # The secretariat returns it with a reason.
    secretariat = log_in(browser, base, "thuky.noichinh.hatinh")
    secretariat.goto(f"{base}{report.get_absolute_url()}")
    secretariat.locator("a[href$='/return/']").click()
    secretariat.locator("textarea[name=reason]").fill(REASON)
    save_form(secretariat)
    secretariat.wait_for_selector("[data-testid=report-status][data-status=returned]")

    # The officer sees the reason and submits again.
    officer.goto(f"{base}{report.get_absolute_url()}")
    assert REASON in officer.locator("[data-testid=return-reason]").inner_text()
    officer.screenshot(path=artifacts / "report-returned.png", full_page=True)
    officer.locator("form[action$='/submit/'] button").click()
    officer.wait_for_selector("[data-testid=report-status][data-status=submitted]")

    # The secretariat accepts it, compiles the bloc report, issues it and asks for its PDF.
    secretariat.goto(f"{base}{report.get_absolute_url()}")
    secretariat.locator("form[action$='/accept/'] button").click()
    secretariat.wait_for_selector("[data-testid=report-status][data-status=accepted]")
    secretariat.goto(reports_url)
    secretariat.screenshot(path=artifacts / "report-year.png", full_page=True)
    secretariat.locator("form[action$='/bloc-reports/six_month/start/'] button").click()
    assert RESULTS in secretariat.locator("textarea[name=results]").input_value()
    secretariat.locator("input[name=signer_name]").fill("Đặng Văn Hải")
    save_form(secretariat)
    secretariat.locator("a[href$='/issue/']").click()
    secretariat.locator("input[name=issued_on]").fill("24/07/2020")
    save_form(secretariat)
    secretariat.wait_for_selector("[data-testid=number]")
    secretariat.screenshot(path=artifacts / "bloc-report.png", full_page=True)
    secretariat.locator("[data-testid=bloc-report-pdf]").click()
    secretariat.wait_for_selector("[data-testid=generated-file-status][data-status=ready]")
    secretariat.screenshot(path=artifacts / "bloc-report-pdf-ready.png", full_page=True)
    with secretariat.expect_download() as download_info:
        secretariat.locator("[data-testid=download]").click()
    pdf = tmp_path / "bloc-report.pdf"
    download_info.value.save_as(pdf)

    report.refresh_from_db()
    bloc_report = BlocReport.objects.get(bloc_year=hatinh_2020)
    assert report.status == ReportStatus.ACCEPTED
    assert (bloc_report.status, bloc_report.number) == (BlocReportStatus.ISSUED, 1)
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "Số: 01/BC-KTĐ" in text and "Hà Tĩnh, ngày 24 tháng 7 năm 2020" in text
    assert f"Công an tỉnh Hà Tĩnh:\n{RESULTS}" in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(pdf), str(artifacts / "bloc-report-pdf")], check=True
    )
