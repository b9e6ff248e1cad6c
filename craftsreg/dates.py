"""Dates as people type them: "15/03/1980", "1980-03-15", or either in Arabic-Indic digits.

One reader for the admin forms and the artisans import, so a date the import accepts is never
refused by the form (and the other way round).
"""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from craftsreg.digits import normalize_digits

_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
# Day first, as dates are written in Oman; "/", "-" or "." between the parts.
_DAY_FIRST = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})")
# The marks an RTL field may add around a typed date.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"))

# What the form shows beside a date field, and the format the admin's calendar writes.
DISPLAY_FORMAT = "%d/%m/%Y"


def parse_date(text: str) -> datetime.date:
    """The date written in ``text``; ValueError when it is not one (or not a real day)."""
    text = normalize_digits(text.translate(_INVISIBLE)).strip()
    match = _ISO.fullmatch(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _DAY_FIRST.fullmatch(text)
        if not match:
            raise ValueError(text)
        day, month, year = (int(part) for part in match.groups())
    return datetime.date(year, month, day)


class DateField(forms.DateField):
    """A form date field that reads what ``parse_date`` reads and says which format it wants."""

    default_error_messages = {
        "invalid": _("Enter the date as day/month/year, for example 15/03/1980."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [DISPLAY_FORMAT])
        super().__init__(**kwargs)
        if not self.help_text:
            self.help_text = _("Day/month/year, for example 15/03/1980.")

    def widget_attrs(self, widget):
        # Digits and slashes read left to right even inside an Arabic form.
        return {**super().widget_attrs(widget), "dir": "ltr", "placeholder": _("dd/mm/yyyy")}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            try:
                return parse_date(value)
            except ValueError:
                error = self.error_messages["invalid"]
                raise forms.ValidationError(error, code="invalid") from None
        return super().to_python(value)
