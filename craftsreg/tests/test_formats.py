"""Dates in an Arabic order in Arabic, day first when typed, ISO where the browser needs it."""

import datetime

import pytest
from django.utils import formats, translation
from django.utils.timezone import make_aware

from awards.forms import SiteVisitForm
from craftsreg.dates import parse_date
from craftsreg.phones import InvalidPhone, format_phone, normalize_phone


@pytest.mark.parametrize(
    ("lang", "day", "moment"),
    [
        ("ar", "2 يونيو 2017", "29 نوفمبر 2026، 10:18 م"),
        ("en", "2 June 2017", "29 November 2026, 10:18 p.m."),
    ],
)
def test_dates_follow_the_languages_pattern(lang, day, moment):
    with translation.override(lang):
        assert formats.date_format(datetime.date(2017, 6, 2)) == day
        assert (
            formats.date_format(
                make_aware(datetime.datetime(2026, 11, 29, 22, 18)), "DATETIME_FORMAT"
            )
            == moment
        )


@pytest.mark.django_db
def test_a_browser_date_input_gets_an_iso_value_whatever_the_typed_format(django_user_model):
    with translation.override("ar"):
        form = SiteVisitForm(
            initial={"visited_on": datetime.date(2017, 4, 29)},
            members=django_user_model.objects.none(),
        )
        assert 'value="2017-04-29"' in str(form["visited_on"])


@pytest.mark.parametrize("text", ["15/03/1980", "1980-03-15", "١٥/٠٣/١٩٨٠", "\u200f15-03-1980"])
def test_parse_date_reads_day_first_iso_and_arabic_digits(text):
    assert parse_date(text) == datetime.date(1980, 3, 15)


@pytest.mark.parametrize("text", ["", "15/03/80", "30/02/2020", "1980-3"])
def test_parse_date_refuses_what_is_not_a_day(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_phone_helpers_round_trip():
    assert normalize_phone("۹۱۲۳ ۴۵۶۷") == "+96891234567"  # Eastern Arabic-Indic digits
    assert normalize_phone("  ") == ""
    assert format_phone("+96891234567") == "+968 9123 4567"
    with pytest.raises(InvalidPhone):
        normalize_phone("+968 9123 45678")
