"""The shared model field factories and constraint builders (craftsreg.fields) give exactly
the field or constraint a model used to spell out, so a model that adopts one keeps its
schema."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from craftsreg.fields import (
    bounded_small_integer,
    choices_constraint,
    optional_foreign_key,
    text_required,
    user_reference,
)


class Colour(models.TextChoices):
    RED = "red", "Red"
    BLUE = "blue", "Blue"


def test_choices_constraint_is_the_status_check_written_by_hand():
    assert choices_constraint(
        "colour", Colour, name="paint_colour_valid"
    ) == models.CheckConstraint(condition=Q(colour__in=["red", "blue"]), name="paint_colour_valid")


def test_text_required_alone_refuses_the_empty_text():
    assert text_required("note_text_set", "text") == models.CheckConstraint(
        condition=~Q(text=""), name="note_text_set"
    )


def test_text_required_unless_only_asks_for_the_text_when_the_rule_is_departed_from():
    built = text_required("move_back_needs_reason", "reason", unless=Q(backwards=False))
    assert built == models.CheckConstraint(
        condition=Q(backwards=False) | ~Q(reason=""), name="move_back_needs_reason"
    )
    assert built != text_required("move_back_needs_reason", "reason")


def test_user_reference_protects_the_record_and_hides_the_reverse_name_by_default():
    _path, _args, kwargs = user_reference().deconstruct()[1:]
    assert kwargs["to"].lower() == settings.AUTH_USER_MODEL.lower()
    assert kwargs["on_delete"] is models.PROTECT
    assert kwargs["related_name"] == "+"
    assert "verbose_name" not in kwargs


def test_user_reference_passes_its_options_through():
    field = user_reference("judge", related_name="sheets", on_delete=models.CASCADE, null=True)
    kwargs = field.deconstruct()[3]
    assert (kwargs["verbose_name"], kwargs["related_name"]) == ("judge", "sheets")
    assert kwargs["on_delete"] is models.CASCADE
    assert kwargs["null"] is True


def test_bounded_small_integer_has_the_bounds_as_validators_in_order():
    field = bounded_small_integer("places", default=3, min_value=1, max_value=20)
    assert field.validators[-2:] == [MinValueValidator(1), MaxValueValidator(20)]
    assert field.deconstruct()[3]["validators"] == [MinValueValidator(1), MaxValueValidator(20)]
    assert field.clean(20, None) == 20
    for outside in (0, 21):
        with pytest.raises(ValidationError):
            field.clean(outside, None)


def test_bounded_small_integer_without_bounds_adds_no_validator():
    assert "validators" not in bounded_small_integer("count", default=0).deconstruct()[3]
    assert "validators" not in bounded_small_integer("count", max_value=None).deconstruct()[3]


def test_optional_foreign_key_may_be_empty_and_protects_what_it_names():
    kwargs = optional_foreign_key(
        "artisans.Governorate", related_name="x", verbose_name="governorate"
    ).deconstruct()[3]
    assert (kwargs["null"], kwargs["blank"]) == (True, True)
    assert kwargs["on_delete"] is models.PROTECT
    assert (kwargs["related_name"], kwargs["verbose_name"]) == ("x", "governorate")
