"""The project's URLs plus two yardsticks for the benchmarks, served by the same gunicorn
through the same middleware (language prefix included):

- /<lang>/bench/bare/: a view with no template and no query — for cached statistics pages;
- /<lang>/bench/stock-admin/: the artisans on a stock ``ModelAdmin`` (no tuning: Django's
  defaults and the options a first version would set) — for the tuned artisans admin.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponse
from django.urls import path

from artisans.models import Artisan
from craftsreg.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


stock_site = admin.AdminSite(name="stock_admin")


class StockArtisanAdmin(admin.ModelAdmin):
    """The same columns, filter and search fields as the real admin, and nothing else."""

    list_display = [
        "registration_number",
        "name_ar",
        "name_en",
        "governorate",
        "primary_craft",
        "registered_on",
        "status",
    ]
    list_filter = ["governorate"]
    search_fields = ["civil_number", "registration_number", "name_ar", "name_en"]


stock_site.register(Artisan, StockArtisanAdmin)

urlpatterns = [
    *i18n_patterns(
        path("bench/bare/", bare),
        path("bench/stock-admin/", stock_site.urls),
        prefix_default_language=True,
    ),
    *site_urlpatterns,
]
