import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Load the demo registry (the 2017 report's 20,642 artisans), the award, the designs "
        "catalogue and demo accounts. Deterministic and idempotent: a second run changes nothing."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        notes = []
        # Each app names its seeder in its AppConfig (``demo_seeder``: the core imports no app);
        # INSTALLED_APPS lists the registry before the award, designs and cards that use it. A
        # seeder may return (heading, lines) notes, printed at the end: logins, addresses to try.
        for config in apps.get_app_configs():
            if seeder := getattr(config, "demo_seeder", None):
                notes += import_string(seeder)(self.stdout) or []
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.\n")
        for heading, lines in notes:
            self.stdout.write(self.style.SUCCESS(heading))
            for line in lines:
                self.stdout.write(line)
