"""The AppConfig the registry's apps build on: what the core needs from an app, named by
dotted path so that the core imports no app."""

from django.apps import AppConfig
from django.utils.module_loading import import_string


class RegistryAppConfig(AppConfig):
    """An app of the registry.

    ``demo_seeder``: the function ``manage.py seed_demo`` calls with its stdout.
    ``document_resolver``: the function that finds one of the app's printed documents by the
    token of its QR code; registered with ``craftsreg.verification`` when the app is ready, so
    the public verification page answers for it.

    An app's apps.py imports this module, not the class (``from craftsreg import app_config``):
    Django takes the only AppConfig subclass an apps.py holds as the app's configuration, and an
    imported one would make two.
    """

    demo_seeder: str | None = None
    document_resolver: str | None = None

    def ready(self):
        if self.document_resolver:
            from craftsreg import verification

            verification.register(import_string(self.document_resolver))
