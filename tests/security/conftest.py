"""The security battery: the XSS tests open pages in Chromium like the browser tests (they share their
fixtures); the permission matrix's figures are printed once at the end of the run that requested them."""

import json
import os

from tests.e2e.conftest import catalogue  # noqa: F401 - fixtures, found by pytest under these names

TALLY: list[tuple] = []  # one (route, persona, province, method, expected, got, status) per request


def pytest_terminal_summary(terminalreporter):
    if not TALLY:
        return
    mismatches = sum(1 for row in TALLY if row[4] != row[5])
    errors = sum(1 for row in TALLY if row[6] >= 500)
    routes = len({row[0] for row in TALLY})
    terminalreporter.section("permission matrix")
    terminalreporter.write_line(f"routes: {routes}  requests: {len(TALLY)}  mismatches: {mismatches}  5xx: {errors}")


def pytest_sessionfinish(session):
    """``PERMMATRIX_DUMP=file.json``: every request's outcome, to draft the row of a new route from."""
    if os.environ.get("PERMMATRIX_DUMP"):
        with open(os.environ["PERMMATRIX_DUMP"], "w") as dump:
            json.dump(TALLY, dump)
