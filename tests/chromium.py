"""Debian's Chromium driven by Playwright: one browser for the whole run, whichever test folder asks first.

Defined once, in the root conftest's namespace: a second session fixture (one per folder) would start a
second Playwright while the first one's event loop still runs, which Playwright's sync API refuses.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only runs with a browser test pay for it

    from tests.conftest import require_service  # noqa: PLC0415 - tests.conftest imports this module

    chromium = shutil.which("chromium")
    require_service(chromium is not None, "Debian's chromium (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM then refuses to run
    # unless told that this synchronous use is intended.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
