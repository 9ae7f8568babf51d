"""Asking for a PDF while Redis is down: the request answers at once, the job waits, and is built once.

Each test runs its own redis-server on a free loopback port and stops and restarts it; the
machine's shared Redis is never touched.
"""

import datetime
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from core.enums import GeneratedFileStatus
from core.models import GeneratedFile
from core.services import RESEND_PENDING_AFTER, build_generated_file, resend_pending_files
from core.services.files import build_lock_key
from tests.conftest import WORKER_MEDIA_ROOT
from tests.core import test_documents  # noqa: F401 - registers the "tests.sample" renderer
from tests.core.faults import shared_database_url, start_worker
from tests.pledges.factories import UnitReportFactory

ROOT = Path(__file__).resolve().parents[2]


def _request_pdf_with_broker_down(client, world, unit_officer, capture):
    UnitReportFactory(bloc_year=world.bloc_year, unit=world.head)
    report = UnitReportFactory(bloc_year=world.bloc_year, unit=world.member)
    client.force_login(unit_officer)
    started = time.perf_counter()
    with capture(execute=True):
        response = client.post(reverse("pledges:report_pdf", args=[report.pk]))
    elapsed = time.perf_counter() - started
    generated = GeneratedFile.objects.get(object_id=report.pk)
    return response, elapsed, generated


def test_request_pdf_broker_down_answers_at_once_queued_then_sweep_sends_it_once_back(
    client, world, unit_officer, broker_at, django_capture_on_commit_callbacks
):
    broker_at.start()
    broker_at.stop()

    response, elapsed, generated = _request_pdf_with_broker_down(
        client, world, unit_officer, django_capture_on_commit_callbacks
    )
    page = client.get(response.url)

    assert response.status_code == 302 and response.url == generated.get_absolute_url()
    assert elapsed < 3, f"the request took {elapsed:.1f} s"
    assert generated.status == GeneratedFileStatus.PENDING and generated.sent_at is None
    assert b'data-testid="queued"' in page.content and b"hx-get" in page.content
    assert resend_pending_files() == 0  # not yet stale: nothing is sent twice too early

    broker_at.start()
    later = timezone.now() + RESEND_PENDING_AFTER + datetime.timedelta(seconds=1)
    sent = resend_pending_files(now=later)
    generated.refresh_from_db()

    assert sent == 1 and broker_at.queued() == 1 and generated.sent_at is not None
    assert resend_pending_files() == 0  # just sent: not sent again


def test_build_generated_file_delivered_twice_is_built_once(world, secretariat, settings):
    GeneratedFile.objects.create(kind="tests.sample", target=world.head)
    generated = GeneratedFile.objects.create(kind="tests.sample", target=world.member)

    first = build_generated_file(GeneratedFile.objects.get(pk=generated.pk))
    second = build_generated_file(GeneratedFile.objects.get(pk=generated.pk))

    generated.refresh_from_db()
    assert first.status == second.status == generated.status == GeneratedFileStatus.READY
    assert generated.attempts == 1 and second.finished_at == first.finished_at


@contextmanager
def _live_builder(generated):
    """On PostgreSQL a live builder holds the job's session lock, from its own connection."""
    if connection.vendor != "postgresql":
        yield
        return
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [build_lock_key(generated.pk)])
        yield
    finally:
        other.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_build_generated_file_claimed_by_a_worker_that_died_is_taken_over_at_once(world):
    orphaned = GeneratedFile.objects.create(
        kind="tests.sample", target=world.head, status=GeneratedFileStatus.BUILDING, started_at=timezone.now()
    )

    build_generated_file(orphaned)

    orphaned.refresh_from_db()
    assert orphaned.status == GeneratedFileStatus.READY


def test_build_generated_file_claimed_by_a_live_worker_is_left_alone_stale_claim_is_taken_over(world):
    now = timezone.now()
    live = GeneratedFile.objects.create(
        kind="tests.sample", target=world.head, status=GeneratedFileStatus.BUILDING, started_at=now, attempts=1
    )
    stale = GeneratedFile.objects.create(
        kind="tests.sample",
        target=world.member,
        status=GeneratedFileStatus.BUILDING,
        started_at=now - datetime.timedelta(hours=1),
        attempts=1,
    )

    with _live_builder(live):
        build_generated_file(live)
    build_generated_file(stale)

    live.refresh_from_db()
    stale.refresh_from_db()
    assert (live.status, live.attempts) == (GeneratedFileStatus.BUILDING, 1)
    assert (stale.status, stale.attempts) == (GeneratedFileStatus.READY, 2)


def test_resend_pending_files_command_builds_in_process_without_a_broker(world, secretariat, capsys):
    old = timezone.now() - RESEND_PENDING_AFTER - datetime.timedelta(minutes=1)
    fresh = GeneratedFile.objects.create(kind="tests.sample", target=world.head)
    waiting = GeneratedFile.objects.create(kind="tests.sample", target=world.member, created_at=old)

    call_command("resend_pending_files")

    fresh.refresh_from_db()
    waiting.refresh_from_db()
    assert "1 pending file builds sent again" in capsys.readouterr().out
    assert waiting.status == GeneratedFileStatus.READY and waiting.attempts == 1
    assert fresh.status == GeneratedFileStatus.PENDING


def test_beat_schedule_resends_pending_files_every_few_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["resend-pending-files"]

    assert entry["task"] == "core.tasks.resend_pending_files"
    assert entry["schedule"] <= RESEND_PENDING_AFTER


@pytest.mark.postgres
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_request_pdf_broker_down_then_back_real_worker_builds_it_exactly_once(
    client, world, unit_officer, broker_at, worker_media_root, django_capture_on_commit_callbacks, tmp_path
):
    broker_at.start()
    broker_at.stop()
    response, elapsed, generated = _request_pdf_with_broker_down(
        client, world, unit_officer, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302 and elapsed < 3 and generated.status == GeneratedFileStatus.PENDING

    broker_at.start()
    later = timezone.now() + RESEND_PENDING_AFTER + datetime.timedelta(seconds=1)
    assert resend_pending_files(now=later) == 1
    GeneratedFile.objects.filter(pk=generated.pk).update(sent_at=None)  # a second, duplicate delivery
    assert resend_pending_files(now=later) == 1 and broker_at.queued() == 2
    worker = start_worker(
        database_url=shared_database_url(),
        broker_url=broker_at.url,
        media_root=WORKER_MEDIA_ROOT,
        log=tmp_path / "worker.log",
    )
    try:
        _wait_until(lambda: broker_at.queued() == 0 and not redis.Redis(port=broker_at.port).hlen("unacked"))
        _wait_until(lambda: GeneratedFile.objects.get(pk=generated.pk).status == GeneratedFileStatus.READY)
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    generated.refresh_from_db()
    assert generated.attempts == 1 and generated.sha256 and generated.size > 0
    with generated.file.open("rb") as stream:
        assert stream.read(5) == b"%PDF-"


def _wait_until(condition, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.2)
