import datetime
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from core.models import ActivityLog
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def person(db):
    return UserFactory(username="canbo")


def test_login_page_is_open_to_anonymous(client, db):
    assert client.get(reverse("login")).status_code == 200


def test_login_correct_password_lands_on_dashboard(client, person):
    response = _login(client, "canbo", PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_login_five_failures_lock_for_thirty_minutes_then_release(client, person):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False) as clock:
        for _ in range(5):
            _login(client, "canbo", "wrong")

        locked = _login(client, "canbo", PASSWORD)
        assert locked.status_code == 429
        assert ActivityLog.objects.filter(action="core.login.locked_out", data__username="canbo").exists()

        clock.shift(datetime.timedelta(minutes=29))
        assert _login(client, "canbo", PASSWORD).status_code == 429

        clock.shift(datetime.timedelta(minutes=2))
        assert _login(client, "canbo", PASSWORD).status_code == 302


def test_login_lock_is_per_username_and_address(client, person):
    UserFactory(username="khac")
    for _ in range(5):
        _login(client, "canbo", "wrong")

    assert _login(client, "canbo", PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    assert _login(client, "khac", PASSWORD).status_code == 302


def test_session_expires_after_thirty_idle_minutes(client, person):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False) as clock:
        client.force_login(person)
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get(reverse("dashboard")).status_code == 200  # activity keeps it alive

        clock.shift(datetime.timedelta(minutes=25))
        assert client.get(reverse("dashboard")).status_code == 200

        clock.shift(datetime.timedelta(minutes=31))
        assert client.get(reverse("dashboard")).status_code == 302


def test_logout_needs_post_and_ends_session(client, person):
    client.force_login(person)

    client.post(reverse("logout"))

    assert client.get(reverse("dashboard")).status_code == 302


def test_pages_send_strict_csp_and_headers(client, person):
    client.force_login(person)

    response = client.get(reverse("dashboard"))

    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_templates_have_no_inline_script_or_style():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"<style|\sstyle=", text):
            offenders.append(path.name)

    assert offenders == []


def test_check_deploy_with_production_variables_has_no_warnings():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "thidua.example.gov.vn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_language_defaults_to_vietnamese_whatever_the_browser_says(client, person):
    client.force_login(person)

    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.headers["Content-Language"] == "vi"
    assert "Việc cần làm" in response.content.decode()


def test_language_switcher_chooses_english(client, person):
    client.force_login(person)

    client.post(reverse("set_language"), {"language": "en", "next": reverse("dashboard")})
    response = client.get(reverse("dashboard"))

    assert response.headers["Content-Language"] == "en"
    assert "What needs me" in response.content.decode()


def test_language_unknown_cookie_falls_back_to_vietnamese(client, person, settings):
    client.force_login(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    assert client.get(reverse("dashboard")).headers["Content-Language"] == "vi"
