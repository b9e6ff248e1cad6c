"""System checks of craftsreg's own security settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def open_mfa_enrolment(app_configs, **kwargs):
    """Open enrolment is for the demo: in production a stolen password would bind a phone."""
    if settings.CRAFTSREG_MFA_ENROLMENT == "open" and not settings.DEBUG:
        return [
            Warning(
                "CRAFTSREG_MFA_ENROLMENT is 'open' with DEBUG off: anyone with a password can "
                "enrol their own authenticator on an account that has none.",
                hint="Leave CRAFTSREG_MFA_ENROLMENT unset (or 'code') in production.",
                id="craftsreg.W001",
            )
        ]
    return []
