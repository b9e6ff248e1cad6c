"""The judging home in a real browser, in both languages, on an office screen and a phone."""

import pytest
from playwright.sync_api import expect

from awards.models import ConflictOfInterest, Stage
from awards.tests.factories import set_stage
from awards.tests.test_browser_awards import sign_in
from craftsreg.testing import assert_fits_every_screen

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_juror_filters_the_judging_home_by_status_on_any_screen(page, reference_data, world, lang):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    ConflictOfInterest.objects.create(
        judge=world.juror,
        nomination=world.muscat_nomination,
        reason="x",
        declared_at="2017-05-01T10:00Z",
    )
    sign_in(page, "juror", lang)
    page.goto(f"/{lang}/awards/judging/")

    rows = page.locator("table.stack-table tbody tr")
    expect(rows).to_have_count(3)
    # The conflict comes last; the filter counts each state.
    expect(rows.last.locator(".badge--conflict")).to_be_visible()
    expect(page.locator("[data-status=conflict] .status-filter__count")).to_have_text("1")
    expect(page.locator("[data-status=not_started] .status-filter__count")).to_have_text("2")
    assert_fits_every_screen(page)

    page.locator("[data-status=conflict]").click()
    expect(rows).to_have_count(1)
    expect(page.locator("[data-status=conflict]")).to_have_attribute("aria-current", "true")
    assert_fits_every_screen(page)
