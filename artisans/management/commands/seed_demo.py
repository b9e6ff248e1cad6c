import importlib
import time

from django.core.management.base import BaseCommand

from artisans import demo

# Apps that add their own demo data: each has `<app>.demo.seed(stdout)`; run in this order.
EXTRA_SEEDERS = ["awards", "designs", "cards"]


class Command(BaseCommand):
    help = (
        "Load the demo registry (the 2017 report's 20,642 artisans) and demo accounts. "
        "Deterministic and idempotent: a second run changes nothing."
    )

    def handle(self, *args, **options):
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
        from cards.demo import example_paths

        self.stdout.write(self.style.SUCCESS("Craft cards anyone can verify (no sign-in):"))
        for status, path in example_paths():
            self.stdout.write(f"  {status:<9} http://127.0.0.1:8000{path}")
