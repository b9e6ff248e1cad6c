"""Required references several apps declare the same way, built once (the options are exactly
those the migrations hold, so using a factory changes no schema). Optional links are
``craftsreg.fields.optional_foreign_key`` and the user who did something
``craftsreg.model_fields.user_reference``; these are the other required links.

A reference to another row is PROTECTed (the house rule for registry data: a governorate, a craft,
an artisan or a user is never deleted from under what refers to it) and, unless it says
otherwise, gives the other model no reverse accessor (``related_name="+"``).
"""

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
