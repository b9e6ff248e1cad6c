"""craftsreg.digits: the one place digits become ASCII (dates, phones and search text use it)."""

import datetime

import pytest

from craftsreg.dates import parse_date
from craftsreg.digits import normalize_digits, normalize_number
from craftsreg.phones import normalize_phone
from craftsreg.text import normalize_search


@pytest.mark.parametrize(
    ("typed", "ascii"),
    [
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),  # Arabic-Indic
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),  # Eastern Arabic-Indic (Persian/Urdu keyboards)
        ("０１２３４５６７８９", "0123456789"),  # full-width (Japanese/Chinese input methods)
        ("2017-٠٠٠٠٤٢", "2017-000042"),  # mixed
    ],
)
def test_every_decimal_digit_is_written_as_ascii(typed, ascii):
    assert normalize_digits(typed) == ascii


def test_what_is_not_a_digit_is_left_alone():
    assert normalize_digits("سالم ٫ Salim ½ ² -/") == "سالم ٫ Salim ½ ² -/"
    assert normalize_digits("") == ""


def test_numbers_lose_the_separators_people_type():
    assert normalize_number(" ٩٩-١٢ ٣٤ ") == "991234"


def test_dates_phones_and_search_read_digits_the_same_way():
    assert parse_date("١٥/٠٣/١٩٨٠") == parse_date("۱۵/۰۳/۱۹۸۰") == datetime.date(1980, 3, 15)
    assert normalize_phone("٩١٢٣ ٤٥٦٧") == normalize_phone("９１２３４５６７") == "+96891234567"
    assert normalize_search("٢٠١٧") == normalize_search("２０１７") == "2017"
