"""Two-factor sign-in in Chromium: a secretariat officer enrols from the QR page's key, keeps the recovery
codes, signs in again with a code; no CSP violation on the way (the QR code is inline SVG, no script)."""

import base64
import re
import time

import pytest
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.conftest import E2E_PASSWORD
from tests.otp import current_code
from twofactor.selectors import confirmed_totp_device

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code_from_key(key: str) -> str:
    """What an authenticator app shows for the key typed from the page (RFC 6238, 30 s, 6 digits)."""
    return f"{hotp(base64.b32decode(key.replace(' ', '')), int(time.time()) // 30):06d}"


def _password(page, base_url, user):
    page.goto(f"{base_url}/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(E2E_PASSWORD)
    page.locator("main button[type=submit]").click()


def test_secretariat_enrols_keeps_codes_and_signs_in_with_code(live_server, browser, secretariat, artifacts):
    secretariat.set_password(E2E_PASSWORD)
    secretariat.save(update_fields=["password"])
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    violations: list[str] = []
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)

    _password(page, live_server.url, secretariat)
    page.wait_for_url(re.compile(r"/account/two-factor/setup/"))
    assert page.locator("figure.qr-code svg").bounding_box()["width"] > 100
    page.screenshot(path=artifacts / "two-factor-enrol.png", full_page=True)
    key = page.get_by_test_id("totp-key").inner_text()
    page.locator("input[name=code]").fill(_code_from_key(key))
    page.locator("main button[type=submit]").click()

    page.get_by_test_id("recovery-codes").wait_for()  # the POST's answer: wait for it before reading
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    page.locator("main a.btn-primary").click()
    page.wait_for_url(f"{live_server.url}/")

    page.locator("form[action='/logout/'] button").click()
    _password(page, live_server.url, secretariat)
    page.wait_for_url(re.compile(r"/account/two-factor/verify/"))
    page.locator("input[name=code]").fill(current_code(confirmed_totp_device(secretariat)))
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    assert violations == []
    context.close()


def test_unit_officer_without_device_signs_in_with_password_alone(live_server, browser, unit_officer):
    unit_officer.set_password(E2E_PASSWORD)
    unit_officer.save(update_fields=["password"])
    page = browser.new_context(locale="en-US").new_page()

    _password(page, live_server.url, unit_officer)

    page.wait_for_url(f"{live_server.url}/")
    assert not TOTPDevice.objects.filter(user=unit_officer).exists()
