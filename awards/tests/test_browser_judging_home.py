"""The judging home in a real browser, in both languages, on an office screen and a phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import ConflictOfInterest, Stage
from awards.tests.factories import set_stage
from awards.tests.test_browser_awards import sign_in
from craftsreg.tests.browser import assert_fits_every_screen

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_juror_filters_the_judging_home_by_status_on_any_screen(page, reference_data, world, lang):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    world.edition.final_deadline = timezone.localdate() - datetime.timedelta(days=2)
    world.edition.save(update_fields=["final_deadline"])
    ConflictOfInterest.objects.create(
        judge=world.juror,
        nomination=world.muscat_nomination,
        reason="x",
        declared_at="2017-05-01T10:00Z",
    )
    sign_in(page, "juror", lang)
    page.goto(f"/{lang}/awards/judging/")

    rows = page.locator("table.judging-table tbody tr")
    expect(rows).to_have_count(3)
    # The conflict comes last; the filter counts each state.
    expect(rows.last.locator(".badge--conflict")).to_be_visible()
    expect(page.locator("[data-status=conflict] .status-filter__count")).to_have_text("1")
    expect(page.locator("[data-status=not_started] .status-filter__count")).to_have_text("2")
    # By when: the deadline passed two days ago, said in words on every row still to score.
    overdue = page.locator("table.judging-table .due--overdue .due__left")
    expect(overdue).to_have_count(2)
    expect(overdue.first).to_have_text("متأخر بيومين" if lang == "ar" else "overdue by 2 days")
    assert_fits_every_screen(page)

    page.locator("[data-status=conflict]").click()
    expect(rows).to_have_count(1)
    expect(page.locator("[data-status=conflict]")).to_have_attribute("aria-current", "true")
    assert_fits_every_screen(page)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_committee_member_with_nothing_to_score_has_a_home(page, reference_data, world, lang):
    set_stage(world.edition, Stage.NOMINATIONS)
    sign_in(page, "dhofar_member", lang)
    page.goto(f"/{lang}/awards/judging/")

    row = page.locator(".committees-table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("ظفار" if lang == "ar" else "Dhofar")
    expect(row).to_contain_text("التقييم المبدئي" if lang == "ar" else "Initial evaluation")
    assert_fits_every_screen(page)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_juror_scores_on_a_phone_with_empty_criteria_shown_as_incomplete(
    page, reference_data, world, lang
):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    sign_in(page, "juror", lang)
    page.goto(f"/{lang}/awards/judging/")
    page.locator("table.judging-table tbody a").first.click()

    page.set_viewport_size({"width": 390, "height": 844})
    inputs = page.locator("input.score-input")
    inputs.first.fill("7.5")
    count = inputs.count()
    live = page.locator("[data-live-total]")
    expected = (
        f"غير مكتمل ({count - 1} من {count} معايير فارغة)"
        if lang == "ar"
        else f"incomplete ({count - 1} of {count} criteria empty)"
    )
    expect(live).to_have_text(expected)
    # The conflict declaration comes before the form; a next nomination is offered.
    conflict = page.locator("#conflict-title").bounding_box()["y"]
    assert conflict < page.locator("form.score-form").bounding_box()["y"]
    expect(page.locator("[data-next-nomination]")).to_be_visible()
    assert_fits_every_screen(page)
