"""Form fields that pick rows by id and refuse a malformed id before it reaches the database.

Django's model choice fields pass the posted value to the query: a 30-digit number overflows
SQLite's integer (OverflowError, a 500) and PostgreSQL's bigint, and a NUL byte is refused by
PostgreSQL. An id is a short run of digits; anything else is "not one of the choices".
"""

import re

from django import forms
from django.core.exceptions import ValidationError

_ID = re.compile(r"[0-9]{1,18}")


def _valid_id(value) -> bool:
    return isinstance(value, int) or bool(_ID.fullmatch(str(value).strip()))


class IdChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not _valid_id(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(value)[:50]},
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        for item in values:
            if not _valid_id(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(item)[:50]},
                )
        return super().clean(value)
