from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArtisansConfig(AppConfig):
    name = "artisans"
    # manage.py seed_demo calls this with its stdout (demo accounts and the 2017 registry).
    demo_seeder = "artisans.demo.seed"
    # craftsreg.queue asks it what waits for the signed-in staff user ("Waiting for you").
    work_queue = "artisans.queue.waiting"
    verbose_name = _("Artisans registry")

    def ready(self):
        from artisans import signals  # noqa: F401  (connects the cache invalidation receivers)
