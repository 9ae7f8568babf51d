from django.core.management.base import BaseCommand
from django.utils import timezone

from pledges.services.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send today's deadline reminders (what the daily beat job does; run it from cron without a worker)."

    def handle(self, *args, **options):
        reminded = send_due_reminders(today=timezone.localdate())
        self.stdout.write(f"{reminded} reminded")
