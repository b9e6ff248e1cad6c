from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CardsConfig(AppConfig):
    name = "cards"
    # manage.py seed_demo calls this with its stdout (cards in every status).
    demo_seeder = "cards.demo.seed"
    verbose_name = _("Craft cards")

    def ready(self):
        from cards.verification import resolve_card
        from craftsreg import verification

        verification.register(resolve_card)
