"""E-mail committee members and jurors whose score sheets are incomplete N days before the
deadline of the open scoring stage. Run once a day by cron or the job runner:

    manage.py award_reminders --days 3

Mail goes through Django's mail framework (EMAIL_URL; see docs/deployment.md).
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from awards import reports
from awards.models import Edition, ScoringStage, Stage
from awards.people import display_name


def reminders(edition: Edition, *, base_url: str = "") -> list[tuple[object, str, str]]:
    """(user, subject, body) for every judge with sheets still to submit in ``edition``'s open
    scoring stage. Both languages in one message: the award's people read either."""
    if edition.scoring_stage is None:
        return []
    deadline = edition.deadline()
    link = base_url.rstrip("/") + reverse("awards:judging_home")
    messages = []
    for judge in reports.dashboard(edition).judges:
        missing = judge.assigned - judge.submitted
        if missing <= 0:
            continue
        parts = {}
        for language in ("ar", "en"):
            with translation.override(language):
                stage = ScoringStage(edition.scoring_stage).label
                parts[language] = (
                    _(
                        "%(name)s, %(missing)s of your %(assigned)s score sheets for the "
                        "%(stage)s of %(edition)s are not submitted yet (%(drafts)s in draft). "
                        "They are due by %(deadline)s. Your list: %(link)s"
                    )
                    % {
                        "name": display_name(judge.user),
                        "missing": missing,
                        "assigned": judge.assigned,
                        "stage": stage,
                        "edition": edition.title,
                        "drafts": judge.drafts,
                        "deadline": deadline.isoformat() if deadline else "—",
                        "link": link,
                    },
                    _("Score sheets due by %(deadline)s")
                    % {"deadline": deadline.isoformat() if deadline else "—"},
                )
        subject = f"{parts['ar'][1]} / {parts['en'][1]}"
        body = f"{parts['ar'][0]}\n\n{parts['en'][0]}\n"
        messages.append((judge.user, subject, body))
    return messages


class Command(BaseCommand):
    help = (
        "E-mail committee members and jurors with incomplete score sheets when the open "
        "scoring stage's deadline is N days away."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=3, help="Days before the deadline (default 3)."
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="Address of the site for the link in the message, e.g. https://craft.gov.om",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be written to; send nothing."
        )

    def handle(self, *args, days, base_url, dry_run, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        sent = skipped = 0
        for edition in Edition.objects.in_stage(Stage.INITIAL, Stage.FINAL).order_by("number"):
            if edition.days_to_deadline() != days:
                continue
            outgoing = []
            for user, subject, body in reminders(edition, base_url=base_url):
                if not user.email:
                    skipped += 1
                    self.stderr.write(f"No e-mail address: {display_name(user)} (user {user.pk})")
                    continue
                outgoing.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
            if dry_run:
                for _subject, _body, _sender, (address,) in outgoing:
                    self.stdout.write(f"Would write to {address} (edition {edition.number})")
            else:
                send_mass_mail(outgoing, fail_silently=False)
            sent += len(outgoing)
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"{sent} reminder(s) {verb}; {skipped} without an e-mail address.")
