import csv
import io
import re

import pytest
from playwright.sync_api import expect

from craftsreg.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


def table_numbers(page, selector) -> dict[str, str]:
    """{row heading: first number cell} of a table, with grouping commas removed."""
    rows = page.locator(f"{selector} tbody tr")
    numbers = {}
    for index in range(rows.count()):
        row = rows.nth(index)
        name = row.locator("th").first.inner_text().replace("governorate seat", "").strip()
        numbers[name] = row.locator("td.num").first.inner_text().replace(",", "")
    return numbers


def test_visitor_reads_the_statistics_follows_the_map_and_downloads_the_csv(demo_registry, page):
    # Arabic first: the default language, right to left, the article's 2017 figures.
    page.goto("/ar/")
    page.get_by_role("navigation", name="القائمة الرئيسية").get_by_role(
        "link", name="الإحصاءات"
    ).click()
    expect(page).to_have_url(re.compile(r"/ar/statistics/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_label("حتى 31 ديسمبر من عام").select_option("2017")
    page.get_by_role("button", name="عرض الأرقام").click()
    expect(page).to_have_url(re.compile(r"/ar/statistics/\?year=2017$"))
    dhofar = page.locator('table.governorate-table tr[data-code="OM-ZU"]')
    expect(dhofar.locator("th")).to_have_text("ظفار")
    expect(dhofar.locator("td").first).to_have_text("6,224")
    expect(page.locator('[data-stat="total"]')).to_have_text("20,642")
    expect(page.locator('[data-stat="growth"]')).to_have_text("17.50%")
    assert_accessible(page)

    # The map: Dhofar links to its governorate page, keeping the year.
    page.locator('.map a[data-code="OM-ZU"]').click()
    expect(page).to_have_url(re.compile(r"/ar/statistics/governorates/OM-ZU/\?year=2017$"))
    expect(page.locator('[data-stat="table-total"]')).to_have_text("6,224")
    assert_accessible(page)

    # English, then the register as of 31 December 2016.
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/statistics/governorates/OM-ZU/\?year=2017$"))
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.get_by_label("As of 31 December of").select_option("2016")
    page.get_by_role("button", name="Show figures").click()
    expect(page).to_have_url(re.compile(r"/en/statistics/governorates/OM-ZU/\?year=2016$"))
    expect(page.locator("h1")).to_contain_text("Dhofar")
    expect(page.locator("table.wilayat-table caption")).to_contain_text("31 December 2016")
    assert_accessible(page)

    # The CSV twin of the wilayat table has the same numbers as the table.
    shown = table_numbers(page, "table.wilayat-table")
    with page.expect_download() as download_info:
        page.locator("#wilayats .downloads a", has_text="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "om-zu-wilayats-2016.csv"
    raw = download.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Wilayat", "Artisans"]
    assert dict(rows[1:-1]) == shown
    assert rows[-1] == ["Total", "5289"]

    # The English overview for 2016 is accessible too.
    page.goto("/en/statistics/?year=2016")
    expect(page.locator('table.governorate-table tr[data-code="OM-ZU"] td').first).to_have_text(
        "5,289"
    )
    assert_accessible(page)
