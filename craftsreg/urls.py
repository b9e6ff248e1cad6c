from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from craftsreg import mfa

admin.site.site_header = admin.site.site_title = _("Public Authority for Craft Industries")
admin.site.index_title = _("Craft Industries Registry")

# The apps are reached by their URLconfs' dotted paths: the project's core imports no app.
urlpatterns = i18n_patterns(
    path("", include("artisans.urls")),  # the home page and the public statistics
    path("awards/", include("awards.urls")),
    path("designs/", include("designs.urls")),
    path("account/two-factor/", mfa.setup, name="mfa_setup"),
    path("account/two-factor/verify/", mfa.verify, name="mfa_verify"),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
