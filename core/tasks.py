import logging

from celery import shared_task
from django.core.mail import mail_admins

from core.services import verify_activity_chain

logger = logging.getLogger(__name__)


@shared_task
def check_activity_chain() -> dict:
    """Verify the audit chain; when it is broken, log an error and mail the administrators."""
    report = verify_activity_chain()
    if not report.ok:
        message = f"Audit chain broken at entry {report.broken_id}: {report.reason}"
        logger.error(message)
        mail_admins("Audit chain broken", message)
    return {"ok": report.ok, "checked": report.checked, "broken_id": report.broken_id}
