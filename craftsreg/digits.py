"""Digits typed in Arabic are stored as ASCII.

Registrars type civil and phone numbers, dates and codes with Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩)
or Eastern Arabic-Indic (Persian/Urdu keyboards: ۰۱۲۳۴۵۶۷۸۹); the registry stores and searches
ASCII. The one place that turns digits into ASCII: dates, phones and search text use it too.
"""

import re
import unicodedata

from django import forms
from django.db import models

# Any decimal digit other than 0-9: Arabic-Indic, Eastern Arabic-Indic, full-width…
_NON_ASCII_DIGIT = re.compile(r"[^\D0-9]")


def _ascii_digit(match: re.Match) -> str:
    return str(unicodedata.decimal(match.group()))


def normalize_digits(value: str) -> str:
    """``value`` with every decimal digit written as 0-9; everything else untouched."""
    if value.isascii():
        return value
    return _NON_ASCII_DIGIT.sub(_ascii_digit, value)


def normalize_number(value: str) -> str:
    """ASCII digits with the spaces and dashes people type between groups removed."""
    value = normalize_digits(value).strip()
    for separator in (" ", "-", "\u00a0", "\u200f", "\u200e"):
        value = value.replace(separator, "")
    return value


class DigitsFormField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return normalize_number(value) if value else value


class DigitsField(models.CharField):
    """A CharField holding a number-like code (civil number, phone) typed in any digits."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_number(value) if value else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": DigitsFormField, **kwargs})
