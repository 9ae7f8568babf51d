"""Faults under load: PostgreSQL restarted and Redis stopped while users read pages and save score lines.

The app runs under gunicorn in a subprocess (tests/core/faults.py); the services that fail are the
test's own (a private PostgreSQL cluster, a private redis-server), never the machine's shared ones.
Figures (answers by status, recovery time) are printed; run with ``-s`` to see them.
"""

import datetime
import time
from collections import Counter

import psycopg
import pytest
import redis
from django.conf import settings as django_settings
from django.middleware.csrf import _get_new_csrf_string
from django.urls import reverse
from django.utils import timezone

from core.enums import GeneratedFileStatus
from core.models import GeneratedFile
from core.services import RESEND_PENDING_AFTER, resend_pending_files
from tests.conftest import WORKER_MEDIA_ROOT
from tests.core.faults import Browser, LineSaver, LiveApp, Load, shared_database_url, start_worker, wait_for
from tests.pledges.factories import UnitReportFactory
from tests.scoring.conftest import member_sheet, scheme, self_sheets  # noqa: F401 - fixtures

# A restarted database must serve again within this many seconds of being back (issue 12).
RECOVERY_SECONDS = 30


def _browser(client, user, port) -> Browser:
    """The user signed in through the test client; the live app finds the same session in its database."""
    client.force_login(user)
    token = _get_new_csrf_string()
    cookies = {django_settings.SESSION_COOKIE_NAME: client.session.session_key, django_settings.CSRF_COOKIE_NAME: token}
    return Browser(port, cookies, token)


def _reader(browser: Browser, path: str):
    return lambda: browser.request("read", "GET", path)


def _figures(title: str, answers, **extra) -> None:
    by_status = Counter(a.status for a in answers)
    print(f"\n[faults] {title}: {len(answers)} answers, by status {dict(sorted(by_status.items()))}", extra)


def _saves_in_database(url: str) -> set[tuple[int, str]]:
    """(version, points) of every line save the audit log of the private database holds."""
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        rows = conn.execute("SELECT data FROM core_activitylog WHERE action = 'scoring.line.saved'").fetchall()
    return {(data["version"], data["item"], str(data["after"]["points"])) for (data,) in rows}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_restarted_under_load_answers_503_then_recovers_no_save_lost(
    client,
    world,
    member_sheet,  # noqa: F811 - the fixture imported above
    unit_officer,
    private_postgres,
    tmp_path,
):
    lines = {line.item.code: line for line in member_sheet.lines.select_related("item")}
    app = LiveApp(database_url=private_postgres.url, media_root=WORKER_MEDIA_ROOT, log=tmp_path / "gunicorn.log")
    browser = _browser(client, unit_officer, app.port)
    private_postgres.copy_test_database()
    app.start()
    try:
        savers = [
            LineSaver(browser, member_sheet.pk, lines[code].pk, maximum=m) for code, m in [("I.1", 10), ("I.2", 20)]
        ]
        readers = [
            _reader(browser, reverse("dashboard")),
            _reader(browser, reverse("scoring:sheet_grid", args=[member_sheet.pk])),
        ]
        with Load([*savers, *readers]) as load:
            time.sleep(2)
            stopped = time.monotonic()
            private_postgres.stop()
            time.sleep(4)
            private_postgres.start()
            restarted = time.monotonic()
            _wait_for_recovery(load, restarted)
            recovered = min(
                (a.answered for a in load.snapshot() if a.sent >= restarted and a.status == 200), default=None
            )
            time.sleep(2)
        answers = load.snapshot()
    finally:
        app.stop()

    codes = {line.pk: line.item.code for line in lines.values()}
    answered_saved = [(version, codes[line], points) for line, version, points in (a.saved for a in answers if a.saved)]
    in_database = _saves_in_database(private_postgres.url)
    assert recovered is not None, f"no success after the restart: {Counter((a.kind, a.status) for a in answers)}"
    down = [a for a in answers if stopped <= a.sent and a.answered <= restarted]
    _figures(
        "PostgreSQL restart",
        answers,
        down_for_s=round(restarted - stopped, 1),
        recovered_after_s=round(recovered - restarted, 2),
        saves_answered_done=len(answered_saved),
        during_outage=dict(Counter(a.status for a in down)),
    )
    assert not [a for a in answers if a.status >= 500 and a.status != 503], "a 5xx other than 503"
    assert all('data-testid="unavailable"' in a.body and "Traceback" not in a.body for a in answers if a.status == 503)
    assert down and all(a.status == 503 for a in down if a.kind == "read")
    assert recovered - restarted <= RECOVERY_SECONDS
    assert not [a for a in answers if a.sent >= recovered + 1 and a.status != 200], "errors after recovery"
    assert not [a for a in answers if a.status == 0], "a request got no answer at all"
    assert set(answered_saved) <= in_database, "a save answered as done is not in the database"
    assert len(answered_saved) >= 10


