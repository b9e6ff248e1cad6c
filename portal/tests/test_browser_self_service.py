"""Change requests and award entries on a 390 px phone, in Arabic, in a real browser: the
artisan asks, the registrar (or award staff) of that governorate decides, the artisan sees it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from artisans import roles
from artisans.models import Governorate, StaffProfile
from artisans.tests.factories import ArtisanFactory
from awards import roles as award_roles
from awards.models import AwardEntry, EntryStatus, Nomination, Stage
from awards.tests.factories import EditionFactory
from craftsreg.tests.browser import assert_fits_every_screen
from portal.models import ChangeRequest, RequestStatus
from portal.tests.factories import PASSWORD, AccountFactory, jpeg_bytes

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def _staff(django_user_model, username, group, governorate="OM-ZU"):
    user = django_user_model.objects.create_user(username, password="staff-pw-2017", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    StaffProfile.objects.create(user=user, governorate=Governorate.objects.get(code=governorate))
    return username, "staff-pw-2017"


def _linked_artisan():
    artisan = ArtisanFactory(name_ar="سالم بن علي الشحري", registered_on=datetime.date(2010, 1, 1))
    AccountFactory(
        user__username="salim@example.invalid",
        language="ar",
        artisan=artisan,
        linked_at=timezone.now(),
    )
    return artisan


def _staff_tab(chromium, live_server, username, password):
    context = chromium.new_context(base_url=live_server.url, locale="ar-OM")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.goto("/ar/admin/login/")
    tab.get_by_label("اسم المستخدم").fill(username)
    tab.get_by_label("كلمة المرور").fill(password)
    tab.locator("input[type=submit]").click()
    expect(tab.locator("#user-tools")).to_contain_text(username)
    return context, tab


def _portal_sign_in(page):
    page.set_viewport_size(PHONE)
    page.goto("/ar/portal/sign-in/")
    page.get_by_label("البريد الإلكتروني").fill("salim@example.invalid")
    page.get_by_label("كلمة المرور").fill(PASSWORD)
    page.locator("form.portal-form button[type=submit]").click()


def test_a_change_request_is_submitted_approved_by_the_registrar_and_shown_in_the_record(
    page, chromium, live_server, django_user_model, media
):
    artisan = _linked_artisan()
    registrar = _staff(django_user_model, "dhofar", roles.REGISTRAR)

    _portal_sign_in(page)
    page.get_by_role("link", name="طلباتي").first.click()
    page.get_by_role("link", name="الهاتف").click()
    expect(page.locator("main")).to_contain_text("+968 9912 3456")
    page.get_by_label("رقم الهاتف الجديد").fill("٩٩٧٧ ٧٧٧٧")
    page.get_by_role("button", name="إرسال إلى المسجّل").click()
    expect(page.locator(".portal-compare")).to_contain_text("+968 9977 7777")
    assert_fits_every_screen(page)
    change = ChangeRequest.objects.get()

    context, staff = _staff_tab(chromium, live_server, *registrar)
    staff.goto("/ar/admin/portal/changerequest/")
    staff.get_by_role("link", name=str(change)).click()
    expect(staff.locator(".request-comparison")).to_contain_text("+968 9977 7777")
    staff.get_by_role("button", name="الموافقة وتعديل السجل").click()
    expect(staff.locator(".messagelist")).to_contain_text("كُتب التعديل في السجل")
    context.close()

    change.refresh_from_db()
    artisan.refresh_from_db()
    assert change.status == RequestStatus.APPROVED and artisan.phone == "+96899777777"
    assert artisan.history.latest("history_date").history_change_reason == (
        f"عُدّل بناءً على طلب البوابة رقم {change.pk}"
    )
    page.get_by_role("link", name="سجلي").first.click()
    expect(page.locator("main")).to_contain_text("+968 9977 7777")
    page.goto("/ar/portal/requests/")
    expect(page.locator(".portal-list").first).to_contain_text("مقبول")
    assert_fits_every_screen(page)


def test_an_award_entry_is_submitted_and_turned_into_a_nomination(
    page, chromium, live_server, django_user_model, media, tmp_path
):
    artisan = _linked_artisan()
    edition = EditionFactory(number=6, year=2018, stage=Stage.NOMINATIONS)
    staff_login = _staff(django_user_model, "dhofar-award", award_roles.AWARD_STAFF)
    photo = tmp_path / "work.jpg"
    photo.write_bytes(jpeg_bytes())

    _portal_sign_in(page)
    page.get_by_role("link", name="الجائزة").first.click()
    expect(page.locator("main")).to_contain_text(edition.title_ar)
    page.get_by_role("link", name="المشاركة بعمل").first.click()
    page.get_by_label("عنوان العمل").fill("بردة قطنية منسوجة")
    page.get_by_label("الوصف").fill("نسيج يدوي على النول الأرضي.")
    page.get_by_label("صور العمل").set_input_files(str(photo))
    assert_fits_every_screen(page)
    page.get_by_role("button", name="تقديم مشاركتي").click()
    expect(page.locator("[role=status]")).to_contain_text("مقدمة، بانتظار المراجعة")
    entry = AwardEntry.objects.get()
    assert entry.photos.count() == 1 and entry.craft == artisan.primary_craft

    context, staff = _staff_tab(chromium, live_server, *staff_login)
    staff.goto(f"/ar/admin/awards/awardentry/{entry.pk}/change/")
    staff.get_by_role("button", name="قبولها ترشيحًا").click()
    expect(staff.locator(".messagelist")).to_contain_text("أصبحت المشاركة الترشيح")
    context.close()

    entry.refresh_from_db()
    nomination = Nomination.objects.get()
    assert entry.status == EntryStatus.ACCEPTED and entry.nomination == nomination
    assert nomination.artisan == artisan and nomination.photos.count() == 1
    page.reload()
    expect(page.locator("[role=status]")).to_contain_text("قُبلت ترشيحًا: قيد التقييم")
    expect(page.get_by_role("button", name="سحب مشاركتي")).to_have_count(0)
    assert_fits_every_screen(page)
