"""Digits typed in Arabic are stored as ASCII.

Registrars type civil and phone numbers with Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩) or Eastern
Arabic-Indic (Persian/Urdu keyboards: ۰۱۲۳۴۵۶۷۸۹); the registry stores and searches ASCII.
"""

from django import forms
from django.db import models

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)


def normalize_digits(value: str) -> str:
    return value.translate(_DIGITS)


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