def _wait_for_recovery(load: Load, restarted: float) -> None:
    deadline = restarted + RECOVERY_SECONDS + 5
    while time.monotonic() < deadline:
        if load.succeeded_after(restarted, "save") >= 2 and load.succeeded_after(restarted, "read") >= 2:
            return
        time.sleep(0.2)


def _pdf_requester(browser: Browser, report_id: int):
    """Asks for the report's PDF about once a second (each request is one build job)."""

    def request():
        answer = browser.request("pdf", "POST", reverse("pledges:report_pdf", args=[report_id]), {})
        time.sleep(1)
        return answer

    return request


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_redis_stopped_under_load_no_5xx_jobs_queued_meanwhile_built_once_after(
    client,
    world,
    member_sheet,  # noqa: F811 - the fixture imported above
    unit_officer,
    broker_at,
    tmp_path,
):
    lines = {line.item.code: line for line in member_sheet.lines.select_related("item")}
    report = UnitReportFactory(bloc_year=world.bloc_year, unit=world.member)
    broker_at.start()
    database = shared_database_url()
    app = LiveApp(
        database_url=database, redis_url=broker_at.url, media_root=WORKER_MEDIA_ROOT, log=tmp_path / "gunicorn.log"
    )
    browser = _browser(client, unit_officer, app.port)
    app.start()
    worker = start_worker(
        database_url=database, broker_url=broker_at.url, media_root=WORKER_MEDIA_ROOT, log=tmp_path / "worker.log"
    )
    try:
        savers = [
            LineSaver(browser, member_sheet.pk, lines[code].pk, maximum=m) for code, m in [("I.1", 10), ("I.2", 20)]
        ]
        readers = [_reader(browser, reverse("scoring:sheet_grid", args=[member_sheet.pk]))]
        with Load([*savers, *readers, _pdf_requester(browser, report.pk)]) as load:
            time.sleep(2)
            stopped = time.monotonic()
            broker_at.stop()
            time.sleep(6)
            broker_at.start()
            restarted = time.monotonic()
            time.sleep(2)
        answers = load.snapshot()
        pending = GeneratedFile.objects.filter(status=GeneratedFileStatus.PENDING, sent_at__isnull=True).count()
        later = timezone.now() + RESEND_PENDING_AFTER + datetime.timedelta(seconds=1)
        resent = resend_pending_files(now=later)  # what beat does every few minutes
        _wait_until_built(broker_at)
    finally:
        app.stop()
        worker.terminate()
        worker.wait(timeout=30)

    files = list(GeneratedFile.objects.values_list("status", "attempts"))
    during = [a for a in answers if stopped <= a.sent and a.answered <= restarted]
    _figures(
        "Redis stopped",
        answers,
        down_for_s=round(restarted - stopped, 1),
        during_outage=dict(Counter((a.kind, a.status) for a in during)),
        jobs=len(files),
        left_pending_by_the_outage=pending,
        resent_after=resent,
    )
    assert not [a for a in answers if a.status >= 500 or a.status == 0], "a 5xx (or no answer) with Redis down"
    assert any(a.kind == "save" and a.saved for a in during), "no score save went through while Redis was down"
    assert any(a.kind == "pdf" and a.status == 302 for a in during), "no PDF was asked for while Redis was down"
    assert pending >= 1 and resent >= pending  # a job sent before the outage but not yet built is sent again too
    assert files and set(files) == {(GeneratedFileStatus.READY, 1)}, "a job not built, or built more than once"


def _wait_until_built(redis_server, timeout: float = 90) -> None:
    def done():
        unsent = redis_server.queued() or redis.Redis(port=redis_server.port).hlen("unacked")
        return not unsent and not GeneratedFile.objects.exclude(status=GeneratedFileStatus.READY).exists()

    wait_for(done, timeout=timeout, what="every job built by the worker")
