"""Model fields that several apps declare the same way, written once.

Each factory returns an ordinary Django field with exactly the options a model used to spell out,
so a model that switches to one keeps its schema (``makemigrations --check`` stays clean).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def user_reference(verbose_name=None, *, related_name="+", on_delete=models.PROTECT, **options):
    """The user who did something recorded on a row: judged, recorded, decided, signed.

    ``PROTECT`` by default: the record of what someone did outlives any attempt to delete them
    (deactivate the account instead). ``related_name="+"`` by default: most of these are "who
    did it" columns that nobody lists from the user's side."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=on_delete,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )


def optional_foreign_key(to, *, related_name, verbose_name, on_delete=models.PROTECT, **options):
    """A link that may be empty to a row other records lean on (a governorate, a craft, an
    artisan): ``PROTECT`` by default, so a row in use is never deleted from under its records.
    (Same name and signature as ``craftsreg.fields.optional_foreign_key`` on main.)"""
    return models.ForeignKey(
        to,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )


def bounded_small_integer(verbose_name, *, min_value=None, max_value=None, **options):
    """A small positive number staff set (places, quotas, thresholds) with its bounds as
    validators, so the admin form says what is allowed instead of the database refusing it."""
    validators = []
    if min_value is not None:
        validators.append(MinValueValidator(min_value))
    if max_value is not None:
        validators.append(MaxValueValidator(max_value))
    return models.PositiveSmallIntegerField(verbose_name, validators=validators, **options)
