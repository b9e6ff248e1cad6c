"""The importer's model checks with remembered field outcomes (importing.rows.ModelRules) say
exactly what full_clean() says (importing.rows.model_errors), row after row."""

import datetime

import pytest
from django.utils import translation

from artisans.importing.rows import ModelRules, model_errors
from artisans.models import Wilayat
from artisans.tests.factories import ArtisanFactory

pytestmark = pytest.mark.django_db

TOMORROW = datetime.date.today() + datetime.timedelta(days=1)


def _artisan(**changes):
    """An unsaved artisan of the factory (Salalah, cotton weaving), one civil number for all."""
    return ArtisanFactory.build(**{"civil_number": "12345678", **changes})


CASES = [
    {},
    {"civil_number": "12"},
    {"civil_number": "١٢٣٤٥٦٧٨"},  # Arabic-Indic digits: cleaned to 0-9
    {"civil_number": "12 34 56 78"},
    {"name_ar": ""},
    {"name_ar": "م" * 151},
    {"name_en": "x" * 151},
    {"name_ar": "a\x00b"},
    {"gender": ""},
    {"gender": "other"},
    {"status": "retired"},
    {"phone": "123"},
    {"phone": "99 12 34 56"},
    {"date_of_birth": TOMORROW},
    {"date_of_birth": datetime.date(1899, 12, 31)},
    {"date_of_birth": None},
    {"registered_on": TOMORROW},
    {"registered_on": datetime.date(1970, 1, 1)},  # before the birth date
    {"registered_on": TOMORROW, "date_of_birth": TOMORROW, "gender": "x", "civil_number": ""},
    {"wilayat_name": "Muscat"},  # not in the governorate
    {"workshop_address": "w" * 501},
]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_remembered_checks_say_what_full_clean_says_row_after_row(language):
    rules = ModelRules()
    with translation.override(language):
        # Twice over: the second round is answered from what the first remembered.
        for changes in CASES + CASES:
            changes = dict(changes)
            if "wilayat_name" in changes:
                changes["wilayat"] = Wilayat.objects.get(name_en=changes.pop("wilayat_name"))
                changes["governorate"] = Wilayat.objects.get(name_en="Salalah").governorate
            expected, checked = _artisan(**changes), _artisan(**changes)

            assert rules.errors(checked) == model_errors(expected), changes
            # Cleaned values are set on the artisan, as full_clean() sets them.
            assert checked.civil_number == expected.civil_number
            assert checked.phone == expected.phone


def test_a_field_of_new_values_every_row_stops_being_remembered():
    rules = ModelRules()
    for number in range(5_000):
        assert rules.errors(_artisan(civil_number=str(10_000_000 + number))) == []
    remembered = {field.name: len(seen) for field, seen in rules._fields if seen is not None}
    assert remembered["civil_number"] == 4_096
    assert remembered["gender"] == 1
