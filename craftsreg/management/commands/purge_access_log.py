from django.conf import settings
from django.core.management.base import BaseCommand

from craftsreg.access_log import purge_access_log


class Command(BaseCommand):
    help = (
        "Delete the record of who read whose personal data (the access log) older than "
        "CRAFTSREG_ACCESS_LOG_DAYS. Safe to run any number of times (Celery beat runs it daily; "
        "or cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be deleted, delete nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        rows = purge_access_log(dry_run=dry_run)
        days = settings.CRAFTSREG_ACCESS_LOG_DAYS
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {rows} access log row(s) older than {days} day(s).")
