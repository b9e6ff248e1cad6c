import re

import pytest
from playwright.sync_api import expect

from artisans.tests.factories import ArtisanFactory
from craftsreg.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_visitor_reads_home_in_arabic_then_switches_to_english(page):
    ArtisanFactory.create_batch(3)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/ar/$"))
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    expect(page.get_by_role("heading", level=1)).to_have_text("سجل الصناعات الحرفية")
    expect(page.locator("[data-stat=artisans]")).to_have_text("3")
    assert_accessible(page)

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(html).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Craft Industries Registry")
    expect(page.locator("[data-stat=artisans]")).to_have_text("3")
    expect(page.locator("[data-stat=governorates]")).to_have_text("11")
    expect(page.locator("[data-stat=crafts]")).to_have_text("15")
    assert_accessible(page)


def test_language_switch_keeps_the_query_string(page):
    page.goto("/ar/?year=2017")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/\?year=2017$"))
