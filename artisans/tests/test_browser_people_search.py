"""The admin's people search in a real browser, in Arabic on an office screen: a spelling
variant finds the artisan however the name was typed."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from artisans import roles
from artisans.tests.factories import ArtisanFactory
from craftsreg.tests.browser import assert_accessible, horizontal_overflow

pytestmark = pytest.mark.browser


@pytest.fixture
def registry(django_user_model, reference_data):
    user = django_user_model.objects.create_user(
        "registrar", password="pw-search-2017", is_staff=True
    )
    user.groups.add(Group.objects.get(name=roles.REGISTRAR))
    return {
        "salim": ArtisanFactory(civil_number="10000001", name_ar="سالم بن حمد الرواحي"),
        "abdullah": ArtisanFactory(civil_number="10000002", name_ar="عبد الله بن سعيد الرواحي"),
        "other": ArtisanFactory(civil_number="10000003", name_ar="خالد بن علي الحارثي"),
    }


def _search(page, text):
    box = page.get_by_role("searchbox")
    box.fill(text)
    box.press("Enter")
    return page.locator("#result_list tbody tr")


def test_a_spelling_variant_finds_the_artisan_in_arabic_at_1366(page, registry):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/ar/admin/")
    page.get_by_label("اسم المستخدم").fill("registrar")
    page.get_by_label("كلمة المرور").fill("pw-search-2017")
    page.locator("input[type=submit]").click()
    page.goto("/ar/admin/artisans/artisan/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # Final alef maqsura typed for the final ya of the registered spelling.
    results = _search(page, "الرواحى")
    expect(results).to_have_count(2)
    expect(page.locator("#result_list")).to_contain_text("سالم بن حمد الرواحي")
    expect(page.locator("#result_list")).to_contain_text("عبد الله بن سعيد الرواحي")
    expect(page.locator("#result_list")).not_to_contain_text("الحارثي")
    expect(page.get_by_role("searchbox")).to_have_value("الرواحى")
    assert not horizontal_overflow(page)
    assert_accessible(page)

    # "عبدالله" written without its space, with the same variant, narrows to one artisan.
    results = _search(page, "عبدالله الرواحى")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("عبد الله بن سعيد الرواحي")
    expect(results.first).to_contain_text(registry["abdullah"].registration_number)
    assert not horizontal_overflow(page)
