"""The security battery opens pages in Chromium like the browser tests: it shares their fixtures."""

from tests.e2e.conftest import browser, catalogue  # noqa: F401 - fixtures, found by pytest under these names
