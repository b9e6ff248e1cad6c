"""Browser journeys of the award (Playwright on Debian's chromium, axe-core checks)."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from awards import services
from awards.models import Criterion, Nomination, Score, ScoreSheet, SheetStatus, Stage
from awards.tests.factories import set_stage
from craftsreg.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def bworld(reference_data, world):
    return world


def sign_in(page, username, language="en"):
    page.goto(f"/{language}/awards/sign-in/")
    page.get_by_label(re.compile("Username|اسم المستخدم")).fill(username)
    page.get_by_label(re.compile("Password|كلمة المرور")).fill("pw")
    page.locator("main form button[type=submit]").click()


def submit_all(judge, nomination, *values):
    criteria = Criterion.objects.for_stage(nomination.category, "final")
    services.score_sheet_save(
        judge=judge,
        nomination=nomination,
        values={c.pk: Decimal(v) for c, v in zip(criteria, values, strict=True)},
        submit=True,
    )


def test_juror_scores_a_finalist(page, bworld):
    bworld.finalise()
    set_stage(bworld.edition, Stage.FINAL)
    nomination = Nomination.objects.get(pk=bworld.dhofar_nomination.pk)
    submit_all(bworld.juror2, nomination, "2", "3", "1")  # another juror's sheet: 20.00
    sign_in(page, "juror")
    expect(page.get_by_role("heading", level=1)).to_have_text("My judging")
    page.get_by_role("link", name=nomination.title_en).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Score sheet")
    assert_accessible(page)

    # One score above the maximum: an error, and nothing saved.
    page.get_by_label("Quality").fill("11")
    page.get_by_label("Efficiency").fill("7")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.locator(".field--error")).to_have_count(1)
    assert not ScoreSheet.objects.filter(judge=bworld.juror).exists()

    # The live total follows the values typed (progressive enhancement).
    page.get_by_label("Quality").fill("9")
    page.get_by_label("Efficiency").fill("8")
    page.get_by_label("Conformity with the conditions").fill("7")
    expect(page.locator("[data-live-total]")).to_have_text("81.00")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved")).to_be_visible()
    assert ScoreSheet.objects.get(judge=bworld.juror).status == SheetStatus.DRAFT

    page.get_by_label(re.compile("I confirm")).check()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Your score sheet has been submitted")).to_be_visible()
    expect(page.locator("[data-sheet-status=submitted]")).to_be_visible()
    expect(page.get_by_role("button", name="Submit")).to_have_count(0)
    expect(page.locator("input.score-input")).to_have_count(0)
    expect(page.locator("td[data-saved-total]")).to_have_text("81.00")
    # Nothing of the other juror's sheet is on the page.
    expect(page.get_by_text("20.00")).to_have_count(0)
    expect(page.get_by_text("juror2")).to_have_count(0)
    sheet = ScoreSheet.objects.get(judge=bworld.juror)
    assert sheet.status == SheetStatus.SUBMITTED
    assert sorted(Score.objects.filter(sheet=sheet).values_list("value", flat=True)) == [7, 8, 9]


def test_dhofar_committee_member_cannot_open_a_muscat_nomination(page, bworld):
    sign_in(page, "dhofar_member")
    expect(page.get_by_role("link", name=bworld.dhofar_nomination.title_en)).to_be_visible()
    expect(page.get_by_text(bworld.muscat_nomination.title_en)).to_have_count(0)
    response = page.goto(f"/en/awards/judging/5/{bworld.muscat_nomination.pk}/")
    assert response.status == 404
    response = page.goto(f"/en/awards/judging/5/{bworld.dhofar_nomination.pk}/")
    assert response.status == 200


def test_chair_reviews_approves_with_an_override_and_announces(page, bworld):
    bworld.finalise()
    set_stage(bworld.edition, Stage.FINAL)
    scores = {
        bworld.dhofar_nomination.pk: ("9", "9", "9"),
        bworld.muscat_nomination.pk: ("6", "6", "6"),
        bworld.dhofar_project.pk: ("7", "7", "7"),
    }
    for pk, values in scores.items():
        nomination = Nomination.objects.get(pk=pk)
        submit_all(bworld.juror, nomination, *values)
        submit_all(bworld.juror2, nomination, *values)

    response = page.goto("/en/awards/5/winners/")
    assert response.status == 404

    sign_in(page, "chair")
    page.goto("/en/awards/5/chair/")
    page.get_by_label(re.compile("confirm the move")).check()
    page.get_by_role("button", name=re.compile("Move to “Results review”")).click()
    expect(page.get_by_text("The edition is now in the stage “Results review”")).to_be_visible()

    page.get_by_role("link", name="Results review").first.click()
    product = page.locator(f"#c{bworld.product.pk}")
    # Override: the second-ranked product takes first place, with a reason.
    product.get_by_label("Place 1").select_option(str(bworld.muscat_nomination.pk))
    product.get_by_label("Place 2").select_option(str(bworld.dhofar_nomination.pk))
    product.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("give a reason")).to_be_visible()
    product = page.locator(f"#c{bworld.product.pk}")
    product.get_by_label("Place 1").select_option(str(bworld.muscat_nomination.pk))
    product.get_by_label("Place 2").select_option(str(bworld.dhofar_nomination.pk))
    product.get_by_label(re.compile("Reason")).fill("Unique revival of a lost pattern")
    product.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("are approved")).to_be_visible()
    page.locator(f"#c{bworld.project.pk}").get_by_role("button", name="Approve").click()

    page.goto("/en/awards/5/chair/")
    page.get_by_label(re.compile("confirm the move")).check()
    page.get_by_role("button", name=re.compile("Move to “Announced”")).click()
    expect(page.get_by_text("The edition is now in the stage “Announced”")).to_be_visible()

    # The public (a fresh tab without the chair's session) reads the winners in both languages.
    page.context.clear_cookies()
    page.goto("/ar/awards/5/winners/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    first = page.locator(".winner-card[data-rank='1']").first
    expect(first).to_contain_text(bworld.muscat_nomination.artisan.name_ar)
    assert_accessible(page)
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Winners")
    expect(page.locator(".winner-card[data-rank='1']").first).to_contain_text(
        bworld.muscat_nomination.artisan.name_en
    )
    assert_accessible(page)
    page.goto("/en/awards/5/transparency/")
    expect(page.get_by_text("Unique revival of a lost pattern")).to_be_visible()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_chair_takes_the_balanced_suggestion_around_a_declared_conflict(page, bworld, language):
    from django.utils import timezone

    from awards.models import ConflictOfInterest, JuryAssignment

    bworld.finalise()
    set_stage(bworld.edition, Stage.FINAL)
    bworld.edition.minimum_sheets = 1
    bworld.edition.save()
    ConflictOfInterest.objects.create(
        judge=bworld.juror,
        nomination=bworld.dhofar_nomination,
        reason="My cousin",
        declared_at=timezone.now(),
    )
    sign_in(page, "chair", language)
    page.goto(f"/{language}/awards/5/chair/assignments/")
    # The conflicted cell has no box; the rest of the matrix does.
    expect(page.locator("table.matrix input[type=checkbox]")).to_have_count(5)

    page.locator("button[name=balance]").click()
    expect(page.locator("table.matrix input:checked")).to_have_count(3)
    assert_accessible(page)
    page.locator(".actions button[type=submit]:not([name])").click()
    expect(page.locator(".message--success")).to_be_visible()
    assert JuryAssignment.objects.count() == 3
    assert not JuryAssignment.objects.filter(
        juror=bworld.juror, nomination=bworld.dhofar_nomination
    ).exists()
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
