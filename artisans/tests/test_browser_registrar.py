"""A registrar's week in the admin, in Arabic, in a real browser."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from artisans import roles
from artisans.models import Artisan
from artisans.tests.importdata import OTHER_PERSON, csv_file, row
from craftsreg.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def registrar_login(django_user_model, reference_data):
    user = django_user_model.objects.create_user(
        "registrar", password="registrar-demo-2017", is_staff=True
    )
    user.groups.add(Group.objects.get(name=roles.REGISTRAR))
    return "registrar", "registrar-demo-2017"


def _choose_autocomplete(page, field_id, term, option_text):
    page.locator(f"#{field_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=option_text).click()


def test_registrar_adds_an_artisan_then_imports_a_file(page, registrar_login):
    username, password = registrar_login

    # Log in to the admin in Arabic.
    page.goto("/ar/admin/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_label("اسم المستخدم").fill(username)
    page.get_by_label("كلمة المرور").fill(password)
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_contain_text(username)

    # Add an artisan with an Arabic name and a civil number typed in Arabic-Indic digits.
    page.goto("/ar/admin/artisans/artisan/add/")
    page.get_by_label("الرقم المدني").fill("٩٨٧٦٥٤٣٢")
    page.get_by_label("الاسم (بالعربية)").fill("شيخة بنت حمد المعمري")
    page.get_by_label("الجنس").select_option("female")
    page.get_by_label("تاريخ الميلاد").fill("1979-11-02")
    # The wilayat first (every wilayat is listed), then a governorate it does not belong to.
    page.locator("#id_wilayat").select_option(label="صلالة")
    page.locator("#id_governorate").select_option(label="مسقط")
    # the script now lists only Muscat's wilayats
    expect(page.locator("#id_wilayat option", has_text="مطرح")).to_have_js_property("hidden", False)
    expect(page.locator("#id_wilayat option", has_text="طاقة")).to_have_js_property("hidden", True)
    _choose_autocomplete(page, "id_primary_craft", "فخار", "الفخار")
    page.get_by_label("تاريخ التسجيل").fill("2017-09-10")
    page.locator("input[name=_save]").click()

    # The mismatch is explained on the wilayat field; nothing is saved.
    error = page.locator(".field-wilayat .errorlist")
    expect(error).to_have_text("ولاية صلالة لا تتبع محافظة مسقط.")
    assert not Artisan.objects.exists()

    # Fix it: Dhofar, Salalah.
    page.locator("#id_governorate").select_option(label="ظفار")
    page.locator("#id_wilayat").select_option(label="صلالة")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    artisan = Artisan.objects.get()
    assert artisan.civil_number == "98765432" and artisan.wilayat.name_en == "Salalah"

    # Find the artisan again by civil number typed in Arabic-Indic digits.
    page.get_by_role("searchbox").fill("٩٨٧٦٥٤٣٢")
    page.get_by_role("searchbox").press("Enter")
    results = page.locator("#result_list tbody tr")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("شيخة بنت حمد المعمري")
    expect(results.first).to_contain_text(artisan.registration_number)
    assert_accessible(page)

    # Import a small file with one bad row.
    page.get_by_role("link", name="استيراد").click()
    expect(page).to_have_url(re.compile(r"/ar/admin/artisans/artisan/import/$"))
    rows = [row(civil_number="11111111"), row(**OTHER_PERSON, wilayat="مسقط")]
    page.get_by_label("الملف", exact=True).set_input_files(
        files=[{"name": "artisans.csv", "mimeType": "text/csv", "buffer": csv_file(rows)}]
    )
    page.get_by_role("button", name="فحص الملف").click()

    bad = page.locator("table.import-errors tr[data-line='3']")
    expect(bad).to_contain_text("ولاية مسقط تتبع محافظة مسقط، وليست في محافظة ظفار.")
    expect(bad).to_contain_text("الولاية")
    expect(page.locator("[data-count=rejected]")).to_have_text("1")
    expect(page.get_by_role("button", name="تأكيد الاستيراد")).to_have_count(0)
    assert_accessible(page)
    assert Artisan.objects.count() == 1

    # Fix the file (the second artisan lives in Taqah, Dhofar) and import it.
    rows[1]["wilayat"] = "طاقة"
    page.get_by_label("الملف", exact=True).set_input_files(
        files=[{"name": "artisans.csv", "mimeType": "text/csv", "buffer": csv_file(rows)}]
    )
    page.get_by_role("button", name="فحص الملف").click()
    expect(page.locator("[data-count=create]")).to_have_text("2")
    expect(page.locator("[data-count=rejected]")).to_have_text("0")
    page.get_by_role("button", name="تأكيد الاستيراد").click()

    expect(page.locator(".messagelist .success")).to_contain_text("اكتمل الاستيراد")
    assert Artisan.objects.count() == 3
    assert set(Artisan.objects.values_list("civil_number", flat=True)) == {
        "98765432",
        "11111111",
        "22222222",
    }
