"""Model fields, constraints and abstract bases that the apps declare the same way.

Each helper returns an ordinary Django field or constraint with the options written once; the
migration autodetector sees exactly what the hand-written declaration gave, so adopting one
changes no schema (``makemigrations --check`` stays clean). Names of constraints are always
passed in: they are part of the schema.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from craftsreg.i18n import BilingualNameMixin, BilingualQuerySet


def optional_foreign_key(to, *, related_name, verbose_name, on_delete=models.PROTECT, **options):
    """A link that may be left empty (NULL, and blank in forms); PROTECT unless said otherwise."""
    return models.ForeignKey(
        to,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )


def acting_user(verbose_name, *, related_name="+", **options):
    """The user who did something (uploaded, decided, issued).

    The record outlives the account: deleting the user leaves the link empty (SET_NULL).
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )


def length_between(field: str, shortest: int, longest: int) -> Q:
    """The condition of a CHECK constraint on the length of a text column."""
    return Q(GreaterThanOrEqual(Length(field), shortest), LessThanOrEqual(Length(field), longest))


def status_field(choices, *, default, max_length, verbose_name=None):
    """The status column of a record with a lifecycle; ``choices`` is its TextChoices class."""
    return models.CharField(
        verbose_name or _("status"), max_length=max_length, choices=choices.choices, default=default
    )


def choices_constraint(field: str, choices, *, name: str) -> models.CheckConstraint:
    """CHECK that ``field`` holds one of the values of ``choices`` (a TextChoices class).

    Forms refuse other values already; the database refuses them from every other writer too.
    """
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


# Required references. A reference to another row is PROTECTed (the house rule for registry
# data: a governorate, a craft, an artisan or a user is never deleted from under what refers to
# it) and, unless it says otherwise, gives the other model no reverse accessor.


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


def bounded_small_integer(verbose_name, *, min_value=None, max_value=None, **options):
    """A small positive number staff set (places, quotas, thresholds) with its bounds as
    validators, so the admin form says what is allowed instead of the database refusing it."""
    validators = []
    if min_value is not None:
        validators.append(MinValueValidator(min_value))
    if max_value is not None:
        validators.append(MaxValueValidator(max_value))
    return models.PositiveSmallIntegerField(verbose_name, validators=validators, **options)


def text_required(name: str, field: str, *, unless: Q | None = None) -> models.CheckConstraint:
    """``field`` is not empty, or, with ``unless``, not empty whenever ``unless`` does not hold
    (``unless=Q(backwards=False)``: a move back gives its reason)."""
    given = ~Q(**{field: ""})
    return models.CheckConstraint(condition=given if unless is None else unless | given, name=name)


class Timestamped(models.Model):
    """When a record was created and last saved."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class BilingualReference(BilingualNameMixin, models.Model):
    """Reference data (governorates, crafts, product kinds …): a code and a name in each
    language, listed by code. The subclass declares the fields, or takes the usual ones from
    ``SlugReference``; its own ``Meta`` extends ``BilingualReference.Meta`` to keep the order."""

    objects = BilingualQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["code"]


class SlugReference(BilingualReference):
    """Reference data with the usual fields: a slug code (stable in URLs, imports and data
    migrations) and a unique name in each language."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)

    class Meta(BilingualReference.Meta):
        abstract = True
