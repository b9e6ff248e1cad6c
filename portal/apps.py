from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    # craftsreg.queue asks it what waits for the signed-in staff user ("Waiting for you").
    work_queue = "portal.queue.waiting"
    verbose_name = _("Artisans' portal")
    # manage.py seed_demo calls this with its stdout: portal.demo (applications in every state,
    # one login), then the requests and award entries of portal.demo_self_service.
    demo_seeder = "portal.demo_self_service.seed"

    def ready(self):
        from craftsreg import mfa
        from portal.access import is_portal_user

        # Artisans sign in to their own record only; an authenticator app would keep many of
        # them out (docs/portal.md). Staff, judges and committee members still owe one.
        mfa.exempt(is_portal_user)
