"""The database unreachable (a restart, a failover): every page answers 503 with a clear page, never a 500.

The outage is simulated with Django's query hook (``connection.execute_wrapper``), which fails every
query as the driver does when the server has gone; the real restart is in tests/core/test_faults.py.
"""

import json
import logging
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.urls import reverse

from core.logs import JsonFormatter
from scoring.models import ScoreLine
from tests.scoring.conftest import member_sheet, scheme, self_sheets  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@contextmanager
def database_down(error=OperationalError):
    def refuse(execute, sql, params, many, context):
        raise error("connection to server at 127.0.0.1 failed: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def browser(client):
    """A client that gets the page a browser would get for an unhandled error, instead of the exception."""
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_page_database_down_answers_503_clear_page_without_traceback(browser, unit_officer, error):
    browser.force_login(unit_officer)

    with database_down(error):
        response = browser.get(reverse("dashboard"))

    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert 'data-testid="unavailable"' in html and "Traceback" not in html and "OperationalError" not in html
    assert len(response["X-Request-ID"]) == 32


def test_line_save_database_down_answers_503_nothing_saved_then_saves_when_back(
    browser,
    member_sheet,  # noqa: F811 - the fixture imported above
    unit_officer,
):
    browser.force_login(unit_officer)
    line = member_sheet.lines.get(item__code="I.1")
    payload = {"line": line.pk, "version": line.version, "points": "7", "note": "", "reason": ""}
    url = reverse("scoring:line_save", args=[member_sheet.pk])

    with database_down():
        refused = browser.post(url, payload)
    saved = browser.post(url, payload)

    assert refused.status_code == 503 and saved.status_code == 200
    assert ScoreLine.objects.get(pk=line.pk).points == Decimal(7)


def test_request_line_database_down_logged_as_503_without_user(browser, unit_officer, caplog):
    browser.force_login(unit_officer)
    caplog.set_level(logging.INFO, logger="thidua.request")

    with database_down():
        browser.get(reverse("dashboard"))

    [line] = [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == "thidua.request"]
    assert (line["status"], line["user_id"]) == (503, None)


def test_page_other_error_still_answers_500(browser, unit_officer):
    browser.force_login(unit_officer)

    with database_down(ValueError):
        response = browser.get(reverse("dashboard"))

    assert response.status_code == 500 and 'data-testid="unavailable"' not in response.content.decode()
