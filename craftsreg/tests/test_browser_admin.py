import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_staff_sign_in_and_admin_forms_work_under_the_content_security_policy(
    page, django_user_model
):
    django_user_model.objects.create_superuser("root", "root@example.invalid", "pw-long-enough-1")
    page.goto("/ar/admin/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_label("اسم المستخدم").fill("root")
    page.get_by_label("كلمة المرور").fill("pw-long-enough-1")
    page.get_by_role("button", name="ادخل").click()
    expect(page).to_have_url(re.compile(r"/ar/admin/$"))
    # The change form loads the admin's own scripts (calendar, autocomplete, related widgets).
    page.goto("/ar/admin/artisans/artisan/add/")
    expect(page.locator("#id_civil_number")).to_be_visible()
    page.locator(".datetimeshortcuts a").first.click()  # "Today" for the date of birth
    expect(page.locator("#id_date_of_birth")).not_to_have_value("")
