from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CraftsregConfig(AppConfig):
    name = "craftsreg"
    # The admin's heading over the core's one page there: the access log.
    verbose_name = _("Audit")

    def ready(self):
        # The deploy checks register themselves; the security log connects its receivers.
        from craftsreg import checks, security_log  # noqa: F401


class CraftsregAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with craftsreg's site: one object lookup for every admin URL."""

    # Named in INSTALLED_APPS; "craftsreg" itself still means CraftsregConfig.
    default = False

    default_site = "craftsreg.admin.CraftsregAdminSite"
