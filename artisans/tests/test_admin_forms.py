"""The artisan add/change form reads dates and phones the way registrars type them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from artisans.models import Artisan
from artisans.tests.test_admin_artisans import _form_data

pytestmark = pytest.mark.django_db

ADD = "admin:artisans_artisan_add"


@pytest.mark.parametrize(
    "typed", ["15/03/1980", "1980-03-15", "١٥/٠٣/١٩٨٠", "١٩٨٠-٠٣-١٥", "15-3-1980", " 15.03.1980 "]
)
def test_birth_date_accepts_day_first_iso_and_arabic_indic_digits(client, registrar, typed):
    client.force_login(registrar)

    response = client.post(reverse(ADD), _form_data(date_of_birth=typed))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Artisan.objects.get().date_of_birth == datetime.date(1980, 3, 15)


@pytest.mark.parametrize("typed", ["31/02/1980", "1980/15/03", "15 March", "١٥/١٣/١٩٨٠"])
def test_a_date_that_is_not_a_day_is_refused_with_the_expected_format(client, registrar, typed):
    client.force_login(registrar)

    response = client.post(reverse(ADD), _form_data(date_of_birth=typed))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["date_of_birth"]
    assert errors == ["أدخل التاريخ بصيغة يوم/شهر/سنة، مثل 15/03/1980."]
    assert not Artisan.objects.exists()


def test_the_form_shows_the_expected_date_format_beside_the_field(client, registrar):
    client.force_login(registrar)

    page = client.get(reverse(ADD)).content.decode()

    assert "يوم/شهر/سنة، مثل 15/03/1980." in page
    with translation.override("en"):
        page = client.get(reverse(ADD)).content.decode()
    assert "Day/month/year, for example 15/03/1980." in page


def test_a_saved_birth_date_is_shown_day_first_for_editing(client, registrar):
    client.force_login(registrar)
    client.post(reverse(ADD), _form_data(date_of_birth="1980-03-15"))
    artisan = Artisan.objects.get()

    form = (
        client.get(reverse("admin:artisans_artisan_change", args=[artisan.pk]))
        .context["adminform"]
        .form
    )

    assert 'value="15/03/1980"' in str(form["date_of_birth"])


@pytest.mark.parametrize("typed", ["+968 9123 4567", "00968-9123-4567", "٩١٢٣ ٤٥٦٧", "91234567"])
def test_phone_is_stored_in_one_form_and_shown_grouped_left_to_right(client, registrar, typed):
    client.force_login(registrar)

    client.post(reverse(ADD), _form_data(phone=typed))
    artisan = Artisan.objects.get()
    field = str(
        client.get(reverse("admin:artisans_artisan_change", args=[artisan.pk]))
        .context["adminform"]
        .form["phone"]
    )

    assert artisan.phone == "+96891234567"
    assert 'value="+968 9123 4567"' in field and 'dir="ltr"' in field


def test_a_phone_of_another_country_is_refused_and_nothing_saved(client, registrar):
    client.force_login(registrar)

    response = client.post(reverse(ADD), _form_data(phone="+971 50 123 4567"))

    assert response.status_code == 200
    assert "+968 9123 4567" in response.context["adminform"].form.errors["phone"][0]
    assert not Artisan.objects.exists()
