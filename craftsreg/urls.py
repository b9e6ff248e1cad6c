from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from craftsreg import mfa, views

admin.site.site_header = admin.site.site_title = views.AUTHORITY_NAME
admin.site.index_title = views.REGISTRY_NAME

urlpatterns = i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("", include("artisans.urls")),
    path("awards/", include("awards.urls")),
    path("designs/", include("designs.urls")),
    path("jobs/", include("jobs.urls")),
    path("account/two-factor/", mfa.setup, name="mfa_setup"),
    path("account/two-factor/verify/", mfa.verify, name="mfa_verify"),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
