"""Background jobs of the pledges app: thin wrappers around one service each."""

import logging

from celery import shared_task
from django.utils import timezone

from pledges.services import reminders

logger = logging.getLogger(__name__)

# --- Reminders -----------------------------------------------------------------


@shared_task  # type: ignore[untyped-decorator]  # celery ships no types
def send_due_reminders() -> int:
    """Daily (beat): remind units of deadlines 7 days and 1 day ahead and of overdue items."""
    reminded = reminders.send_due_reminders(today=timezone.localdate())
    logger.info("Reminded %d people of due items", reminded)
    return reminded
