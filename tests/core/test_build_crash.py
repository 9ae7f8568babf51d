"""A build's crash safety: a second delivery builds nothing more; a worker killed mid-render is replaced
and the redelivered job finishes with exactly one intact file."""

import hashlib
import io
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from pypdf import PdfReader

from core.enums import GeneratedFileStatus
from core.models import ActivityLog, GeneratedFile
from core.services import request_generated_file
from core.tasks import build_generated_file
from tests.core.slow_worker import SLOW_KIND
from tests.factories import UserFactory
from tests.pdf import stored_bytes

ROOT = Path(__file__).resolve().parents[2]


def test_build_delivered_twice_makes_one_file_and_one_audit_entry(db, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("SLOW_RENDER_MARKER", str(tmp_path / "absent" / "marker"))  # renders at once
    owner, target = UserFactory(), UserFactory()
    request_generated_file(owner, kind=SLOW_KIND, actor=owner)
    # the test's transaction never commits, so the builds below are the only two deliveries
    generated = request_generated_file(target, kind=SLOW_KIND, actor=owner)
    entries = ActivityLog.objects.count()

    first, second = build_generated_file(str(generated.pk)), build_generated_file(str(generated.pk))

    generated.refresh_from_db()
    assert (first, second) == (GeneratedFileStatus.READY, GeneratedFileStatus.READY)
    assert generated.attempts == 1 and ActivityLog.objects.count() == entries
    written = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert [p.name for p in written] == [f"{generated.pk}.pdf"]
    assert hashlib.sha256(written[0].read_bytes()).hexdigest() == generated.sha256


def _start_worker(queue: str, marker: Path, media_root: Path) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "TEST_MEDIA_ROOT": str(media_root),
        "SLOW_RENDER_MARKER": str(marker),
    }
    # prefork with one child: the child renders; killing it is the crash, the parent starts a new child.
    command = [sys.executable, "-m", "celery", "-A", "tests.core.slow_worker", "worker", "--pool=prefork"]
    command += ["--concurrency=1", "-Q", queue, "--loglevel=WARNING"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def _wait_until(condition, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out")
        time.sleep(0.2)


def _status(generated: GeneratedFile) -> str:
    return GeneratedFile.objects.values_list("status", flat=True).get(pk=generated.pk)


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_build_worker_killed_mid_render_completes_after_restart_with_one_intact_file(
    real_broker, worker_media_root, tmp_path
):
    marker, queue = tmp_path / "rendering.pid", f"test-crash-{uuid.uuid4().hex[:8]}"
    generated = GeneratedFile.objects.create(kind=SLOW_KIND, target=UserFactory(), requested_by=None)
    worker = _start_worker(queue, marker, worker_media_root)
    try:
        build_generated_file.apply_async(args=[str(generated.pk)], queue=queue, ignore_result=True)
        _wait_until(lambda: marker.exists() and marker.read_text())
        assert _status(generated) == GeneratedFileStatus.BUILDING
        os.kill(int(marker.read_text()), signal.SIGKILL)
        _wait_until(lambda: _status(generated) == GeneratedFileStatus.READY)
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    generated.refresh_from_db()
    content = stored_bytes(generated)
    assert generated.attempts == 2 and hashlib.sha256(content).hexdigest() == generated.sha256
    assert len(PdfReader(io.BytesIO(content)).pages) == 1
    folder = Path(generated.file.path).parent
    assert [p.name for p in folder.iterdir() if p.name.startswith((str(generated.pk), ".tmp-"))] == [
        f"{generated.pk}.pdf"
    ]
