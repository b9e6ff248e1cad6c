"""Two-factor enrolment by an administrator's one-time code, as the two people meet it: the
administrator issues the code on the user's admin page (Arabic), the user enters it before the
QR code (English). Both screens at 1366 and 390 px, under the Content-Security-Policy."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from craftsreg.tests.browser import assert_fits_every_screen

pytestmark = pytest.mark.browser

# Screenshots for a person to look at (not compared): SCREENSHOTS=dir to keep them.
SCREENSHOTS = os.environ.get("SCREENSHOTS")


def _shoot(page, name):
    if not SCREENSHOTS:
        return
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900 if width > 1000 else 844})
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)


def test_an_administrator_issues_a_code_and_the_user_enrols_with_it(
    page, chromium, live_server, django_user_model, settings
):
    settings.CRAFTSREG_REQUIRE_MFA = False  # the administrator's own second factor aside
    django_user_model.objects.create_superuser("admin", "a@example.invalid", "pw-long-enough-1")
    staff = django_user_model.objects.create_user(
        "mariam", password="pw-long-enough-2", is_staff=True
    )

    page.goto("/ar/admin/login/")
    page.get_by_label("اسم المستخدم").fill("admin")
    page.get_by_label("كلمة المرور").fill("pw-long-enough-1")
    page.get_by_role("button", name="ادخل").click()
    page.goto(f"/ar/admin/auth/user/{staff.pk}/change/")
    page.get_by_role("link", name="رمز التسجيل في التحقق بخطوتين").click()
    expect(page.get_by_role("button", name="إصدار رمز")).to_be_visible()
    assert_fits_every_screen(page)
    _shoot(page, "mfa-enrolment-issue-ar")
    page.get_by_role("button", name="إصدار رمز").click()
    shown = page.locator("[data-enrolment-code]")
    expect(shown).to_have_text(re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$"))
    code = shown.inner_text()
    assert_fits_every_screen(page)
    _shoot(page, "mfa-enrolment-code-ar")

    settings.CRAFTSREG_REQUIRE_MFA = True
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    user = context.new_page()
    user.goto("/en/admin/login/")
    user.get_by_label("Username").fill("mariam")
    user.get_by_label("Password").fill("pw-long-enough-2")
    user.get_by_role("button", name="Log in").click()
    expect(user).to_have_url(re.compile(r"/en/account/two-factor/\?next="))
    expect(user.locator("svg")).to_have_count(0)  # no QR code before the enrolment code
    user.get_by_label("Enrolment code").fill("ABCD-EFGH-JKLM")
    user.get_by_role("button", name="Continue").click()
    expect(user.get_by_text("That enrolment code is not right")).to_be_visible()
    assert_fits_every_screen(user)
    _shoot(user, "mfa-enrolment-enter-en")
    user.get_by_label("Enrolment code").fill(code.lower())
    user.get_by_role("button", name="Continue").click()
    expect(user.locator(".qr svg")).to_be_visible()
    assert_fits_every_screen(user)
    _shoot(user, "mfa-enrolment-qr-en")
    context.close()
