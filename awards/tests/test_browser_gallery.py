"""The score sheet's photo gallery in a real browser: thumbnails that open a large view with
previous/next, arrow keys and Esc, in both languages, on an office screen and a phone — and
plain links to the full photos when JavaScript is off."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image
from playwright.sync_api import expect

from awards.models import NominationPhoto
from awards.tests.test_browser_awards import sign_in
from craftsreg.tests.browser import assert_accessible, assert_fits_every_screen

pytestmark = pytest.mark.browser

COLOURS = ("firebrick", "seagreen", "steelblue")


@pytest.fixture
def gallery_world(reference_data, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for number, colour in enumerate(COLOURS, start=1):
        buffer = io.BytesIO()
        Image.new("RGB", (1200, 900), colour).save(buffer, "JPEG")
        photo = NominationPhoto(
            nomination=world.dhofar_nomination,
            caption_ar=f"صورة العمل {number}",
            caption_en=f"Photo of the work {number}",
        )
        photo.image.save("work.jpg", ContentFile(buffer.getvalue()), save=True)
    return world


def _score_page(page, world, lang):
    sign_in(page, "dhofar_member", lang)
    page.goto(f"/{lang}/awards/judging/5/{world.dhofar_nomination.pk}/")


def _swipe(page, dialog, dx):
    """A one-finger horizontal swipe of ``dx`` CSS px across the middle of the dialog."""
    page.evaluate(
        """([dialog, dx]) => {
          const box = dialog.getBoundingClientRect();
          const x = box.left + box.width / 2, y = box.top + box.height / 2;
          const touch = (cx) => new Touch({identifier: 1, target: dialog, clientX: cx, clientY: y});
          const start = touch(x - dx / 2), end = touch(x + dx / 2);
          const fire = (type, touches, changed) => dialog.dispatchEvent(
            new TouchEvent(type, {touches, changedTouches: changed, bubbles: true}));
          fire("touchstart", [start], [start]);
          fire("touchend", [], [end]);
        }""",
        [dialog.element_handle(), dx],
    )


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_juror_steps_through_the_photos_with_keys_and_buttons(page, gallery_world, lang):
    _score_page(page, gallery_world, lang)
    thumbnails = page.locator(".nomination-summary [data-gallery-item]")
    expect(thumbnails).to_have_count(3)
    # Thumbnails are the small copies, each with its caption as alternative text.
    first = thumbnails.first.locator("img")
    expect(first).to_have_attribute(
        "alt", "صورة العمل 1" if lang == "ar" else "Photo of the work 1"
    )
    first.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=first.element_handle()
    )
    assert page.evaluate("img => img.naturalWidth", first.element_handle()) == 320

    thumbnails.nth(0).click()
    dialog = page.locator(".nomination-summary dialog.lightbox")
    expect(dialog).to_be_visible()
    counter = dialog.locator("[data-gallery-counter]")
    expect(counter).to_have_text("الصورة 1 من 3" if lang == "ar" else "Photo 1 of 3")
    expect(dialog.locator("[data-gallery-close]")).to_be_focused()
    # The large view is the full photo, not the thumbnail.
    large = dialog.locator("[data-gallery-image]")
    expect(large).to_have_attribute("src", thumbnails.nth(0).get_attribute("href"))
    assert_accessible(page)

    # "Next" lies in the reading direction: the left arrow in Arabic, the right one in English.
    page.keyboard.press("ArrowLeft" if lang == "ar" else "ArrowRight")
    expect(counter).to_have_text("الصورة 2 من 3" if lang == "ar" else "Photo 2 of 3")
    expect(dialog.locator("[data-gallery-caption]")).to_have_text(
        "صورة العمل 2" if lang == "ar" else "Photo of the work 2"
    )
    dialog.locator("[data-gallery-next]").click()
    expect(counter).to_have_text("الصورة 3 من 3" if lang == "ar" else "Photo 3 of 3")
    dialog.locator("[data-gallery-next]").click()  # after the last comes the first
    expect(counter).to_have_text("الصورة 1 من 3" if lang == "ar" else "Photo 1 of 3")
    dialog.locator("[data-gallery-previous]").click()
    expect(counter).to_have_text("الصورة 3 من 3" if lang == "ar" else "Photo 3 of 3")

    # On a phone the large view fits the screen, buttons included.
    page.set_viewport_size({"width": 390, "height": 844})
    box = dialog.bounding_box()
    assert box["width"] <= 390
    for button in ("[data-gallery-previous]", "[data-gallery-next]", "[data-gallery-close]"):
        button_box = dialog.locator(button).bounding_box()
        assert button_box["x"] >= 0 and button_box["x"] + button_box["width"] <= 390
        assert button_box["y"] + button_box["height"] <= 844
    assert_accessible(page)

    # A swipe towards the reading direction's start brings the next photo, as a page turns:
    # leftwards in English, rightwards in Arabic; the other way goes back.
    forward = 1 if lang == "ar" else -1
    _swipe(page, dialog, forward * 120)
    expect(counter).to_have_text("الصورة 1 من 3" if lang == "ar" else "Photo 1 of 3")
    _swipe(page, dialog, -forward * 120)
    expect(counter).to_have_text("الصورة 3 من 3" if lang == "ar" else "Photo 3 of 3")
    _swipe(page, dialog, forward * 15)  # too short to be a swipe
    expect(counter).to_have_text("الصورة 3 من 3" if lang == "ar" else "Photo 3 of 3")

    # Esc closes it and gives focus back to the thumbnail that opened it.
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(thumbnails.nth(0)).to_be_focused()
    assert_fits_every_screen(page)


def test_without_javascript_a_thumbnail_opens_the_full_photo(chromium, live_server, gallery_world):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        _score_page(page, gallery_world, "en")
        link = page.locator(".nomination-summary [data-gallery-item]").nth(1)
        href = link.get_attribute("href")
        with page.expect_response(lambda r: r.url.endswith(href)) as answer:
            link.click()
        assert answer.value.status == 200
        assert answer.value.headers["content-type"] == "image/jpeg"
        assert page.url.endswith(href)
    finally:
        context.close()
