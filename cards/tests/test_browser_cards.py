"""The craft card's journey in a real browser: a registrar uploads a photo and prints a card, a
stranger checks the address printed on it, the card is revoked and the same address says so."""

import pytest
from django.contrib.auth.models import Group
from PIL import Image
from playwright.sync_api import expect

from artisans import roles
from artisans.tests.factories import ArtisanFactory
from craftsreg.tests.browser import assert_accessible

pytestmark = pytest.mark.browser

WORDS = {
    "ar": {
        "user": "اسم المستخدم",
        "password": "كلمة المرور",
        "photo": "الصورة",
        "issue": "إصدار بطاقة",
        "valid": "صالحة",
        "revoked": "ملغاة",
        "reason": "سبب الإلغاء",
        "revoke": "إلغاء البطاقة",
    },
    "en": {
        "user": "Username",
        "password": "Password",
        "photo": "Photo",
        "issue": "Issue a card",
        "valid": "Valid",
        "revoked": "Revoked",
        "reason": "Reason for revocation",
        "revoke": "Revoke the card",
    },
}


@pytest.fixture
def registrar_login(django_user_model, reference_data):
    user = django_user_model.objects.create_user(
        "registrar", password="pw-registrar-2017", is_staff=True
    )
    user.groups.add(Group.objects.get(name=roles.REGISTRAR))
    return "registrar", "pw-registrar-2017"


def sign_in(page, language, login):
    username, password = login
    page.goto(f"/{language}/admin/")
    page.get_by_label(WORDS[language]["user"]).fill(username)
    page.get_by_label(WORDS[language]["password"]).fill(password)
    page.locator("input[type=submit]").click()


@pytest.fixture
def photo_file(tmp_path):
    path = tmp_path / "portrait.jpg"
    Image.new("RGB", (300, 400), (150, 90, 60)).save(path, "JPEG")
    return path


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_card_is_printed_verified_revoked_and_verified_again(
    page, chromium, live_server, registrar_login, photo_file, language
):
    words = WORDS[language]
    artisan = ArtisanFactory(name_ar="شيخة بنت حمد المعمري", name_en="Shaikha Al Maamari")
    sign_in(page, language, registrar_login)

    # The photo, on the artisan's record.
    page.goto(f"/{language}/admin/artisans/artisan/{artisan.pk}/change/")
    page.locator("#id_photo").set_input_files(str(photo_file))
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    # The card page: issue, then the printable card with its photo, QR code and address.
    page.goto(f"/{language}/admin/artisans/artisan/{artisan.pk}/card/")
    page.get_by_role("button", name=words["issue"]).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert_accessible(page)
    address = page.locator(".verify-link").get_attribute("href")
    assert "/verify/" in address
    with page.expect_popup() as popup:
        page.locator(f"a[href$='/{artisan.pk}/card/print/']").click()
    printed = popup.value
    expect(printed.locator(".craft-card")).to_have_count(1)
    expect(printed.locator(".craft-card svg.segno")).to_be_visible()
    # The popup may still be loading the photo: wait for it to load (or fail), then measure.
    photo_width = printed.locator(".craft-card__photo img").evaluate(
        "img => img.complete ? img.naturalWidth : new Promise(done => {"
        " img.onload = img.onerror = () => done(img.naturalWidth); })"
    )
    assert photo_width > 0
    expect(printed.locator(".craft-card__url")).to_have_text(address)
    printed.emulate_media(media="print")
    face = printed.locator(".craft-card__face").first.bounding_box()
    # ID-1: 85.6 × 54 mm at 96 px per inch.
    assert abs(face["width"] - 85.6 / 25.4 * 96) < 2 and abs(face["height"] - 54 / 25.4 * 96) < 2
    printed.close()

    # A stranger (no session) opens the printed address.
    stranger = chromium.new_context(
        base_url=live_server.url, locale="ar-OM" if language == "ar" else "en-GB"
    ).new_page()
    stranger.goto(address)
    assert stranger.url.endswith(f"/{language}/verify/{address.rsplit('/verify/', 1)[1]}")
    expect(stranger.locator(".verify__status")).to_contain_text(words["valid"])
    expect(stranger.locator(".verify")).to_contain_text(artisan.registration_number)
    expect(stranger.locator(".verify")).not_to_contain_text(artisan.civil_number)
    assert_accessible(stranger)

    # The registrar revokes the card; the same address now says so.
    page.get_by_label(words["reason"]).fill("Registration cancelled at the artisan's request")
    page.get_by_role("button", name=words["revoke"]).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    stranger.goto(address)
    expect(stranger.locator(".verify__status")).to_contain_text(words["revoked"])
    expect(stranger.locator(".verify")).not_to_contain_text("Registration cancelled")
    stranger.context.close()


DELIVERY = {
    "ar": {
        "printed": "سجّل أنها طُبعت",
        "collector": "المستلم (إن لم يكن الحرفي نفسه)",
        "hand_over": "سجّل التسليم",
        "waiting": "بانتظارك",
        "to_print": "بطاقات حرفيين بانتظار الطباعة",
        "ready": "مطبوعة وجاهزة للاستلام",
    },
    "en": {
        "printed": "Record as printed",
        "collector": "Collected by (if not the artisan in person)",
        "hand_over": "Record the hand-over",
        "waiting": "Waiting for you",
        "to_print": "Craft cards to print",
        "ready": "Printed, ready for collection",
    },
}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_card_waits_for_printing_then_is_handed_over_to_a_relative(
    page, registrar_login, language
):
    words, delivery = WORDS[language], DELIVERY[language]
    artisan = ArtisanFactory(name_ar="شيخة بنت حمد المعمري", name_en="Shaikha Al Maamari")
    sign_in(page, language, registrar_login)
    page.goto(f"/{language}/admin/artisans/artisan/{artisan.pk}/card/")
    page.get_by_role("button", name=words["issue"]).click()

    # The admin's home page: the new card waits to be printed, and the row leads to it.
    page.goto(f"/{language}/admin/")
    queue = page.locator(".waiting-for-you")
    expect(queue).to_contain_text(delivery["waiting"])
    assert_accessible(page)
    queue.get_by_role("link", name=delivery["to_print"]).click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)

    page.goto(f"/{language}/admin/artisans/artisan/{artisan.pk}/card/")
    page.get_by_role("button", name=delivery["printed"]).click()
    expect(page.locator("[data-delivery=ready]")).to_contain_text(delivery["ready"])
    page.get_by_label(delivery["collector"]).fill("حمد، ابنها")
    page.get_by_role("button", name=delivery["hand_over"]).click()
    expect(page.locator("[data-delivery=handed_over]")).to_contain_text("حمد، ابنها")
    # Nothing is left to record once the card has left the office.
    expect(page.get_by_role("button", name=delivery["hand_over"])).to_have_count(0)
    assert_accessible(page)
