from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesignsConfig(AppConfig):
    name = "designs"
    # manage.py seed_demo calls this with its stdout (the deposited designs).
    demo_seeder = "designs.demo.seed"
    verbose_name = _("Registered craft designs")

    def ready(self):
        from craftsreg import verification
        from designs.verification import resolve_deposit_certificate

        verification.register(resolve_deposit_certificate)
