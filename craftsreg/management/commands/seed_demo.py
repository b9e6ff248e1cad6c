import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Load the demo registry (the 2017 report's 20,642 artisans), the award, the designs "
        "catalogue and demo accounts. Deterministic and idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            help="Load the demo even with DEBUG off (a test or benchmark database only).",
        )

    def handle(self, *args, **options):
        # The demo accounts' passwords are public (README), a superuser among them: loading them
        # into a production database would open it to anyone who reads the README.
        if not settings.DEBUG and not options["i_know_this_is_not_production"]:
            raise CommandError(
                "seed_demo loads accounts with public passwords and runs only with DEBUG on. "
                "For a throw-away database with DEBUG off, add --i-know-this-is-not-production."
            )
        started = time.monotonic()
        notes = []
        # Each app names its seeder in its AppConfig (``demo_seeder``: the core imports no app);
        # INSTALLED_APPS lists the registry before the award, designs and cards that use it. A
        # seeder may return (heading, lines) notes, printed at the end: logins, addresses to try.
        # Seeders go through the real services, which tell people of decisions by e-mail; the
        # demo's people are fictitious (demo.invalid), so those messages are kept, not printed
        # among the command's output.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for config in apps.get_app_configs():
                if seeder := getattr(config, "demo_seeder", None):
                    notes += import_string(seeder)(self.stdout) or []
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.\n")
        for heading, lines in notes:
            self.stdout.write(self.style.SUCCESS(heading))
            for line in lines:
                self.stdout.write(line)
