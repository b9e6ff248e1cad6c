"""Registration applications returned for changes: remind the applicants whose due date is
CRAFTSREG_APPLICATION_REMINDER_DAYS away (once), and close those past it (each applicant told
they may apply again). Run daily (Celery beat does; or cron):

    manage.py application_deadlines

Safe to run twice, even at the same moment: every reminder and every closing is claimed by a
conditional UPDATE first, so each is recorded and mailed once.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from portal import emails, services
from portal.models import Application


class Command(BaseCommand):
    help = (
        "Remind applicants whose changes are due soon; close the registration applications "
        "returned for changes and not sent back by their due date. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="",
            help="Address of the site for the links in the mails (default CRAFTSREG_PUBLIC_URL).",
        )

    def handle(self, *args, base_url="", **options):
        reminded = 0
        days = settings.CRAFTSREG_APPLICATION_REMINDER_DAYS
        for application_id in services.applications_to_remind(days=days):
            application = services.application_claim_reminder(application_id=application_id)
            if application is not None:
                emails.send_application_reminder(application, base_url=base_url)
                reminded += 1
        closed = 0
        overdue = Application.objects.changes_overdue(timezone.localdate())
        for application_id in overdue.values_list("pk", flat=True):
            application = services.application_lapse(application_id=application_id)
            if application is not None:
                emails.send_application_decision(None, application, base_url=base_url)
                closed += 1
        self.stdout.write(
            f"{reminded} applicant(s) reminded; {closed} application(s) closed as not "
            "completed in time."
        )
