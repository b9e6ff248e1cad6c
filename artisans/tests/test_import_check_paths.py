"""The import's fast paths give what the model's own ones give (issue 15/16: the check's CPU).

The plan builds its artisans with ``_ArtisanBuilder`` instead of ``Artisan(**values)`` and
checks them with ``ModelCheck`` instead of ``full_clean()`` per row; both are only faster, so
each is compared here with the path it replaces, row by row, on valid rows and on every kind of
error the model finds.
"""

import datetime

import pytest
from django.utils import timezone

from artisans.importing.plan import _ArtisanBuilder, _same_person_in_file
from artisans.importing.reading import map_header, read_table
from artisans.importing.rows import ModelCheck, Reference, RowChecker, model_errors
from artisans.models import Artisan, Wilayat, search_key_for
from artisans.tabular import COLUMNS, REQUIRED_COLUMNS
from artisans.tests.factories import ArtisanFactory
from artisans.tests.importdata import GOOD, csv_file, row

pytestmark = pytest.mark.django_db

FUTURE = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()

ROWS = [
    row(),
    row(civil_number="22222222", gender="male", status="inactive", other_crafts=""),
    row(civil_number="٣٣٣٣٣٣٣٣", birth_date="14/03/1975", phone="+968 9912 3456"),
    row(civil_number="44444444", registered_on=""),  # registered today
    row(civil_number="55555555", birth_date=""),  # no birth date
    row(civil_number="12345"),  # too short for the validator
    row(civil_number="123456789012"),  # too long: length and validator
    row(civil_number="66666666", name_ar="س" * 151),  # longer than the field
    row(civil_number="77777777", name_ar=""),  # required
    row(civil_number="88888888", gender="?"),  # the parser's error, then the choice's
    row(civil_number="99999999", birth_date=FUTURE),
    row(civil_number="10101010", birth_date="1899-12-31"),
    row(civil_number="20202020", registered_on=FUTURE),
    row(civil_number="30303030", birth_date="2001-01-01", registered_on="2000-01-01"),
    row(civil_number="40404040", birth_date=FUTURE, registered_on="2000-01-01"),
    row(civil_number="50505050", governorate="OM-MA", wilayat="صلالة"),  # not in Muscat
    row(civil_number="60606060", governorate="nowhere"),
    row(civil_number="70707070", primary_craft="nothing"),
    row(),  # the first row's values again, now remembered as valid
    row(civil_number="80808080", birth_date=GOOD["birth_date"], registered_on=FUTURE),
]


def _checked_values(rows, columns=COLUMNS):
    header, lines, _count = read_table(csv_file(rows, columns=columns))
    checker = RowChecker(map_header(header), Reference(), None)
    return [checker.check(raw)[0] for _line, raw in lines]


def _instance(artisan):
    """Everything an artisan instance holds: its fields' values and its state."""
    values = {name: value for name, value in artisan.__dict__.items() if name != "_state"}
    state = artisan._state
    return values, state.adding, state.db, state.fields_cache


def test_builder_builds_the_artisan_the_keyword_constructor_builds():
    builder = _ArtisanBuilder(timezone.localdate())
    values = _checked_values(ROWS) + _checked_values(
        [row()],
        columns=REQUIRED_COLUMNS,  # no birth date, registration date or status: defaults
    )
    for checked in values:
        assert _instance(builder.build(checked)) == _instance(Artisan(**checked)), checked


def test_builder_updates_an_existing_artisan_as_setting_each_value_does():
    current = ArtisanFactory(civil_number="12345678", name_ar="قديم", workshop_address="سوق")
    builder = _ArtisanBuilder(timezone.localdate())
    for checked in _checked_values(ROWS[:3]):
        attnames = [f.attname for f in current._meta.concrete_fields]
        before = Artisan(**{attname: getattr(current, attname) for attname in attnames})
        for name, value in checked.items():
            setattr(before, name, value)
        base = {attname: getattr(current, attname) for attname in attnames}
        assert _instance(builder.build(checked, base)) == _instance(before)


def test_model_check_finds_what_full_clean_finds_row_by_row():
    today = timezone.localdate()
    builder = _ArtisanBuilder(today)
    # One check for the whole file, as in the plan: values found valid are remembered.
    check = ModelCheck(today)
    artisans = [
        (builder.build(checked), builder.build(checked)) for checked in _checked_values(ROWS)
    ]
    # Errors no import row can have (the parsers rule them out), which the model still finds.
    muscat = Wilayat.objects.get(name_en="Muscat")
    odd = [
        {"wilayat": muscat},  # not in the row's governorate
        {"phone": "+9681"},  # not the stored form
        {"gender": "other", "status": "gone"},  # not a choice
        {"name_en": "x" * 151},
        # Text fields at their edges (valid as they are), and a number made text by clean().
        {"name_ar": "س" * 150, "name_en": ""},
        {"name_ar": 12345},
        {"date_of_birth": "1980-01-01"},  # text, cleaned into a date as full_clean() does
    ]
    for changes in odd:
        pair = (
            builder.build(_checked_values([row()])[0]),
            builder.build(_checked_values([row()])[0]),
        )
        for artisan in pair:
            for name, value in changes.items():
                setattr(artisan, name, value)
        artisans.append(pair)

    found_errors = 0
    for fast, reference in artisans:
        errors = check.errors(fast)
        assert errors == model_errors(reference), _instance(reference)
        # The values full_clean() leaves cleaned on the artisan, too.
        assert _instance(fast) == _instance(reference)
        found_errors += bool(errors)
    # Every row above with a value the model refuses (not the rows only the parsers refuse).
    assert found_errors == 15


def test_same_person_in_file_pairs_rows_by_name_and_birth_date_or_place():
    builder = _ArtisanBuilder(timezone.localdate())
    people = _checked_values(
        [
            row(civil_number="11111111"),  # line 2
            row(civil_number="22222222", name_ar="فاطمه بنت سالم الشحرى"),  # same name, spelt
            row(civil_number="33333333", birth_date="1975-03-15"),  # another birth date
            row(civil_number="44444444", birth_date=""),  # undated: matches the same place
            row(civil_number="55555555", name_ar="مريم البلوشية"),  # nobody else
            row(
                civil_number="66666666",
                name_ar="مريم البلوشية",
                birth_date="1990-01-01",
                wilayat="طاقة",
            ),
        ]
    )
    lines = {}
    for line, checked in enumerate(people, start=2):
        lines[line] = artisan = builder.build(checked)
        artisan.search_key = search_key_for(artisan.name_ar, artisan.name_en)

    assert _same_person_in_file(lines) == {
        2: [3, 5],
        3: [2, 5],
        4: [5],
        5: [2, 3, 4],
    }
