"""Registrars' daily screens in a real browser, in Arabic and English, at 1366 px and 390 px.

Each journey checks axe and that nothing scrolls sideways (the page and every table's
container): the admin is the registrars' main tool and must read well on an office screen and
on a phone.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from artisans import roles
from artisans.models import Artisan, Craft, StaffProfile, Wilayat
from artisans.tests.factories import ArtisanFactory
from craftsreg.tests.browser import assert_fits_every_screen

pytestmark = pytest.mark.browser

LANGUAGES = ["ar", "en"]
PASSWORD = "registrar-demo-2017"


def _staff(django_user_model, username, governorate=None):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.invalid", PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=roles.REGISTRAR))
    if governorate is not None:
        StaffProfile.objects.create(user=user, governorate=governorate)
    return user


def _sign_in(page, lang, username):
    page.goto(f"/{lang}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_contain_text(username)


@pytest.fixture
def registry(reference_data):
    """Artisans with long names in wilayats with long names, the way the real list looks."""
    shalim = Wilayat.objects.get(name_en="Shalim and the Hallaniyat Islands")
    wool = Craft.objects.get(code="wool-weaving")
    for n in range(12):
        ArtisanFactory(
            name_ar=f"عبدالله بن هلال بن سعيد المحروقي {n}",
            name_en=f"Khadija bint Hamood bin Salim Al Mahrouqi {n}",
            wilayat=shalim,
            primary_craft=wool,
            registered_on=datetime.date(2017, 12, 31),
        )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sign_in_page_has_the_registry_identity_a_language_switch_and_a_way_back(page, lang):
    page.goto(f"/{lang}/admin/login/")

    expect(page.locator(".admin-brand__mark")).to_be_visible()
    name = (
        "الهيئة العامة للصناعات الحرفية"
        if lang == "ar"
        else "Public Authority for Craft Industries"
    )
    expect(page.locator("#site-name")).to_have_text(name)
    # Maroon header, not Django's blue.
    background = page.locator("#header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(122, 31, 31)"
    expect(page.locator(f".admin-tools a[href='/{lang}/']")).to_be_visible()
    assert_fits_every_screen(page)

    other = "en" if lang == "ar" else "ar"
    page.locator(f".admin-language a[lang={other}]").click()
    expect(page).to_have_url(re.compile(f"/{other}/admin/login/"))
    expect(page.locator("html")).to_have_attribute("lang", other)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_forgotten_password_is_reset_by_email(page, lang, django_user_model):
    user = _staff(django_user_model, "registrar")
    page.goto(f"/{lang}/admin/login/")

    page.locator("a[href$='/admin/password-reset/']").click()
    assert_fits_every_screen(page)
    page.locator("#id_email").fill("registrar@example.invalid")
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(f"/{lang}/admin/password-reset/sent/$"))

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/password-reset/\S+/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.locator("#id_new_password1").fill("a-new-long-passphrase")
    page.locator("#id_new_password2").fill("a-new-long-passphrase")
    assert_fits_every_screen(page)
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(f"/{lang}/admin/password-reset/done/$"))
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_artisans_list_fits_with_numbers_and_dates_unbroken(
    page, lang, registry, django_user_model
):
    _staff(django_user_model, "registrar")
    _sign_in(page, lang, "registrar")

    page.goto(f"/{lang}/admin/artisans/artisan/")
    page.set_viewport_size({"width": 1366, "height": 900})
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(12)
    # Every column is on screen, status included, and nothing wraps a number or a date.
    status = page.locator("#result_list thead th.column-status")
    box = status.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1366
    number = rows.first.locator("td.field-number bdi, th.field-number bdi")
    expect(number).to_have_attribute("dir", "ltr")
    line = float(number.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    assert number.bounding_box()["height"] <= line * 1.5
    date = rows.first.locator(".field-registered_on")
    expect(date).to_have_text("31 ديسمبر 2017" if lang == "ar" else "31 December 2017")
    assert (
        date.bounding_box()["height"]
        <= rows.first.locator(".field-gender").bounding_box()["height"]
    )
    assert_fits_every_screen(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_governorate_registrar_adds_an_artisan_as_they_write_dates_and_phones(
    page, lang, django_user_model
):
    dhofar = Wilayat.objects.get(name_en="Salalah").governorate
    _staff(django_user_model, "dhofar", governorate=dhofar)
    _sign_in(page, lang, "dhofar")

    # No governorate column or filter: it is always theirs.
    page.goto(f"/{lang}/admin/artisans/artisan/")
    expect(page.locator("#changelist-filter")).not_to_contain_text(
        "المحافظة" if lang == "ar" else "governorate"
    )
    expect(page.locator("#result_list th.column-governorate")).to_have_count(0)

    page.goto(f"/{lang}/admin/artisans/artisan/add/")
    expect(page.locator("#id_governorate")).to_have_count(0)  # no "---------" select
    expect(page.locator(".field-governorate .readonly")).to_have_text(
        dhofar.name_en if lang == "en" else dhofar.name_ar
    )
    # Only Dhofar's wilayats are offered.
    options = page.locator("#id_wilayat option:not([value=''])")
    assert options.count() == dhofar.wilayats.count()
    expect(page.locator(".field-date_of_birth .help")).to_contain_text("15/03/1980")
    page.locator("#id_civil_number").fill("٩٨٧٦٥٤٣٢")
    page.locator("#id_name_ar").fill("شيخة بنت حمد المعمري")
    page.locator("#id_gender").select_option("female")
    page.locator("#id_date_of_birth").fill("١٥/٠٣/١٩٨٠")
    page.locator("#id_phone").fill("+968 9123 4567")
    page.locator("#id_wilayat").select_option(label="صلالة" if lang == "ar" else "Salalah")
    page.locator("#id_primary_craft + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(
        "فخار" if lang == "ar" else "pott"
    )
    page.locator(".select2-results__option").first.click()
    assert_fits_every_screen(page)
    page.locator("input[name=_continue]").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    artisan = Artisan.objects.get()
    assert (artisan.date_of_birth, artisan.phone, artisan.governorate) == (
        datetime.date(1980, 3, 15),
        "+96891234567",
        dhofar,
    )
    # Shown back day first, the phone grouped and left to right.
    expect(page.locator("#id_date_of_birth")).to_have_value("15/03/1980")
    expect(page.locator("#id_phone")).to_have_value("+968 9123 4567")
    expect(page.locator("#id_phone")).to_have_attribute("dir", "ltr")
    assert_fits_every_screen(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_wilayat_list_follows_the_governorate(page, lang, django_user_model):
    _staff(django_user_model, "registrar")
    _sign_in(page, lang, "registrar")
    page.goto(f"/{lang}/admin/artisans/artisan/add/")

    page.locator("#id_governorate").select_option(label="مسقط" if lang == "ar" else "Muscat")

    visible = page.locator("#id_wilayat option:not([hidden]):not([value=''])")
    muscat = Wilayat.objects.filter(governorate__code="OM-MA")
    expect(visible).to_have_count(muscat.count())
    assert_fits_every_screen(page)
