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
        logins = []
        # Each app names its seeder in its AppConfig (``demo_seeder``: the core imports no app);
        # INSTALLED_APPS lists the registry before the award and the designs that use it.
        for config in apps.get_app_configs():
            if seeder := getattr(config, "demo_seeder", None):
                logins += import_string(seeder)(self.stdout) or []
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.\n")
        self.stdout.write(self.style.SUCCESS("Demo logins (staff sign-in at /ar/admin/):"))
        for username, password, role in logins:
            self.stdout.write(f"  {username:<10} {password:<22} {role}")
