from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from craftsreg.backups import backup


class Command(BaseCommand):
    help = "Back up the whole database (pg_dump -Fc on PostgreSQL, online backup on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="File to write (default: var/backups/craftsreg-<UTC time>.<dump|sqlite3>).",
        )

    def handle(self, *args, output=None, **options):
        from django.db import connection

        if output is None:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            suffix = "dump" if connection.vendor == "postgresql" else "sqlite3"
            output = Path(settings.BASE_DIR) / "var" / "backups" / f"craftsreg-{stamp}.{suffix}"
        written = backup(output)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {written}"))
