import datetime
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from core.documents import Rendered, renderer
from core.models import ActivityLog, GeneratedFile
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


# --- Caching, the admin's policy and the session cookie's prefix ----------------------------


@renderer("tests.cached", permission="blocs.view_unit")
def _cached(unit) -> Rendered:
    return Rendered(b"%PDF-1.7", "x.pdf")


def _no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


def test_no_store_authenticated_page_and_downloads_are_not_cached(client, world, council_officer, secretariat):
    GeneratedFile.objects.create(kind="tests.cached", target=world.head)
    generated = GeneratedFile(
        kind="tests.cached", target=world.member, status="ready", filename="x.pdf", sha256="0" * 64
    )
    generated.file.save("x.pdf", ContentFile(b"%PDF-1.7"))
    client.force_login(council_officer)

    page = client.get(reverse("dashboard"))
    xlsx = client.get(reverse("pledges:registration_export"))
    client.force_login(secretariat)
    pdf = client.get(reverse("generated_file_download", args=[generated.pk]))
    pdf.close()

    assert page.status_code == xlsx.status_code == pdf.status_code == 200
    assert pdf.headers["Content-Disposition"].startswith("attachment")
    assert _no_store(page) and _no_store(xlsx) and _no_store(pdf)
    assert "private" in pdf.headers["Cache-Control"]


def test_no_store_anonymous_redirect_is_left_alone(client, db):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302 and not _no_store(response)


def test_no_store_logout_response_is_not_cached(client, person):
    client.force_login(person)

    response = client.post(reverse("logout"))

    assert _no_store(response)


def test_admin_pages_send_a_strict_csp(client, db):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)

    response = client.get("/admin/core/user/add/")

    csp = response.headers["Content-Security-Policy"]
    assert response.status_code == 200
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) and not re.search(r"<style|\sstyle=", html)
    assert _no_store(response)


def _settings_value(name: str, **variables) -> str:
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "thidua.example.gov.vn",
        **variables,
    }
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout.strip()


def test_session_cookie_secure_uses_host_prefix_plain_debug_does_not():
    assert _settings_value("SESSION_COOKIE_NAME", DEBUG="0") == "__Host-sessionid"
    assert _settings_value("SESSION_COOKIE_NAME", DEBUG="1") == "sessionid"


def test_session_cookie_sent_with_host_prefix_secure_root_path_no_domain(client, person):
    response = _login(client, "canbo", PASSWORD)

    cookie = response.cookies["__Host-sessionid"]

    assert response.status_code == 302
    assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"]
