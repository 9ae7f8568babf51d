"""Core's Celery tasks: each looks its objects up by id and calls one service.

This module is the only one that knows the tasks; ``core.services`` never imports it. The one
service that enqueues (a generated file's build) gets the task through ``sends_builds_with``,
registered below when this module is imported (by ``CoreConfig.ready``).
"""

import logging

from celery import shared_task
from django.core.mail import mail_admins

from core.models import GeneratedFile
from core.services import anchor_activity_chain as anchor_activity_chain_service
from core.services import build_generated_file as build_generated_file_service
from core.services import purge_security_events as purge_security_events_service
from core.services import resend_pending_files as resend_pending_files_service
from core.services import sends_builds_with, verify_activity_chain

logger = logging.getLogger(__name__)


@shared_task  # type: ignore[untyped-decorator]  # celery ships no types
def check_activity_chain() -> dict[str, object]:
    """Verify the audit chain; when it is broken, log an error and mail the administrators."""
    report = verify_activity_chain()
    if not report.ok:
        message = f"Audit chain broken at entry {report.broken_id}: {report.reason}"
        logger.error(message)
        mail_admins("Audit chain broken", message)
    return {"ok": report.ok, "checked": report.checked, "broken_id": report.broken_id}


@shared_task  # type: ignore[untyped-decorator]  # celery ships no types
def anchor_activity_chain() -> dict[str, object]:
    """Write today's anchor of the audit chain under the media root and mail it to the administrators."""
    anchor = anchor_activity_chain_service()
    return {"length": anchor.length, "hash": anchor.hash, "name": anchor.name}


# Acknowledged only once built, and put back on the queue when the worker process dies mid-render
# (SIGKILL, out of memory): the build is idempotent, so a second delivery is harmless.
@shared_task(  # type: ignore[untyped-decorator]  # celery ships no types
    autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3, acks_late=True, reject_on_worker_lost=True
)
def build_generated_file(file_id: str) -> str:
    """Render one requested file; gone or already built → nothing to do."""
    generated = GeneratedFile.objects.filter(pk=file_id).first()
    if generated is None:
        logger.warning("Generated file %s is gone", file_id)
        return "gone"
    return str(build_generated_file_service(generated).status)


def send_build(file_id: str) -> None:
    """Queue one build (run it in-process when tasks are eager); the page polls the row, so no result is kept."""
    build_generated_file.apply_async((file_id,), ignore_result=True)


sends_builds_with(send_build)


@shared_task  # type: ignore[untyped-decorator]  # celery ships no types
def resend_pending_files() -> int:
    """Send again the build jobs the broker never got (it was down) or a dead worker left; returns how many."""
    return resend_pending_files_service()


@shared_task  # type: ignore[untyped-decorator]  # celery ships no types
def purge_security_events() -> int:
    """Delete security events past the retention period (idempotent)."""
    return purge_security_events_service()
