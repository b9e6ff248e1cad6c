import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from artisans.models import Artisan, Governorate, RegistrationCounter, Wilayat
from artisans.tests.factories import ArtisanFactory
from craftsreg.digits import normalize_digits, normalize_number

pytestmark = pytest.mark.django_db


class ArtisanForm(forms.ModelForm):
    class Meta:
        model = Artisan
        fields = [
            "civil_number",
            "name_ar",
            "gender",
            "phone",
            "governorate",
            "wilayat",
            "primary_craft",
            "registered_on",
            "status",
        ]


def _form_data(**overrides):
    salalah = Wilayat.objects.get(name_en="Salalah")
    data = {
        "civil_number": "12345678",
        "name_ar": "موزة بنت سالم الشحري",
        "gender": "female",
        "phone": "",
        "governorate": salalah.governorate_id,
        "wilayat": salalah.pk,
        "primary_craft": 1,
        "registered_on": "2017-03-03",
        "status": "active",
    }
    data.update(overrides)
    return data


def test_wilayat_must_belong_to_the_governorate(muscat):
    artisan = ArtisanFactory.build(governorate=muscat)  # wilayat stays Salalah (Dhofar)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        artisan.full_clean()
    assert list(excinfo.value.message_dict) == ["wilayat"]
    assert "Salalah" in excinfo.value.message_dict["wilayat"][0]


def test_wilayat_of_the_governorate_is_accepted(muscat):
    artisan = ArtisanFactory.build(wilayat=muscat.wilayats.get(name_en="Muttrah"))
    artisan.full_clean()  # does not raise
    assert artisan.governorate == muscat


def test_form_reports_the_wilayat_error_in_arabic(muscat):
    with translation.override("ar"):
        form = ArtisanForm(data=_form_data(governorate=muscat.pk))
        assert not form.is_valid()
        assert form.errors["wilayat"] == ["ولاية صلالة لا تتبع محافظة مسقط."]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("١٢٣٤٥٦٧٨", "12345678"),  # Arabic-Indic
        ("۱۲۳۴۵۶۷۸", "12345678"),  # Eastern Arabic-Indic (Persian/Urdu keyboards)
        ("12٣٤ 5678", "12345678"),  # mixed, with a space between groups
        (" 1234-5678 ", "12345678"),
    ],
)
def test_civil_number_typed_in_any_digits_is_stored_as_ascii(typed, stored):
    form = ArtisanForm(data=_form_data(civil_number=typed))
    assert form.is_valid(), form.errors
    artisan = form.save()
    assert Artisan.objects.get(pk=artisan.pk).civil_number == stored


@pytest.mark.parametrize("typed", ["12345", "1234567A", "١٢٣-abc", "12 34 5x"])
def test_invalid_civil_numbers_are_rejected_with_a_message(typed):
    with translation.override("en"):
        form = ArtisanForm(data=_form_data(civil_number=typed))
        assert not form.is_valid()
        assert form.errors["civil_number"] == [
            "A civil number has 6 to 10 digits and nothing else."
        ]


def test_too_long_civil_number_is_rejected():
    with translation.override("en"):
        form = ArtisanForm(data=_form_data(civil_number="١٢٣٤٥٦٧٨٩٠١"))
        assert form.errors["civil_number"] == [
            "Ensure this value has at most 10 characters (it has 11)."
        ]


def test_civil_number_error_is_in_arabic_by_default():
    form = ArtisanForm(data=_form_data(civil_number="123"))
    assert form.errors["civil_number"] == ["يتكون الرقم المدني من 6 إلى 10 أرقام فقط."]


def test_duplicate_civil_number_gets_a_clear_error():
    ArtisanFactory(civil_number="12345678")
    with translation.override("en"):
        form = ArtisanForm(data=_form_data(civil_number="١٢٣٤٥٦٧٨"))
        assert not form.is_valid()
        assert form.errors["civil_number"] == [
            "An artisan with this civil number is already registered."
        ]


@pytest.mark.parametrize(
    "typed",
    [
        "+968 9912 3456",
        "+968 ٩٩١٢ ٣٤٥٦",
        "00968 99123456",
        "00968-9912-3456",
        "968 ٩٩١٢ ٣٤٥٦",
        "9912 3456",
        "99-12-34-56",
        "\u200e+968 9912 3456\u200f",
    ],
)
def test_phone_accepts_the_ways_omanis_write_it_and_stores_one_form(typed):
    form = ArtisanForm(data=_form_data(phone=typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+96899123456"


@pytest.mark.parametrize("typed", ["9912345", "+971 50 123 4567", "0096899123456x", "phone"])
def test_phone_that_is_not_omani_is_refused_with_the_expected_form_named(typed):
    with translation.override("en"):
        form = ArtisanForm(data=_form_data(phone=typed))
        assert not form.is_valid()
        assert "+968 9123 4567" in form.errors["phone"][0]


def test_normalize_helpers():
    assert normalize_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert normalize_number(" ٩٩-١٢ ٣٤ ") == "991234"


def test_database_refuses_a_civil_number_of_the_wrong_length():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArtisanFactory(civil_number="123")


def test_database_refuses_two_artisans_with_one_civil_number():
    ArtisanFactory(civil_number="87654321")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArtisanFactory(civil_number="87654321")


def test_future_dates_are_rejected():
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    artisan = ArtisanFactory.build(date_of_birth=tomorrow, registered_on=tomorrow)
    with pytest.raises(ValidationError) as excinfo:
        artisan.full_clean()
    assert set(excinfo.value.message_dict) == {"date_of_birth", "registered_on"}


def test_registration_numbers_are_given_per_year_in_sequence():
    first = ArtisanFactory(registered_on=datetime.date(2017, 1, 5))
    second = ArtisanFactory(registered_on=datetime.date(2017, 9, 1))
    other_year = ArtisanFactory(registered_on=datetime.date(2016, 2, 1))
    assert first.registration_number == "2017-000001"
    assert second.registration_number == "2017-000002"
    assert other_year.registration_number == "2016-000001"
    # A change never renumbers.
    first.name_ar = "اسم جديد"
    first.save()
    first.refresh_from_db()
    assert first.registration_number == "2017-000001"


def test_registration_counter_reserves_consecutive_blocks():
    assert list(RegistrationCounter.reserve(2020, 3)) == [1, 2, 3]
    assert list(RegistrationCounter.reserve(2020, 2)) == [4, 5]


def test_reference_data_is_complete():
    assert Governorate.objects.count() == 11
    assert Wilayat.objects.count() == 63
    for governorate in Governorate.objects.all():
        assert governorate.wilayats.filter(is_seat=True).count() == 1, governorate.code
    assert Governorate.objects.get(code="OM-ZU").seat.name_en == "Salalah"
    assert Governorate.objects.get(code="OM-ZU").name_ar == "ظفار"


def test_reference_data_is_protected_while_in_use(dhofar):
    ArtisanFactory()
    with pytest.raises(Exception, match="protected"):
        Wilayat.objects.get(name_en="Salalah").delete()


def test_names_follow_the_active_language(dhofar):
    with translation.override("en"):
        assert str(dhofar) == "Dhofar"
    with translation.override("ar"):
        assert str(dhofar) == "ظفار"
