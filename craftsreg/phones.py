"""Omani phone numbers: read the ways people write them, store one form, show it readably.

Registrars type "+968 9123 4567", "00968-91234567", "968 91234567", "9123 4567" or the same in
Arabic-Indic digits. The registry stores the international form "+96891234567" (E.164: one
spelling per number, so duplicates compare equal) and shows it grouped, "+968 9123 4567", always
left to right.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from craftsreg.digits import normalize_digits

COUNTRY_CODE = "968"
# The stored form: "+968" and the eight-digit national number.
CANONICAL = re.compile(r"\+968[0-9]{8}")
# What may sit between digit groups as typed: spaces (also no-break), dashes, dots, brackets and
# the invisible direction marks an RTL text field or a copied number carries.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015.()\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class InvalidPhone(ValueError):
    """The text is not an Omani phone number."""


def normalize_phone(text: str) -> str:
    """ "+96891234567" for any usual way of writing an Omani number; "" for blank text.

    Raises InvalidPhone for anything else (letters, too few or too many digits, another
    country's code).
    """
    compact = _SEPARATORS.sub("", normalize_digits(text or ""))
    if not compact:
        return ""
    if compact.startswith("+"):
        international = compact[1:]
    elif compact.startswith("00"):
        international = compact[2:]
    elif len(compact) == 11 and compact.startswith(COUNTRY_CODE):
        international = compact
    else:
        international = COUNTRY_CODE + compact
    if not international.startswith(COUNTRY_CODE):
        raise InvalidPhone(text)
    number = "+" + international
    if not CANONICAL.fullmatch(number):
        raise InvalidPhone(text)
    return number


def format_phone(stored: str) -> str:
    """ "+968 9123 4567": the stored form grouped for reading; anything else unchanged."""
    if stored and CANONICAL.fullmatch(stored):
        return f"+{COUNTRY_CODE} {stored[4:8]} {stored[8:]}"
    return stored or ""


# --- Django fields ------------------------------------------------------------------------------

INVALID_MESSAGE = _(
    "Enter an Omani phone number: 8 digits, optionally after +968 or 00968 "
    "(for example +968 9123 4567)."
)
canonical_validator = RegexValidator(rf"^{CANONICAL.pattern}$", INVALID_MESSAGE, code="phone")


class PhoneFormField(forms.CharField):
    """Reads any usual spelling; shows the stored number grouped, left to right."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)  # typed with spaces and a country code
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "dir": "ltr",
            "inputmode": "tel",
            "autocomplete": "tel",
            # The mark keeps "+968" in front however the browser orders the placeholder.
            "placeholder": "\u200e+968 9123 4567",
        }

    def prepare_value(self, value):
        return format_phone(value) if isinstance(value, str) else value

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return normalize_phone(value)
        except InvalidPhone:
            raise ValidationError(INVALID_MESSAGE, code="phone") from None


class PhoneField(models.CharField):
    """An Omani phone number stored as "+96891234567" (or blank)."""

    default_validators = [canonical_validator]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 12)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return normalize_phone(value)
        except InvalidPhone:
            # Left as typed: the validator then explains what is expected.
            return value

    def formfield(self, **kwargs):
        # Typed with spaces and a country code, the text is longer than the stored form.
        return super().formfield(**{"form_class": PhoneFormField, "max_length": 30, **kwargs})


def canonical_phone(field: str) -> Q:
    """The condition of a CHECK constraint that ``field`` holds the stored form, "+968" and
    eight digits (the digits themselves are PhoneField's validator's to check)."""
    return Q(Q(**{f"{field}__startswith": f"+{COUNTRY_CODE}"}), Exact(Length(field), 12))
