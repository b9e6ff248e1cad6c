"""The shared model pieces of craftsreg.fields declare exactly what a hand-written field or
constraint would (the migrations depend on it)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThanOrEqual
from django.utils import translation

from artisans.models import Artisan, ArtisanStatus
from craftsreg.fields import (
    acting_user,
    choices_constraint,
    length_between,
    optional_foreign_key,
    status_field,
)
from craftsreg.phones import canonical_phone
from designs.models import Design


def test_a_choices_constraint_is_the_hand_written_check():
    assert choices_constraint("status", ArtisanStatus, name="x") == models.CheckConstraint(
        condition=Q(status__in=["active", "inactive"]), name="x"
    )


def test_a_choices_constraint_refuses_other_values():
    constraint = next(c for c in Artisan._meta.constraints if c.name == "artisan_status_valid")

    assert constraint.condition == Q(status__in=ArtisanStatus.values)


def test_field_factories_give_the_options_written_out_once():
    link = optional_foreign_key("artisans.Craft", related_name="+", verbose_name="craft")
    user = acting_user("decided by")
    status = status_field(ArtisanStatus, default=ArtisanStatus.ACTIVE, max_length=8)

    assert (link.null, link.blank, link.remote_field.on_delete) == (True, True, models.PROTECT)
    assert user.remote_field.model == settings.AUTH_USER_MODEL
    assert (user.null, user.blank, user.remote_field.on_delete) == (True, False, models.SET_NULL)
    with translation.override("en"):
        assert str(status.verbose_name) == "status"
    assert (status.default, status.max_length) == ("active", 8)
    assert status.choices == ArtisanStatus.choices


def test_a_designs_creator_and_holder_are_consistent_in_the_database():
    names = {c.name: c for c in Design._meta.constraints}

    assert names["design_holder_consistent"].condition == Q(
        holder_kind="authority", holder_artisan__isnull=True
    ) | Q(holder_kind="artisan", holder_artisan__isnull=False)


def test_condition_builders_are_the_hand_written_conditions():
    assert length_between("civil_number", 6, 10) == Q(
        GreaterThanOrEqual(Length("civil_number"), 6), LessThanOrEqual(Length("civil_number"), 10)
    )
    assert canonical_phone("mobile") == Q(Q(mobile__startswith="+968"), Exact(Length("mobile"), 12))
