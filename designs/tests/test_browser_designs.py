import re

import pytest
from playwright.sync_api import expect

from craftsreg.tests.browser import assert_accessible
from designs.models import Design, ProductKind
from designs.tests.factories import DesignFactory, DesignImageFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue_designs(design_reference_data):
    souvenirs = ProductKind.objects.get(code="souvenirs-gifts")
    lighting = ProductKind.objects.get(code="lighting-units")
    gift = DesignFactory(
        title_ar="هدية تذكارية من سعف النخيل بزخرفة النخلة",
        title_en="Palm-frond souvenir gift with a palm-tree motif",
        product_kind=souvenirs,
        materials=["palm-frond"],
    )
    DesignImageFactory(design=gift)
    lantern = DesignFactory(
        title_ar="فانوس من سعف النخيل",
        title_en="Palm-frond lantern",
        product_kind=lighting,
        materials=["palm-frond"],
    )
    DesignImageFactory(design=lantern)
    DesignFactory(title_ar="مسبحة من العظم", title_en="Bone rosary", materials=["bone"])
    DesignFactory(
        title_ar="سلة من سعف النخيل (مسودة)", title_en="Draft palm-frond basket", hidden=True
    )
    return gift


def test_visitor_searches_filters_opens_a_design_and_switches_to_english(page, catalogue_designs):
    gift = catalogue_designs
    # The strict Content-Security-Policy must not block anything on these pages.
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/ar/designs/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("التصاميم الحرفية المودعة")
    assert_accessible(page)

    page.get_by_label("بحث", exact=True).fill("سعف")
    page.get_by_role("button", name="بحث").click()
    expect(page).to_have_url(re.compile(r"/ar/designs/\?q=%D8%B3%D8%B9%D9%81"))
    cards = page.locator(".design-card")
    expect(cards).to_have_count(2)
    expect(page.get_by_text("مسودة")).to_have_count(0)
    # Live counts: the product kind list offers only kinds with palm-frond results.
    kind = page.get_by_label("نوع المنتج", exact=True)
    expect(kind.locator("option")).to_have_count(3)

    kind.select_option("souvenirs-gifts")
    page.get_by_role("button", name="بحث").click()
    expect(page).to_have_url(re.compile(r"kind=souvenirs-gifts"))
    expect(cards).to_have_count(1)
    assert_accessible(page)

    page.get_by_role("link", name=gift.title_ar).click()
    expect(page).to_have_url(re.compile(rf"/ar/designs/{gift.number}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(gift.title_ar)
    expect(page.locator("[data-field=certificate]")).to_have_text(gift.certificate_number)
    picture = page.locator(".design-gallery img").first
    expect(picture).to_be_visible()
    # Visible is not loaded: wait for the picture itself (a broken one never gets a width).
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
    )
    assert picture.evaluate("img => img.naturalWidth") > 0
    assert_accessible(page)

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(rf"/en/designs/{gift.number}/$"))
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text(gift.title_en)
    expect(
        page.get_by_text("Royal Decree 65/2008 — Copyright and Related Rights Law")
    ).to_be_visible()
    assert_accessible(page)


def test_hidden_design_is_not_found_in_the_browser(page, catalogue_designs):
    hidden = Design.objects.exclude(status=Design.Status.DEPOSITED).get()
    response = page.goto(f"/en/designs/{hidden.number}/")
    assert response.status == 404


def test_officer_uploading_a_renamed_non_image_sees_the_error(
    page, catalogue_designs, design_officer, tmp_path
):
    design = Design.objects.exclude(status=Design.Status.DEPOSITED).get()
    fake = tmp_path / "khanjar-belt.jpg"
    fake.write_bytes(b"%PDF-1.4 this is a document, not a picture\n" * 40)

    page.goto("/ar/admin/login/")
    page.locator("#id_username").fill("officer")
    page.locator("#id_password").fill("officer-pw")
    page.locator("input[type=submit]").click()
    page.goto(f"/ar/admin/designs/design/{design.pk}/change/")
    page.locator("input[name='images-0-image']").set_input_files(str(fake))
    page.locator("input[name='_continue']").click()

    expect(page.get_by_text("هذا الملف ليس صورة مقبولة")).to_be_visible()
    assert not design.images.exists()
