"""Every demo persona logs in through the real form in Chromium and lands on their own dashboard."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from blocs import demo
from tests.e2e.conftest import submit_password_and_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year  # the demo opens the current year of the Hà Tĩnh bloc
# username, a text their dashboard must show (the demo data makes it true)
PERSONAS = [
    ("admin", "Bắc Ninh"),  # province without a council office officer
    ("vanphong.hatinh", "do các khối thi đua của Hà Tĩnh chuyển đến"),  # this year's forwarded registrations
    ("hoidong.hatinh", "chưa có khối nào trình hồ sơ"),  # empty state in words
    ("thuky.noichinh.hatinh", f"Thường trực Khối thi đua Nội chính – {YEAR}"),
    ("canbo.congan.hatinh", f"Khối thi đua Nội chính – {YEAR}"),
    ("canbo.pccc.hcm", "không tham gia năm thi đua nào đang diễn ra"),
]


@pytest.fixture
def demo_data(settings, catalogue):
    settings.DEBUG = True
    call_command("load_demo")


def _log_in(page, base_url, username):
    page.goto(f"{base_url}/")
    assert page.url.startswith(f"{base_url}/login/")  # anonymous sees only the login page
    page.get_by_label(re.compile("Tên đăng nhập|Username")).fill(username)
    page.get_by_label(re.compile("Mật khẩu|Password")).fill(demo.DEMO_PASSWORD)
    submit_password_and_code(page, base_url, username, page.get_by_role("button", name="Đăng nhập"))


@pytest.mark.parametrize(("username", "expected"), PERSONAS)
def test_persona_logs_in_and_sees_own_dashboard(live_server, page, demo_data, artifacts, username, expected):
    _log_in(page, live_server.url, username)

    body = page.locator("main")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Xin chào")
    assert expected in body.inner_text()
    assert page.locator("[data-testid=dashboard-section]").count() >= 1
    page.screenshot(path=artifacts / f"dashboard-{username}.png", full_page=True)


def test_anonymous_sees_only_the_login_page(live_server, page, demo_data):
    for path in ["/", "/blocs/", "/units/1/"]:
        page.goto(f"{live_server.url}{path}")
        assert page.url.startswith(f"{live_server.url}/login/")


def test_keyboard_user_reaches_bloc_page_from_dashboard(live_server, page, demo_data, artifacts):
    _log_in(page, live_server.url, "thuky.noichinh.hatinh")

    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.get_by_role("link", name="Mở trang khối").first.focus()  # this year first; 2020 is at scoring too
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/blocs/\d+/\?year={YEAR}"))

    assert "Thi hành án dân sự tỉnh Hà Tĩnh" in page.locator("[data-testid=members]").inner_text()
    page.screenshot(path=artifacts / "bloc-detail.png", full_page=True)


def test_council_officer_finds_renamed_unit_by_former_name(live_server, page, demo_data, artifacts):
    _log_in(page, live_server.url, "vanphong.hatinh")

    page.get_by_role("link", name="Đơn vị", exact=True).click()
    page.get_by_role("searchbox").fill("Cục Thi hành án")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/units/\?q="))

    rows = page.locator("[data-testid=units] tbody tr")
    assert rows.count() == 1
    assert "Thi hành án dân sự tỉnh Hà Tĩnh" in rows.first.inner_text()
    page.screenshot(path=artifacts / "unit-search.png", full_page=True)
