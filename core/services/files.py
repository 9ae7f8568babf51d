"""Generated files: the request, the hand-over to the broker, the sweep of lost jobs and the build.

How a build reaches the worker without this module importing ``core.tasks`` (which imports the
services, so the arrow may only point that way): ``core.tasks`` hands its task to
``sends_builds_with`` when it is imported (``CoreConfig.ready`` imports it, so it always is).
The registered callable is the Celery task's own ``apply_async``, which honours
``CELERY_TASK_ALWAYS_EAGER``: without a broker the build runs in-process, with one it is queued.
Sending by task name (``send_task``) would not break the cycle for free: it ignores eager mode.
"""

import datetime
import hashlib
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as KombuOperationalError

from core.documents import get_renderer
from core.enums import GeneratedFileStatus
from core.models import GeneratedFile
from core.services.audit import Actor, log_action, signed_in
from core.storage import write_atomically

logger = logging.getLogger(__name__)

# A job not built this long after it was (last) sent is sent again by the sweep; a claim this old
# is taken to belong to a worker that died. Both are far beyond a normal build (a few seconds).
RESEND_PENDING_AFTER = datetime.timedelta(minutes=5)
STALE_BUILD_AFTER = datetime.timedelta(minutes=15)
# What a publish raises when the broker is unreachable (kombu wraps most of them in OperationalError).
BROKER_ERRORS = (KombuOperationalError, ConnectionError, OSError, TimeoutError)

# Hands the id of a file to build to the worker (or runs the build in-process); set by core.tasks.
BuildSender = Callable[[str], object]
_send_build: list[BuildSender] = []


def sends_builds_with(send: BuildSender) -> None:
    """Register how a build job reaches the worker (called once, by ``core.tasks`` on import)."""
    _send_build[:] = [send]


def request_generated_file(target: models.Model, *, kind: str, actor: Actor) -> GeneratedFile:
    """Ask for a file to be rendered in the background.

    Creates the pending row, writes the audit entry, and enqueues the build once the
    transaction commits (in-process without a broker). Returns the pending row at once even
    when the broker is unreachable: the row stays pending and ``resend_pending_files`` sends it later.
    """
    get_renderer(kind)  # an unknown kind is a programming error: fail here, not in the worker
    with transaction.atomic():
        generated = GeneratedFile.objects.create(
            kind=kind,
            content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
            object_id=target.pk,
            requested_by=signed_in(actor),
        )
        log_action(target, actor=actor, action="core.file.requested", data={"kind": kind, "file": str(generated.pk)})
        transaction.on_commit(lambda: send_generated_file(generated.pk))
    return generated


def send_generated_file(file_id: uuid.UUID | str) -> bool:
    """Hand one build job to the broker (or run it in-process without one); False when the broker is unreachable.

    Records the time the broker took it. Never raises for an unreachable broker: the job stays
    pending for the sweep, and the request that asked answers at once.
    """
    if not _send_build:
        raise RuntimeError("no build sender registered: core.tasks was not imported (CoreConfig.ready imports it)")
    try:
        _send_build[0](str(file_id))
    except BROKER_ERRORS as error:
        logger.warning("Build of generated file %s not sent, will be re-sent: %s", file_id, error)
        return False
    GeneratedFile.objects.filter(pk=file_id, status=GeneratedFileStatus.PENDING).update(sent_at=timezone.now())
    return True


def resend_pending_files(*, now: datetime.datetime | None = None) -> int:
    """Send again every job left pending past ``RESEND_PENDING_AFTER`` or stuck building past ``STALE_BUILD_AFTER``.

    Run by beat (and by ``manage.py resend_pending_files`` without one). Sending twice is safe:
    ``build_generated_file`` builds a job once. Returns how many jobs reached the broker.
    """
    now = now or timezone.now()
    stale = GeneratedFile.objects.filter(
        models.Q(status=GeneratedFileStatus.PENDING, sent_at__isnull=True, created_at__lt=now - RESEND_PENDING_AFTER)
        | models.Q(status=GeneratedFileStatus.PENDING, sent_at__lt=now - RESEND_PENDING_AFTER)
        | models.Q(status=GeneratedFileStatus.BUILDING, started_at__lt=now - STALE_BUILD_AFTER)
    )
    return sum(send_generated_file(file_id) for file_id in stale.values_list("pk", flat=True))


