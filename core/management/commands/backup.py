from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write a PostgreSQL dump and a media archive with a SHA-256 manifest into a new folder under DIRECTORY."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="Where the timestamped backup folder is created.")

    def handle(self, *args: object, directory: Path, **options: object) -> None:
        try:
            folder = create_backup(directory, now=timezone.now())
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written and verified: {folder}"))
