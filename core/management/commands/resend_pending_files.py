from django.core.management.base import BaseCommand

from core.services import resend_pending_files


class Command(BaseCommand):
    help = "Send again the file builds left pending (broker down) or stuck; without beat, run it every few minutes."

    def handle(self, *args: object, **options: object) -> None:
        sent = resend_pending_files()
        self.stdout.write(self.style.SUCCESS(f"{sent} pending file builds sent again."))
