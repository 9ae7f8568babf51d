"""The permission matrix's figures, printed once at the end of the run that requested them."""

import json
import os

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
