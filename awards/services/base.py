"""Helpers every service module shares."""

from django.utils import timezone


def _save(instance, **save_options):
    """Validate ``instance`` with its model's rules (``full_clean``), then save it: every write of
    the award's services goes through the model's checks before the database's."""
    instance.full_clean()
    instance.save(**save_options)
    return instance


def _create(model, **fields):
    """A new ``model`` row with ``fields``, validated and saved (``_save``)."""
    return _save(model(**fields))


def _now():
    return timezone.now()


def _is_arabic() -> bool:
    from craftsreg.i18n import active_language

    return active_language() == "ar"
