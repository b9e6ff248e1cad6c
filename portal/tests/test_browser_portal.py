"""The portal's journeys on a 390 px phone, in Arabic, in a real browser."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from artisans import roles
from artisans.models import Artisan, Governorate, StaffProfile
from artisans.tests.factories import ArtisanFactory
from craftsreg.tests.browser import assert_fits_every_screen
from portal.models import Application
from portal.tests.factories import PASSWORD, PDF, AccountFactory, jpeg_bytes

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def dhofar_registrar(django_user_model, reference_data):
    user = django_user_model.objects.create_user("dhofar", password="dhofar-pw-2017", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.REGISTRAR))
    StaffProfile.objects.create(user=user, governorate=Governorate.objects.get(code="OM-ZU"))
    return "dhofar", "dhofar-pw-2017"


def _staff_sign_in(page, username, password):
    page.goto("/ar/admin/login/")
    page.get_by_label("اسم المستخدم").fill(username)
    page.get_by_label("كلمة المرور").fill(password)
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_contain_text(username)


def _portal_sign_in(page, email, password):
    page.goto("/ar/portal/sign-in/")
    page.get_by_label("البريد الإلكتروني").fill(email)
    page.get_by_label("كلمة المرور").fill(password)
    page.locator("form.portal-form button[type=submit]").click()


def _new_tab(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="ar-OM", viewport=PHONE)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_apply_then_the_governorates_registrar_approves_then_the_applicant_sees_the_record(
    page, chromium, live_server, dhofar_registrar, media
):
    page.set_viewport_size(PHONE)

    # Sign up, in Arabic, with the civil number and mobile in Arabic-Indic digits.
    page.goto("/ar/portal/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_role("link", name="إنشاء حساب").first.click()
    page.get_by_label("الرقم المدني").fill("٩٨٧٦٥٤٣٢")
    page.get_by_label("الاسم الكامل").fill("مريم بنت سالم الحارثية")
    page.get_by_label("رقم الهاتف النقال").fill("٩١٢٣ ٤٥٦٧")
    page.get_by_label("البريد الإلكتروني").fill("maryam@example.invalid")
    page.get_by_label("كلمة المرور", exact=True).fill(PASSWORD)
    page.get_by_label("كلمة المرور مرة أخرى").fill(PASSWORD)
    page.get_by_role("button", name="أنشئ الحساب").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("افحص بريدك الإلكتروني")

    # The link from the e-mail, then sign in.
    link = re.search(r"http\S+/verify-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="تأكيد بريدي الإلكتروني").click()
    _portal_sign_in(page, "maryam@example.invalid", PASSWORD)
    assert_fits_every_screen(page)
    page.set_viewport_size(PHONE)

    # Apply: the privacy notice first, then the form.
    page.get_by_role("link", name="أريد تقديم طلب").click()
    page.get_by_role("link", name="ابدأ الطلب").click()
    expect(page.get_by_text("قانون حماية البيانات الشخصية").first).to_be_visible()
    page.get_by_label("أنثى").check()
    page.get_by_label("تاريخ الميلاد").fill("١٥/٠٣/١٩٨٠")
    page.get_by_label("المحافظة").select_option(label="ظفار")
    # The wilayats narrow to the governorate's (the admin's script).
    expect(page.locator("#id_wilayat option", has_text="مطرح")).to_have_js_property("hidden", True)
    page.get_by_label("الولاية").select_option(label="صلالة")
    page.get_by_label("الحرفة الرئيسية").select_option(label="النسيج القطني")
    page.get_by_label("التطريز").check()
    page.get_by_label("عنوان الورشة").fill("صلالة، الحافة، قرب السوق")
    page.locator("#id_photo").set_input_files(
        {"name": "me.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}
    )
    page.locator("#id_id_copy").set_input_files(
        {"name": "id.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("#id_consent").check()
    assert_fits_every_screen(page)
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="إرسال الطلب").click()

    application = Application.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.reference)
    expect(page.locator(".status")).to_have_text("مُرسلة")
    assert application.civil_number == "98765432" and application.phone == "+96891234567"
    assert_fits_every_screen(page)

    # The Dhofar registrar approves it, on a phone too.
    context, staff = _new_tab(chromium, live_server)
    _staff_sign_in(staff, *dhofar_registrar)
    staff.goto("/ar/admin/portal/application/")
    staff.get_by_role("link", name=application.reference).click()
    staff.get_by_role("button", name="الموافقة والتسجيل").click()
    expect(staff.locator(".messagelist .success")).to_contain_text(application.reference)
    context.close()
    artisan = Artisan.objects.get()
    assert artisan.civil_number == "98765432"

    # The applicant was told by e-mail, and sees the record.
    assert artisan.registration_number in mail.outbox[-1].body
    page.reload()
    expect(page.locator(".status")).to_have_text("مقبول")
    page.get_by_role("link", name="عرض سجلي").click()
    expect(page.locator("main")).to_contain_text(artisan.registration_number)
    expect(page.locator("main")).to_contain_text("صلالة")
    assert_fits_every_screen(page)


def test_an_existing_artisan_links_an_account_with_the_registrars_code(
    page, chromium, live_server, dhofar_registrar, media
):
    artisan = ArtisanFactory(name_ar="سالم بن علي الشحري")
    account = AccountFactory(user__username="salim@example.invalid", language="ar")

    # The registrar issues a code on the artisan's admin page.
    context, staff = _new_tab(chromium, live_server)
    _staff_sign_in(staff, *dhofar_registrar)
    staff.goto(f"/ar/admin/artisans/artisan/{artisan.pk}/change/")
    staff.get_by_role("link", name="غير مربوط: أصدر رمزًا").click()
    staff.get_by_role("button", name="إصدار رمز لمرة واحدة").click()
    code = staff.locator(".portal-code-slip__code").inner_text()
    assert re.fullmatch(r"\d{4} \d{4} \d{4}", code.strip())
    context.close()

    # The artisan enters it on a phone, in Arabic-Indic digits.
    page.set_viewport_size(PHONE)
    _portal_sign_in(page, "salim@example.invalid", PASSWORD)
    page.get_by_role("link", name="أنا مسجّل: أدخل رمزي").click()
    page.get_by_label("الرمز من مكتب المحافظة").fill("٠٠٠٠ ٠٠٠٠ ٠٠٠٠")
    page.get_by_role("button", name="اربط سجلي").click()
    expect(page.locator(".form-field__errors")).to_contain_text("هذا الرمز لا يعمل")
    arabic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    page.get_by_label("الرمز من مكتب المحافظة").fill(arabic)
    page.get_by_role("button", name="اربط سجلي").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("سجلي في السجل الحرفي")
    expect(page.locator("main")).to_contain_text(artisan.registration_number)
    account.refresh_from_db()
    assert account.artisan == artisan
    assert_fits_every_screen(page)
