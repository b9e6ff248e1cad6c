"""The project's URLs plus /bench/bare/: a view with no template and no query, served by the
same gunicorn through the same middleware — the yardstick for cached statistics pages."""

from django.http import HttpResponse
from django.urls import path

from craftsreg.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
