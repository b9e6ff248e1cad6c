from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    # manage.py seed_demo calls this with its stdout (editions 4 and 5 of the award).
    demo_seeder = "awards.demo.seed"
    verbose_name = _("Sultan Qaboos Award for Craft Excellence")

    def ready(self):
        from awards.verification import resolve_certificate
        from craftsreg import verification

        verification.register(resolve_certificate)
