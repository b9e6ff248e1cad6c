from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from craftsreg import mfa, verification
from craftsreg.password_reset import password_reset_urls

admin.site.site_header = admin.site.site_title = _("Public Authority for Craft Industries")
admin.site.index_title = _("Craft Industries Registry")
# The app list is on the admin's home page; the sidebar copy of it took a fifth of a 1366 px
# screen from the artisans list.
admin.site.enable_nav_sidebar = False

# The apps are reached by their URLconfs' dotted paths: the project's core imports no app.
urlpatterns = i18n_patterns(
    path("", include("artisans.home_urls")),
    path("", include("artisans.urls")),
    path("awards/", include("awards.urls")),
    path("designs/", include("designs.urls")),
    path("jobs/", include("jobs.urls")),
    path("portal/", include("portal.urls")),
    path("apply/", include("portal.apply_urls")),
    path("verify/<str:token>/", verification.verify_view, name="verify"),
    path("account/two-factor/", mfa.setup, name="mfa_setup"),
    path("account/two-factor/verify/", mfa.verify, name="mfa_verify"),
    # Password reset by e-mail (EMAIL_URL), with the admin's templates. Django's views answer the
    # same whether or not an address is registered, so the form tells nobody who has an account.
    *password_reset_urls("admin/password-reset/", start_name="admin_password_reset"),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

# MEDIA_ROOT is never mounted, not even with DEBUG: every stored file is private and leaves the
# server only through its app's own view, after that app's permission rule (craftsreg.files).
