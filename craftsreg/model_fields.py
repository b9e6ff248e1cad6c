"""Required references several apps declare the same way, built once (the options are exactly
those the migrations hold, so using a factory changes no schema). Optional links are
``craftsreg.fields.optional_foreign_key``; these are their required counterparts.

A reference to another row is PROTECTed (the house rule for registry data: a governorate, a craft,
an artisan or a user is never deleted from under what refers to it) and, unless it says
otherwise, gives the other model no reverse accessor (``related_name="+"``).
"""

from django.conf import settings
from django.db import models


def protected_fk(to, verbose_name, *, related_name: str = "+", **options) -> models.ForeignKey:
    """A PROTECTed foreign key to ``to``; ``options`` as for ``ForeignKey`` (null, editable…)."""
    return models.ForeignKey(
        to,
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )


def user_reference(verbose_name, **options) -> models.ForeignKey:
    """The user who did something to the record (asked, submitted, issued a code); kept, unlike
    ``craftsreg.fields.acting_user`` (SET_NULL), while the record refers to them."""
    return protected_fk(settings.AUTH_USER_MODEL, verbose_name, **options)


def protected_one_to_one(to, verbose_name, *, related_name: str, **options) -> models.OneToOneField:
    """A PROTECTed one-to-one link to ``to``, with a named reverse accessor (one row on each
    side: ``account.artisan`` and ``artisan.portal_account``)."""
    return models.OneToOneField(
        to,
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )
