from django.core.management.base import BaseCommand

from jobs.services import jobs_fail_interrupted, jobs_purge


class Command(BaseCommand):
    help = (
        "Delete job files past their download period (CRAFTSREG_JOB_FILE_DAYS), jobs past "
        "CRAFTSREG_JOB_KEEP_DAYS and temporary files of dead workers; mark failed the jobs whose "
        "worker stopped. Run hourly (Celery beat does; or cron)."
    )

    def handle(self, *args, **options):
        interrupted = jobs_fail_interrupted()
        removed = jobs_purge()
        self.stdout.write(
            f"{removed['files']} expired file(s), {removed['jobs']} old job(s), "
            f"{removed['temporary']} temporary file(s) removed; "
            f"{interrupted} interrupted job(s) marked failed."
        )
