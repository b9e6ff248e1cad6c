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
    path("account/two-factor/", mfa.setup, name="mfa_setup"),
    path("account/two-factor/verify/", mfa.verify, name="mfa_verify"),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

# MEDIA_ROOT is never mounted, not even with DEBUG: every stored file is private and leaves the
# server only through its app's own view, after that app's permission rule (craftsreg.files).
