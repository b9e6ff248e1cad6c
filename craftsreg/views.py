from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from artisans.cache import registry_version
from artisans.models import Artisan, Craft, Governorate

AUTHORITY_NAME = _("Public Authority for Craft Industries")
REGISTRY_NAME = _("Craft Industries Registry")


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["headline"] = cache.get_or_set(
            f"home:headline:{registry_version()}", self.headline, timeout=None
        )
        return context

    @staticmethod
    def headline() -> dict:
        """Counting a million artisans takes PostgreSQL tens of milliseconds: cached per version."""
        return {
            "artisans": Artisan.objects.registered().count(),
            "governorates": Governorate.objects.count(),
            "crafts": Craft.objects.count(),
        }
