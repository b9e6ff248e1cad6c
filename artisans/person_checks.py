"""Checks of a person's place and birth date that every record of a person makes in ``clean``:
the registry's artisan and the portal's registration application (which becomes one)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_BIRTH = datetime.date(1900, 1, 1)


def place_and_birth_errors(record) -> dict:
    """Errors by field name (empty when all is well) for ``record``'s ``governorate``,
    ``wilayat`` and ``date_of_birth``: the wilayat lies in the governorate — not a CHECK
    constraint, it spans two tables — and the date of birth is between 1900 and today."""
    errors = {}
    if (
        record.governorate_id
        and record.wilayat_id
        and record.wilayat.governorate_id != record.governorate_id
    ):
        errors["wilayat"] = _(
            "The wilayat %(wilayat)s is not in the governorate %(governorate)s."
        ) % {"wilayat": record.wilayat.name, "governorate": record.governorate.name}
    if record.date_of_birth:
        if record.date_of_birth > timezone.localdate():
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        elif record.date_of_birth < EARLIEST_BIRTH:
            errors["date_of_birth"] = _("The date of birth cannot be before 1900.")
    return errors
