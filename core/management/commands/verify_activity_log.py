from django.core.management.base import BaseCommand, CommandError

from core.services import verify_activity_chain


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain and report the first entry that was altered or removed."

    def handle(self, *args: object, **options: object) -> None:
        report = verify_activity_chain()
        if not report.ok:
            where = f"entry #{report.broken_id}" if report.broken_id else "the end of the log"
            raise CommandError(
                f"Audit chain broken at {where}: {report.reason} ({report.checked} entries intact before it)"
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} entries verified."))
