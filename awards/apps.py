from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    # manage.py seed_demo calls this with its stdout (editions 4 and 5 of the award).
    demo_seeder = "awards.demo.seed"
    # craftsreg.verification asks it about the tokens of the documents this app issues.
    verification_resolver = "awards.verification.resolve_certificate"
    # craftsreg.queue asks it what waits for the signed-in staff user ("Waiting for you").
    work_queue = "awards.queue.waiting"
    verbose_name = _("Sultan Qaboos Award for Craft Excellence")
