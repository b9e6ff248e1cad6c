import importlib
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from artisans import demo

# Apps that add their own demo data: each has `<app>.demo.seed(stdout)`; run in this order.
EXTRA_SEEDERS = ["awards", "designs"]


class Command(BaseCommand):
    help = (
        "Load the demo registry (the 2017 report's 20,642 artisans) and demo accounts. "
        "Deterministic and idempotent: a second run changes nothing."
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
        logins = demo.seed_users()
        created = demo.seed_artisans()
        self.stdout.write(f"Artisans: {created} created.")
        for app in EXTRA_SEEDERS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            module.seed(self.stdout)
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.\n")
        self.stdout.write(self.style.SUCCESS("Demo logins (staff sign-in at /ar/admin/):"))
        for username, password, role in logins:
            self.stdout.write(f"  {username:<10} {password:<22} {role}")
