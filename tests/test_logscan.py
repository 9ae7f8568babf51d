"""The scan of the run's logs (tests/logscan.py) finds a planted secret, and only a secret."""

import logging
import re

import pytest
from django.conf import settings
from django.urls import reverse

from core.logs import JsonFormatter
from tests.logscan import Canaries, scan


def _line(message: str, *args) -> str:
    return JsonFormatter().format(logging.LogRecord("thidua.test", logging.INFO, __file__, 1, message, args, None))


@pytest.fixture
def noted(request) -> Canaries:
    """The secrets the running plugin has noted so far in this run."""
    return request.config.pluginmanager.get_plugin("thidua-logscan").canaries


def _kinds(lines, canaries) -> list[str]:
    return [hit.kind for hit in scan((("test", line) for line in lines), canaries)]


def test_scan_planted_session_key_inside_a_word_found():
    canaries = Canaries()
    canaries.add("k3y0fas3ssionthatisthirtytwochar", "session key")

    kinds = _kinds([_line("GET / 200"), _line("saw %s", "x=Ak3y0fas3ssionthatisthirtytwocharZ")], canaries)

    assert kinds == ["session key"]


def test_scan_password_with_punctuation_found_short_values_ignored():
    canaries = Canaries()
    canaries.add("correct-horse-battery", "password")
    canaries.add("x", "password")  # too short to tell from any word

    kinds = _kinds([_line("login with correct-horse-battery"), _line("x marks the spot")], canaries)

    assert kinds == ["password"]


def test_scan_totp_code_found_only_as_a_whole_number():
    canaries = Canaries()
    canaries.add_code("492039", "TOTP code")

    kinds = _kinds([_line("code 492039 accepted"), _line("took 14920391 ms"), _line("id ab492039cd")], canaries)

    assert kinds == ["TOTP code"]


@pytest.mark.parametrize(
    ("line", "shape"),
    [
        ("POST body username=a&password=hunter2", "password field"),
        ("{'csrfmiddlewaretoken': 'abc'}", "CSRF token field"),
        ("headers: Cookie: __Host-sessionid=abc", "cookie header"),
        ('ballot 3 cast {"choice": ["12"]}', "ballot choice"),
        ("verify otp_token=123456", "two-factor code field"),
    ],
)
def test_scan_dumped_form_or_header_found_whatever_the_value(line, shape):
    assert shape in _kinds([_line(line)], Canaries())


@pytest.mark.parametrize(
    "line",
    [
        "credentials {'username': 'a', 'password': '********'}",
        "Password changed for user 7",
        "GET /login/ 200",
        "refused to fetch file:///etc/passwd: only static files",
    ],
)
def test_scan_masked_password_or_plain_words_not_reported(line):
    assert _kinds([_line(line)], Canaries()) == []


@pytest.mark.django_db
def test_plugin_notes_secret_key_passwords_sessions_and_csrf_made_in_this_run(client, noted, django_user_model):
    user = django_user_model.objects.create_user("planted", password="planted-password-2026")

    form = client.get(reverse("login")).content.decode()
    client.force_login(user)

    masked = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    planted = [_line("%s", value) for value in (settings.SECRET_KEY, "planted-password-2026", session_key, masked)]
    assert _kinds(planted, noted) == ["SECRET_KEY", "password", "session key", "CSRF token"]
