"""The session's idle expiry moves at most once a minute: a page that reads nothing writes nothing.

The page is the benchmark's bare page (bench/urls.py): a small template, no query of its own.
"""

import copy
import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def bare_page(settings):
    """The benchmark's bare page, served beside the project's URLs."""
    settings.ROOT_URLCONF = "bench.urls"
    templates = copy.deepcopy(django_settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], django_settings.BASE_DIR / "bench" / "templates"]
    settings.TEMPLATES = templates
    return "/bench/bare/"


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def signed_in(client, db, clock):
    """A client signed in at START (its session saved then) that made a request at START."""
    client.force_login(UserFactory(username="canbo"))
    client.get(reverse("dashboard"))
    return client


def _expiry(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_session_authenticated_get_within_a_minute_runs_two_reads_and_no_write(signed_in, clock, bare_page):
    clock.shift(datetime.timedelta(seconds=59))

    with CaptureQueriesContext(connection) as queries:
        response = signed_in.get(bare_page)

    assert response.status_code == 200
    assert _writes(queries) == []
    assert len(queries) <= 2, [q["sql"] for q in queries.captured_queries]
    assert _expiry(signed_in) == START + datetime.timedelta(minutes=30)


def test_session_get_after_a_minute_moves_the_expiry(signed_in, clock, bare_page):
    clock.shift(datetime.timedelta(seconds=61))

    with CaptureQueriesContext(connection) as queries:
        signed_in.get(bare_page)

    assert any(sql.startswith("UPDATE") for sql in _writes(queries))
    assert _expiry(signed_in) == START + datetime.timedelta(minutes=30, seconds=61)


def test_session_idle_thirty_minutes_after_a_request_that_saved_nothing_signs_out(signed_in, clock, bare_page):
    clock.shift(datetime.timedelta(seconds=30))
    assert signed_in.get(bare_page).status_code == 200  # within the minute: the expiry stays at START + 30 min

    clock.shift(datetime.timedelta(minutes=29, seconds=31))
    response = signed_in.get(bare_page)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_session_activity_every_few_minutes_keeps_the_user_signed_in(signed_in, clock, bare_page):
    for _ in range(10):
        clock.shift(datetime.timedelta(minutes=20))
        assert signed_in.get(bare_page).status_code == 200


def test_session_logout_and_anonymous_requests_leave_no_session_row(signed_in, client, bare_page):
    client.post(reverse("logout"))
    client.get(reverse("login"))
    client.get(bare_page)

    assert Session.objects.count() == 0
