from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup folder into the empty database of DATABASE_URL and the empty MEDIA_ROOT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="A folder written by `manage.py backup`.")

    def handle(self, *args: object, folder: Path, **options: object) -> None:
        try:
            report = restore_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {report.tables} tables and {report.files} files from {folder}.")
        self.stdout.write(
            f"core_activitylog is owned by {report.activity_log_owner}: the app must connect as another role."
        )
        chain = report.chain
        if not chain.ok:
            where = f"entry #{chain.broken_id}" if chain.broken_id else "the end of the log"
            raise CommandError(
                f"Audit chain broken at {where}: {chain.reason} ({chain.checked} entries intact before it)"
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {chain.checked} entries verified."))
