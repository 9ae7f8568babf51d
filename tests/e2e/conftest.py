import importlib
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model

from awards.models import AwardType
from tests.otp import current_code, enrolled_device

# Playwright's sync API runs an event loop in this thread; Django's ORM then refuses to run
# unless told that this synchronous use is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def catalogue(transactional_db):
    """The legal catalogue the `catalogue` migration seeds: an earlier transactional test's flush removes it."""
    if not AwardType.objects.exists():
        importlib.import_module("awards.migrations.0008_catalogue").seed(apps, None)


E2E_PASSWORD = "browser-test-pass-2026"


def log_in(browser, base_url, user):
    """A fresh browser context signed in as ``user`` with password and authenticator code, in English (the
    source language: the texts asserted are the msgids)."""
    user.set_password(E2E_PASSWORD)
    user.save(update_fields=["password"])
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base_url}/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(E2E_PASSWORD)
    submit_password_and_code(page, base_url, user.username)
    return page


def submit_password_and_code(page, base_url, username, button=None):
    """Send the filled-in password form, then pass the second step as a person with an authenticator app:
    the user gets a device (a random key, as enrolment makes) and types the code computed from its key."""
    device = enrolled_device(get_user_model().objects.get(username=username))
    (button or page.locator("main button[type=submit]")).click()
    page.wait_for_url(re.compile(r"/account/two-factor/verify/"))
    page.locator("input[name=code]").fill(current_code(device))
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")
