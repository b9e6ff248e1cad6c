"""Browser journeys of issue 19: a governorate committee signs off its list, a guarded stage move
(refused without confirmation, accepted with it, rolled back by a superuser), and the lock on an
approved result (admin edits refused, the audited correction shown publicly)."""

import re

import pytest
from playwright.sync_api import expect

from awards import services
from awards.models import (
    CommitteeKind,
    CommitteeSignOff,
    Edition,
    Nomination,
    NominationStatus,
    ResultCorrection,
    Stage,
    StageTransition,
)
from awards.tests.factories import set_stage
from awards.tests.test_browser_awards import sign_in, submit_all
from craftsreg.tests.browser import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def bworld(reference_data, world):
    return world


def test_governorate_committee_signs_off_its_list_and_the_chair_confirms_it(page, bworld, dhofar):
    sign_in(page, "dhofar_member")
    page.get_by_role("link", name=re.compile("Dhofar committee")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dhofar")
    assert_accessible(page)
    product = page.locator(f"#n{bworld.dhofar_nomination.pk}")
    # Qualifying an unscored work departs from the scores: refused without a reason.
    product.get_by_label("Qualifies for the final").check()
    product.get_by_role("button", name="Record").click()
    expect(page.get_by_text("give a reason")).to_be_visible()
    product = page.locator(f"#n{bworld.dhofar_nomination.pk}")
    product.get_by_label("Qualifies for the final").check()
    product.get_by_label("Reason").fill("Rare technique seen on the visit")
    product.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Recommendation recorded")).to_be_visible()
    project = page.locator(f"#n{bworld.dhofar_project.pk}")
    project.get_by_label("Does not qualify").check()
    project.get_by_role("button", name="Record").click()
    expect(page.locator(f"#n{bworld.dhofar_project.pk}")).to_have_attribute(
        "data-recommendation", "not"
    )

    page.get_by_role("textbox", name="Minutes").fill(
        "The committee met in Salalah and agreed its list."
    )
    page.get_by_role("button", name="Sign off the list").click()
    expect(page.get_by_text("The committee's list is signed off.")).to_be_visible()
    expect(page.get_by_role("button", name="Record")).to_have_count(0)
    assert CommitteeSignOff.objects.get().members_present.get() == bworld.dhofar_member

    page.context.clear_cookies()
    sign_in(page, "chair")
    page.goto("/en/awards/5/chair/")
    initial = bworld.edition.committees.get(kind=CommitteeKind.INITIAL, governorate=dhofar)
    row = page.locator(f"tr[data-committee='{initial.pk}']")
    row.get_by_role("button", name="Confirm the committee's list").click()
    expect(page.get_by_text("2 decision(s) recorded")).to_be_visible()
    assert Nomination.objects.get(pk=bworld.dhofar_nomination.pk).status == (
        NominationStatus.FINALIST
    )
    assert Nomination.objects.get(pk=bworld.dhofar_project.pk).status == (
        NominationStatus.NOT_RECOMMENDED
    )


def test_guarded_stage_move_refused_then_confirmed_then_rolled_back(
    page, bworld, django_user_model
):
    bworld.finalise()
    set_stage(bworld.edition, Stage.FINAL)
    for nomination in (bworld.dhofar_nomination, bworld.muscat_nomination, bworld.dhofar_project):
        submit_all(bworld.juror, Nomination.objects.get(pk=nomination.pk), "8", "8", "8")
    sign_in(page, "chair")
    page.goto("/en/awards/5/chair/")
    incomplete = page.locator("[data-incomplete]")
    expect(incomplete).to_contain_text(f"Person {bworld.juror2.pk}: 0 of 3 sheets submitted")
    expect(incomplete).to_contain_text("fewer than the minimum of 3")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Move to “Results review”")).click()
    expect(page.get_by_text("confirm the move after reading")).to_be_visible()
    assert Edition.objects.get(pk=bworld.edition.pk).stage == Stage.FINAL
    page.get_by_label(re.compile("confirm the move")).check()
    page.get_by_role("button", name=re.compile("Move to “Results review”")).click()
    expect(page.get_by_text("The edition is now in the stage “Results review”")).to_be_visible()
    assert Edition.objects.get(pk=bworld.edition.pk).stage == Stage.REVIEW
    expect(page.get_by_text("Move back to")).to_have_count(0)  # the chair cannot

    django_user_model.objects.create_superuser("root", "root@example.invalid", "pw")
    page.context.clear_cookies()
    sign_in(page, "root")
    page.goto("/en/awards/5/chair/")
    page.get_by_text(re.compile("Move back to “Final judging”")).click()
    page.get_by_label("Reason for moving the edition back").fill("Second juror was ill")
    page.get_by_role("button", name="Move back").click()
    expect(page.get_by_text("every sheet was kept")).to_be_visible()
    assert Edition.objects.get(pk=bworld.edition.pk).stage == Stage.FINAL
    page.get_by_text("Stage history").click()
    expect(page.get_by_text("Second juror was ill")).to_be_visible()
    back = StageTransition.objects.get(backwards=True)
    assert back.by.username == "root" and back.to_stage == Stage.FINAL


def test_approved_result_is_locked_and_its_correction_is_public(page, bworld, django_user_model):
    bworld.finalise()
    set_stage(bworld.edition, Stage.FINAL)
    for nomination, score in (
        (bworld.dhofar_nomination, "9"),
        (bworld.muscat_nomination, "6"),
        (bworld.dhofar_project, "8"),
    ):
        submit_all(bworld.juror, Nomination.objects.get(pk=nomination.pk), score, score, score)
    set_stage(bworld.edition, Stage.REVIEW)
    bworld.product.places = 1
    bworld.product.save()
    services.category_approve(
        category=bworld.product, order=[bworld.dhofar_nomination.pk], reason="", by=bworld.chair
    )
    services.category_approve(
        category=bworld.project, order=[bworld.dhofar_project.pk], reason="", by=bworld.chair
    )
    services.edition_advance(
        edition=bworld.edition, to=Stage.ANNOUNCED, by=bworld.chair, confirmed=True
    )
    django_user_model.objects.create_superuser("root", "root@example.invalid", "pw-long-enough-1")
    page.goto("/en/admin/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("pw-long-enough-1")
    page.locator("input[type=submit]").click()

    # The edition's aggregation method and the winner's artisan and title are read-only.
    page.goto(f"/en/admin/awards/edition/{bworld.edition.pk}/change/")
    expect(page.locator("select#id_aggregation")).to_have_count(0)
    page.goto(f"/en/admin/awards/nomination/{bworld.dhofar_nomination.pk}/change/")
    expect(page.get_by_text("The results of this category are approved")).to_be_visible()
    expect(page.locator("#id_artisan")).to_have_count(0)
    expect(page.locator("input#id_title_en")).to_have_count(0)

    page.get_by_role("link", name="Correct the approved result").click()
    page.get_by_label("title (English)").fill("Indigo-dyed cotton massar")
    page.get_by_role("button", name="Record the correction").click()
    expect(page.locator(".errorlist")).to_be_visible()  # the reason is required
    assert not ResultCorrection.objects.exists()
    page.get_by_label("title (English)").fill("Indigo-dyed cotton massar")
    page.get_by_label(re.compile("Reason for the correction")).fill(
        "The title was mistyped on the nomination form"
    )
    page.get_by_role("button", name="Record the correction").click()
    expect(page.get_by_text("The correction is recorded")).to_be_visible()

    page.context.clear_cookies()
    page.goto("/en/awards/5/transparency/")
    corrections = page.locator("[data-corrections]")
    expect(corrections).to_contain_text("The title was mistyped on the nomination form")
    expect(corrections).to_contain_text("Indigo-dyed cotton massar")
    expect(corrections).not_to_contain_text("root")
    assert_accessible(page)
