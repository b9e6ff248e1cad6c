from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from artisans.services import import_batches_purge


class Command(BaseCommand):
    help = (
        "Delete the content of artisan import files never imported (rejected, or previews nobody "
        "confirmed) uploaded more than CRAFTSREG_IMPORT_RETENTION_DAYS ago; their SHA-256 digest "
        "and report stay. Safe to run any number of times (Celery beat runs it daily; or cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be deleted, delete nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        purge = import_batches_purge(dry_run=dry_run)
        days = settings.CRAFTSREG_IMPORT_RETENTION_DAYS
        if not purge.files:
            self.stdout.write(f"No import file older than {days} day(s) to delete.")
            return
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} the content of {purge.files} import file(s) never imported and older than "
            f"{days} day(s) ({filesizeformat(purge.bytes)}); their digests and reports are kept."
        )
