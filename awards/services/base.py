"""Helpers every service module shares."""

from django.utils import timezone


def _now():
    return timezone.now()


def _is_arabic() -> bool:
    from craftsreg.i18n import active_language

    return active_language() == "ar"
