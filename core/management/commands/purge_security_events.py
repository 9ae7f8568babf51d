from django.conf import settings
from django.core.management.base import BaseCommand

from core.services import purge_security_events


class Command(BaseCommand):
    help = "Delete security events older than SECURITY_EVENT_RETENTION_DAYS (run daily from cron without beat)."

    def handle(self, *args: object, **options: object) -> None:
        deleted = purge_security_events()
        days = settings.SECURITY_EVENT_RETENTION_DAYS
        self.stdout.write(self.style.SUCCESS(f"Purged {deleted} security events older than {days} days."))
