from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CardsConfig(AppConfig):
    name = "cards"
    # manage.py seed_demo calls this with its stdout (cards in every status).
    demo_seeder = "cards.demo.seed"
    # craftsreg.verification asks it about the tokens of the documents this app issues.
    verification_resolver = "cards.verification.resolve_card"
    # craftsreg.queue asks it what waits for the signed-in registrar (cards to print, to collect).
    work_queue = "cards.queue.waiting"
    verbose_name = _("Craft cards")
