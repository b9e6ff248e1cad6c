"""The public statistics pages as visitors meet them: desktop and phone, Arabic and English."""

import pytest

from craftsreg.tests.browser import assert_accessible

pytestmark = pytest.mark.browser

PAGES = [
    "/{lang}/statistics/",
    "/{lang}/statistics/governorates/OM-ZU/",
    "/{lang}/statistics/crafts/pottery/",
    "/{lang}/statistics/crafts/",
]

# The rendered size of chart and map text in CSS pixels: the font size times the scale at which
# its SVG is drawn (a map with a viewBox shrinks with the screen; the bar charts do not).
SMALLEST_CHART_TEXT = """() => {
  const sizes = [...document.querySelectorAll("svg.chart text, svg.map text")].map((el) =>
    parseFloat(getComputedStyle(el).fontSize) * el.getScreenCTM().a);
  return sizes.length ? Math.min(...sizes) : null;
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_statistics_pages_read_well_on_desktop_and_phone_in_both_languages(
    demo_registry, page, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    for lang in ("ar", "en"):
        for template in PAGES:
            address = template.format(lang=lang)
            page.goto(address)
            assert page.locator("h1").count() == 1, address
            smallest = page.evaluate(SMALLEST_CHART_TEXT)
            assert smallest is not None, f"{address}: no chart"
            assert smallest >= 11, f"{address} at {width}px: chart text {smallest:.1f}px"
            assert page.evaluate(OVERFLOW) <= 0, f"{address} at {width}px scrolls sideways"
            assert_accessible(page)


def test_viability_page_lists_the_demo_crafts_by_status(demo_registry, page):
    page.goto("/en/statistics/crafts/")

    counts = {
        status: int(page.locator(f'[data-stat="{status}"]').inner_text())
        for status in ("viable", "at_risk", "endangered")
    }
    assert counts == {"viable": 6, "at_risk": 7, "endangered": 2}
    assert page.locator('#endangered tr[data-code="bone-carving"]').count() == 1
    page.locator('#endangered tr[data-code="bone-carving"] a').click()
    assert page.locator("#ages table.age-table tbody tr").count() >= 6
    assert page.locator('[data-stat="status"]').inner_text() == "Endangered"


def test_print_layout_and_embed_view(demo_registry, page):
    page.goto("/ar/statistics/governorates/OM-ZU/")
    page.emulate_media(media="print")
    # Printed: the figures with their source and permalink, without navigation or buttons.
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".filters").is_visible()
    assert not page.locator(".downloads").first.is_visible()
    assert page.locator("#cite").is_visible()
    assert "year=2017" in page.locator("#cite a").inner_text()
    page.emulate_media(media="screen")

    page.goto("/en/statistics/crafts/pottery/gender.embed")
    assert page.locator(".site-header").count() == 0
    assert page.locator("svg.chart rect").count() == 2
    assert_accessible(page)
