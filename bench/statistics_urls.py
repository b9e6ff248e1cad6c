"""The project's URLs plus /<lang>/bench/bare/: a view with no template and no query, served by
the same gunicorn through the same middleware (language prefix included) — the yardstick for
cached statistics pages."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

from craftsreg.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    *i18n_patterns(path("bench/bare/", bare), prefix_default_language=True),
    *site_urlpatterns,
]