def build_generated_file(generated: GeneratedFile) -> GeneratedFile:
    """Render a pending file, write it atomically (temporary name, then rename) and store its sha256.

    Claims the job first with one conditional UPDATE, so of two deliveries of the same job only
    one builds; a file ready, failed or being built by a live worker is returned unchanged.
    On PostgreSQL the builder also holds a session lock on the job while it builds: a worker killed
    mid-render (SIGKILL, out of memory) loses its connection and so the lock, and the redelivered
    job (``acks_late`` + ``reject_on_worker_lost``) takes the orphaned build over at once instead
    of waiting out ``STALE_BUILD_AFTER``. A rendering error marks the file failed with the error.
    """
    with _build_lock(generated.pk) as locked:
        if locked is False or not _claim(generated, orphaned=bool(locked)):
            generated.refresh_from_db()
            return generated
        generated.refresh_from_db()
        return _render_and_store(generated)


def _render_and_store(generated: GeneratedFile) -> GeneratedFile:
    renderer = get_renderer(generated.kind)
    try:
        # Documents are Vietnamese (Decree 30/2020) whoever asked: labels and numbers too.
        with translation.override(settings.LANGUAGE_CODE):
            rendered = renderer.render(generated.target)
    except Exception as error:
        logger.exception("Rendering %s %s failed", generated.kind, generated.pk)
        return _finish(generated, status=GeneratedFileStatus.FAILED, error=str(error)[:2000])
    # The name depends on the job only, so a build redone after a crash replaces, never adds, a file.
    relative = Path("generated") / str(generated.created_at.year) / f"{generated.pk}{Path(rendered.filename).suffix}"
    write_atomically(Path(settings.MEDIA_ROOT) / relative, rendered.content)
    generated.file.name = str(relative)
    return _finish(
        generated,
        status=GeneratedFileStatus.READY,
        filename=rendered.filename,
        sha256=hashlib.sha256(rendered.content).hexdigest(),
        size=len(rendered.content),
    )


def build_lock_key(file_id: uuid.UUID | str) -> int:
    """The advisory-lock key of one job's build: the first 64 bits of its id."""
    return int.from_bytes(uuid.UUID(str(file_id)).bytes[:8], "big", signed=True)


@contextmanager
def _build_lock(file_id: uuid.UUID | str) -> Iterator[bool | None]:
    """A PostgreSQL session advisory lock on one job while it builds: True held, False held by another
    live builder; None on a database without such locks (the stale-claim limit alone decides there).

    Session-level, not transaction-level: the render runs outside any transaction, and the server
    drops the lock with the connection of a worker that dies.
    """
    if connection.vendor != "postgresql":
        yield None
        return
    key = build_lock_key(file_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        held = bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _claim(generated: GeneratedFile, *, orphaned: bool = False) -> bool:
    """Move the job to building; ``orphaned``: the caller holds the build lock, so a "building" row
    whose builder is gone (no lock) may be taken over whatever its age."""
    now = timezone.now()
    stale_before = now if orphaned else now - STALE_BUILD_AFTER
    claimable = models.Q(status=GeneratedFileStatus.PENDING) | models.Q(
        status=GeneratedFileStatus.BUILDING, started_at__lte=stale_before
    )
    claimed = GeneratedFile.objects.filter(claimable, pk=generated.pk).update(
        status=GeneratedFileStatus.BUILDING, started_at=now, attempts=models.F("attempts") + 1
    )
    return claimed == 1


def _finish(generated: GeneratedFile, *, status: str, **fields: Any) -> GeneratedFile:
    for name, value in fields.items():
        setattr(generated, name, value)
    generated.status, generated.finished_at = status, timezone.now()
    generated.save(update_fields=["status", "finished_at", "file", *fields])
    return generated
