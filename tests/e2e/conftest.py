import importlib
import os
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from playwright.sync_api import sync_playwright

from awards.models import AwardType
from tests.conftest import require_service

# Playwright's sync API runs an event loop in this thread; Django's ORM then refuses to run
# unless told that this synchronous use is intended.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    chromium = shutil.which("chromium")
    require_service(chromium is not None, "Debian's chromium (apt-get install chromium)")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
