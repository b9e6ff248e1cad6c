from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Replace the database's content with a backup made by backup_db "
        "(pg_restore --single-transaction on PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (scripts, CI)."
        )

    def handle(self, *args, file, yes=False, **options):
        from django.db import connection

        from craftsreg.backups import restore

        if not yes:
            name = connection.settings_dict["NAME"]
            answer = input(f"Replace everything in {name} with {file}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        restore(file)
        self.stdout.write(self.style.SUCCESS(f"Restored {file}"))
