"""Issue 19: approved results are immutable (model, admin, audited correction) and stage moves
are guarded (explicit confirmation, what is incomplete, superuser moves back)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import services
from awards.models import (
    CategoryResult,
    Edition,
    Nomination,
    NominationStatus,
    ResultCorrection,
    ScoreSheet,
    SheetStatus,
    Stage,
    StageTransition,
)
from awards.tests.factories import set_stage
from awards.tests.test_views_chair import submit


@pytest.fixture
def approved(world):
    """The product category approved: Dhofar first, Muscat second."""
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    for nomination, values in (
        (world.dhofar_nomination, (9, 9, 9)),
        (world.muscat_nomination, (6, 6, 6)),
    ):
        nomination = Nomination.objects.get(pk=nomination.pk)
        submit(world.juror, nomination, *values)
        submit(world.juror2, nomination, *values)
    set_stage(world.edition, Stage.REVIEW)
    world.product.places = 2
    world.product.save()
    services.category_approve(
        category=world.product,
        order=[world.dhofar_nomination.pk, world.muscat_nomination.pk],
        reason="",
        by=world.chair,
    )
    return world


# --- Approved results are immutable -------------------------------------------------------------


def test_model_validation_refuses_changing_an_approved_nomination(approved, muscat):
    winner = Nomination.objects.get(pk=approved.dhofar_nomination.pk)
    winner.artisan = Nomination.objects.get(pk=approved.muscat_nomination.pk).artisan
    with pytest.raises(ValidationError, match="approved"):
        winner.full_clean()
    for field, value in (("title_en", "Another title"), ("status", NominationStatus.NOT_PLACED)):
        winner = Nomination.objects.get(pk=approved.dhofar_nomination.pk)
        setattr(winner, field, value)
        with pytest.raises(ValidationError, match="approved"):
            winner.full_clean()
    # The description is not part of the result and may still be improved.
    winner = Nomination.objects.get(pk=approved.dhofar_nomination.pk)
    winner.description_en = "Clearer description"
    winner.full_clean()


def test_aggregation_method_and_places_are_fixed_after_approval(approved):
    edition = Edition.objects.get(pk=approved.edition.pk)
    edition.aggregation = "median"
    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert "aggregation" in error.value.message_dict
    product = approved.product
    product.refresh_from_db()
    product.places = 3
    with pytest.raises(ValidationError) as error:
        product.full_clean()
    # One clear message on the places, not one per criterion.
    assert error.value.message_dict == {
        "places": ["The number of places cannot change once the category has been scored."]
    }


def test_admin_refuses_edits_of_an_approved_result(client, superuser, approved):
    client.force_login(superuser)
    edition_url = reverse("admin:awards_edition_change", args=[approved.edition.pk])
    page = client.get(edition_url)
    assert "aggregation" in page.context["adminform"].readonly_fields
    winner = approved.dhofar_nomination
    url = reverse("admin:awards_nomination_change", args=[winner.pk])
    response = client.get(url)
    readonly = response.context["adminform"].readonly_fields
    assert {"artisan", "category", "title_ar", "title_en", "craft"} <= set(readonly)
    assert reverse("admin:awards_nomination_correct", args=[winner.pk]) in response.content.decode()
    # A forged POST cannot change the read-only fields either.
    other = approved.muscat_nomination.artisan
    client.post(
        url,
        {
            "artisan": other.pk,
            "title_ar": "x",
            "title_en": "x",
            "description_ar": "",
            "description_en": "",
            "submitted_on": "2017-02-01",
            "photos-TOTAL_FORMS": 0,
            "photos-INITIAL_FORMS": 0,
        },
    )
    winner.refresh_from_db()
    assert winner.artisan_id != other.pk and winner.title_en != "x"


def test_superuser_correction_is_recorded_and_published(client, superuser, approved):
    winner = approved.dhofar_nomination
    other = approved.dhofar_project.artisan  # same governorate
    url = reverse("admin:awards_nomination_correct", args=[winner.pk])
    client.force_login(approved.chair)
    assert client.get(url).status_code in (302, 403)  # the chair is not a superuser
    client.force_login(superuser)
    response = client.post(url, {"artisan": other.pk, "craft": winner.craft_id, "reason": ""})
    assert response.status_code == 200 and not ResultCorrection.objects.exists()
    client.post(
        url,
        {
            "artisan": other.pk,
            "craft": winner.craft_id,
            "title_ar": winner.title_ar,
            "title_en": winner.title_en,
            "reason": "The nomination form named the wrong family member",
        },
    )
    winner.refresh_from_db()
    assert winner.artisan_id == other.pk
    correction = ResultCorrection.objects.get()
    assert correction.by == superuser and correction.changes[0]["field"] == "artisan"
    assert winner.history.first().history_change_reason == correction.reason
    set_stage(approved.edition, Stage.ANNOUNCED)
    client.logout()
    page = client.get(reverse("awards:transparency", args=[5])).content.decode()
    assert "The nomination form named the wrong family member" in page
    assert other.name_en in page


def test_correction_needs_a_superuser_a_reason_and_a_change(approved, superuser):
    winner = approved.dhofar_nomination
    with pytest.raises(ValidationError, match="superuser"):
        services.result_correct(nomination=winner, by=approved.chair, reason="x", title_en="y")
    with pytest.raises(ValidationError, match="reason"):
        services.result_correct(nomination=winner, by=superuser, reason=" ", title_en="y")
    with pytest.raises(ValidationError, match="nothing to correct"):
        services.result_correct(
            nomination=winner, by=superuser, reason="x", title_en=winner.title_en
        )
    # A deactivated superuser's account (a stale session, a script) corrects nothing.
    superuser.is_active = False
    with pytest.raises(ValidationError, match="superuser"):
        services.result_correct(nomination=winner, by=superuser, reason="x", title_en="y")
    assert not ResultCorrection.objects.exists()


def test_a_category_is_approved_once(approved):
    with pytest.raises(ValidationError, match="approved"):
        services.category_approve(
            category=approved.product,
            order=[approved.muscat_nomination.pk, approved.dhofar_nomination.pk],
            reason="Changed my mind",
            by=approved.chair,
        )
    assert CategoryResult.objects.get().approved_order == [
        approved.dhofar_nomination.pk,
        approved.muscat_nomination.pk,
    ]


# --- Guarded stage moves ------------------------------------------------------------------------


def test_stage_move_lists_what_is_incomplete_and_needs_confirmation(client, world):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    nomination = Nomination.objects.get(pk=world.dhofar_nomination.pk)
    submit(world.juror, nomination, 9, 9, 9)
    for n in (world.muscat_nomination, world.dhofar_project):
        submit(world.juror, Nomination.objects.get(pk=n.pk), 7, 7, 7)
    services.score_sheet_save(judge=world.juror2, nomination=nomination, values={}, submit=False)
    incomplete = services.edition_advance_incomplete(Edition.objects.get(pk=world.edition.pk))
    assert any("0 of 3 sheets submitted, 1 draft(s) open" in item for item in incomplete)
    assert any("fewer than the minimum of 3" in item for item in incomplete)
    client.force_login(world.chair)
    page = client.get(reverse("awards:dashboard", args=[5])).content.decode()
    assert "0 of 3 sheets submitted" in page and 'name="confirm"' in page
    url = reverse("awards:stage_advance", args=[5])
    client.post(url, {"to": "review"})
    assert Edition.objects.get(pk=world.edition.pk).stage == Stage.FINAL
    client.post(url, {"to": "review", "confirm": "on"})
    assert Edition.objects.get(pk=world.edition.pk).stage == Stage.REVIEW
    move = StageTransition.objects.get(to_stage=Stage.REVIEW)
    assert move.incomplete == incomplete


def test_superuser_moves_an_edition_back_keeping_every_sheet(client, superuser, world):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    nomination = Nomination.objects.get(pk=world.dhofar_nomination.pk)
    submit(world.juror, nomination, 9, 9, 9)
    services.score_sheet_save(judge=world.juror2, nomination=nomination, values={}, submit=False)
    set_stage(world.edition, Stage.REVIEW)
    url = reverse("awards:stage_back", args=[5])
    client.force_login(world.chair)  # the chair cannot
    client.post(url, {"reason": "Jurors need more time"})
    assert Edition.objects.get(pk=world.edition.pk).stage == Stage.REVIEW
    client.force_login(superuser)
    client.post(url, {"reason": ""})
    assert Edition.objects.get(pk=world.edition.pk).stage == Stage.REVIEW
    client.post(url, {"reason": "Jurors need more time"})
    assert Edition.objects.get(pk=world.edition.pk).stage == Stage.FINAL
    move = StageTransition.objects.get(backwards=True)
    assert (move.from_stage, move.to_stage, move.reason) == (
        "review",
        "final",
        "Jurors need more time",
    )
    statuses = set(ScoreSheet.objects.values_list("status", flat=True))
    assert statuses == {SheetStatus.SUBMITTED, SheetStatus.DRAFT}
    # Forward again: the same stage may be reached a second time.
    for n in (world.muscat_nomination, world.dhofar_project):
        submit(world.juror, Nomination.objects.get(pk=n.pk), 7, 7, 7)
    client.force_login(world.chair)
    client.post(reverse("awards:stage_advance", args=[5]), {"to": "review", "confirm": "on"})
    assert StageTransition.objects.filter(to_stage=Stage.REVIEW).count() == 1


def test_no_move_back_once_results_are_approved(approved, superuser):
    with pytest.raises(ValidationError, match="corrected"):
        services.edition_step_back(edition=approved.edition, by=superuser, reason="Redo")
    assert Edition.objects.get(pk=approved.edition.pk).stage == Stage.REVIEW


def test_dashboard_neither_counts_a_conflicted_sheet_nor_ranks_incomplete_nominations(
    client, world
):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    Edition.objects.filter(pk=world.edition.pk).update(minimum_sheets=2)
    dhofar = Nomination.objects.get(pk=world.dhofar_nomination.pk)
    muscat = Nomination.objects.get(pk=world.muscat_nomination.pk)
    submit(world.juror, dhofar, 9, 9, 9)  # the best aggregate, but one sheet only…
    submit(world.juror2, dhofar, 9, 9, 9)
    services.conflict_declare(judge=world.juror2, nomination=dhofar, reason="Cousin")
    for juror in (world.juror, world.juror2):
        submit(juror, muscat, 5, 5, 5)
    client.force_login(world.chair)
    board = client.get(reverse("awards:dashboard", args=[5])).context["board"]
    product = next(rows for result, rows in board.categories if result.category == world.product)
    by_pk = {p.result.nomination.pk: p for p in product}
    assert by_pk[dhofar.pk].submitted == 1  # the conflicted juror's sheet is not counted
    assert by_pk[dhofar.pk].below_minimum and not by_pk[muscat.pk].below_minimum
    # …so it is listed after the complete nomination, not ranked above it.
    assert [p.result.nomination.pk for p in product] == [muscat.pk, dhofar.pk]
