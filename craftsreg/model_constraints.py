"""Database constraints several apps declare the same way, built once.

Each helper returns exactly the constraint the apps wrote by hand (same condition, same name), so
a model that switches to it needs no migration.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThanOrEqual


def choices_constraint(field: str, choices, name: str) -> models.CheckConstraint:
    """``field`` holds one of ``choices`` (a ``TextChoices``): the form's check, in the database."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


def length_between_constraint(
    field: str, shortest: int, longest: int, name: str
) -> models.CheckConstraint:
    """``field`` is ``shortest`` to ``longest`` characters long (e.g. a civil number, 6 to 10
    digits: digits-only is the validator's job, the database guards the length)."""
    return models.CheckConstraint(
        condition=Q(
            GreaterThanOrEqual(Length(field), shortest),
            LessThanOrEqual(Length(field), longest),
        ),
        name=name,
    )


def phone_canonical_constraint(field: str, name: str) -> models.CheckConstraint:
    """The one stored form of an Omani phone number (craftsreg.phones): "+968" and 8 digits."""
    return models.CheckConstraint(
        condition=Q(Q(**{f"{field}__startswith": "+968"}), Exact(Length(field), 12)),
        name=name,
    )
