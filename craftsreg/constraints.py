"""Check constraints that every app writes in the same few forms, written once.

The invariants live in the database as well as in the forms (house style): a status is one of
its choices, a required text is not empty, a reason is given when a record departs from the
rule. Each builder returns an ordinary ``CheckConstraint`` with the name given, so a model that
switches to one keeps its schema.
"""

from django.db import models
from django.db.models import Q


def choices_constraint(field: str, choices, *, name: str) -> models.CheckConstraint:
    """``field`` holds one of ``choices`` (a ``TextChoices``): a row written past the forms (a
    bulk update, a raw import) cannot carry a status the code does not know. (Same name and
    signature as ``craftsreg.fields.choices_constraint`` on main, which replaces it on merge.)"""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


def text_required(name: str, field: str, *, unless: Q | None = None) -> models.CheckConstraint:
    """``field`` is not empty, or, with ``unless``, not empty whenever ``unless`` does not hold
    (``unless=Q(backwards=False)``: a move back gives its reason)."""
    given = ~Q(**{field: ""})
    return models.CheckConstraint(condition=given if unless is None else unless | given, name=name)
