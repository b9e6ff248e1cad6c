"""Certificate batches as users meet them: the chair's downloads page, the job that prints the
edition's certificates, and the file itself printed by Chromium — one A4 page per certificate."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from craftsreg.tests.browser import assert_fits_every_screen

pytestmark = pytest.mark.browser

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


@pytest.fixture
def signed_in(page, superuser):
    page.goto("/en/admin/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("pw")
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_contain_text("root")
    return superuser


def _pdf_pages(page, path: Path) -> int:
    """How many pages Chromium prints the file on, opened from the disk as a user does."""
    page.goto(path.as_uri())
    # The file's own styles apply (they travel inside it): the certificate has its frame.
    border = page.evaluate("getComputedStyle(document.querySelector('article')).borderTopStyle")
    assert border in ("double", "solid"), border
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def _shoot(page, name: str) -> None:
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=SCREENS / f"{name}-{width}.png", full_page=False)


def test_the_chair_prints_an_editions_certificates_one_page_each(page, signed_in, tmp_path):
    from awards.models import NominationStatus, Stage
    from awards.tests.factories import EditionFactory, NominationFactory, category

    edition = EditionFactory(number=5, stage=Stage.ANNOUNCED)
    product = category(edition)
    NominationFactory(category=product, status=NominationStatus.WINNER, rank=1)
    NominationFactory(category=product, status=NominationStatus.WINNER, rank=2)
    NominationFactory(category=product, status=NominationStatus.NOT_PLACED)

    for language in ("ar", "en"):
        page.goto(f"/{language}/awards/5/chair/downloads/")
        expect(page.locator("[data-count]").nth(1)).to_have_attribute("data-count", "3")
        assert_fits_every_screen(page)
        _shoot(page, f"after-award-downloads-{language}")

    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("button", name="Print all certificates").click()
    expect(page).to_have_url(re.compile(r"/en/jobs/\d+/$"))
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download")).click()
    path = tmp_path / "certificates.html"
    download.value.save_as(path)
    assert download.value.suggested_filename == "award-5-certificates.html"
    assert _pdf_pages(page, path) == 3
    _shoot(page, "after-award-certificates-file")


def test_a_deposit_batch_prints_one_page_per_certificate(page, tmp_path):
    from designs import certificates
    from designs.tests.factories import DesignFactory

    designs = DesignFactory.create_batch(4)
    path = tmp_path / "batch.html"
    certificates.write_batch(path, designs[0].batch, base_url="https://craftsreg.example.om")
    assert _pdf_pages(page, path) == 4
    _shoot(page, "after-design-certificates-file")
