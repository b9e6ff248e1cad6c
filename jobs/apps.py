from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from django.conf import settings
        from django.utils.module_loading import autodiscover_modules

        from craftsreg.celery import ensure_filesystem_broker_folders
        from jobs import signals  # noqa: F401  (worker start-up: fail jobs a dead worker left)

        # Each app's tasks.py registers its kinds of job: the web process needs them too (to
        # name jobs and to check a kind before queuing it).
        autodiscover_modules("tasks")
        if settings.CELERY_BROKER_URL.startswith("filesystem://"):
            ensure_filesystem_broker_folders(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
