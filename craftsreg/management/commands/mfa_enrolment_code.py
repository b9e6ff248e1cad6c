from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from craftsreg.mfa import enrolment_code_issue
from craftsreg.security_log import log_event


class Command(BaseCommand):
    help = (
        "Issue a one-time two-factor enrolment code for a user (replacing their unused one) and "
        "print it. For the first superuser after installation, who has no administrator to ask; "
        "afterwards administrators issue codes from the user's admin page."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            code = enrolment_code_issue(user=user, by=None)
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from None
        log_event("mfa_enrolment_code_issued", None, for_user=username, by="manage.py")
        self.stdout.write(code)
