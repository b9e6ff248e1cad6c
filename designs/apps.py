from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesignsConfig(AppConfig):
    name = "designs"
    # manage.py seed_demo calls this with its stdout (the deposited designs).
    demo_seeder = "designs.demo.seed"
    # craftsreg.verification asks it about the tokens of the documents this app issues.
    verification_resolver = "designs.verification.resolve_deposit_certificate"
    verbose_name = _("Registered craft designs")
