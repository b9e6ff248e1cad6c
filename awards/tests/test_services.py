from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from awards import services
from awards.models import (
    CategoryResult,
    CommitteeKind,
    ConflictOfInterest,
    Criterion,
    Nomination,
    NominationStatus,
    Score,
    ScoreSheet,
    ScoringStage,
    SheetReopening,
    SheetStatus,
    Stage,
    StageTransition,
)
from awards.tests.factories import EditionFactory, set_stage


def values_for(nomination, stage, *scores):
    criteria = list(Criterion.objects.for_stage(nomination.category, stage))
    pairs = zip(criteria, scores, strict=False)
    return {c.pk: (Decimal(str(v)) if v is not None else None) for c, v in pairs}


def test_new_edition_starts_with_the_sources_criteria(db):
    edition = EditionFactory(number=9)
    assert list(edition.categories.values_list("code", flat=True)) == ["product", "project"]
    product = edition.categories.get(code="product")
    initial = list(product.criteria.filter(stage="initial").values_list("name_en", flat=True))
    assert initial == [
        "Quality",
        "Efficiency",
        "Conformity with the conditions",
        "Development and innovation",
        "Use of Omani raw materials",
        "Passing the craft to young Omanis",
    ]
    final = list(product.criteria.filter(stage="final").values_list("name_ar", flat=True))
    assert final[0] == "الجودة" and len(final) == 3
    services.edition_setup_defaults(edition=edition)  # idempotent
    assert Criterion.objects.filter(category__edition=edition).count() == 18


# --- Stage machine ---------------------------------------------------------------------------


def test_edition_moves_one_step_and_records_who_and_when(world):
    set_stage(world.edition, Stage.NOMINATIONS)
    with pytest.raises(ValidationError, match="confirm the move"):
        services.edition_advance(edition=world.edition, to=Stage.INITIAL, by=world.chair)
    assert not StageTransition.objects.exists()
    services.edition_advance(
        edition=world.edition, to=Stage.INITIAL, by=world.chair, confirmed=True
    )
    world.edition.refresh_from_db()
    assert world.edition.stage == Stage.INITIAL
    move = StageTransition.objects.get(edition=world.edition)
    assert (move.from_stage, move.to_stage, move.by) == ("nominations", "initial", world.chair)


def test_edition_cannot_skip_a_stage(world):
    with pytest.raises(ValidationError, match="one stage at a time"):
        services.edition_advance(edition=world.edition, to=Stage.REVIEW, by=world.chair)
    world.edition.refresh_from_db()
    assert world.edition.stage == Stage.INITIAL


def test_only_the_chair_moves_an_edition(world):
    world.muscat_nomination.status = NominationStatus.FINALIST
    with pytest.raises(ValidationError, match="Only the award chair"):
        services.edition_advance(edition=world.edition, to=Stage.FINAL, by=world.juror)
    assert not StageTransition.objects.exists()


def test_final_judging_cannot_open_while_a_nomination_awaits_its_decision(world):
    world.sign_off(qualify=[world.dhofar_nomination])
    services.shortlist_decide(
        nomination=world.dhofar_nomination,
        recommended=True,
        reason="Unscored, recommended after the committee's visit",
        by=world.chair,
    )
    with pytest.raises(ValidationError) as error:
        services.edition_advance(
            edition=world.edition, to=Stage.FINAL, by=world.chair, confirmed=True
        )
    assert "2 nomination(s) still await the initial decision." in error.value.messages
    for nomination in (world.muscat_nomination, world.dhofar_project):
        services.shortlist_decide(
            nomination=nomination, recommended=False, reason="", by=world.chair
        )
    services.edition_advance(edition=world.edition, to=Stage.FINAL, by=world.chair, confirmed=True)
    assert world.edition.stage == Stage.INITIAL  # the caller's copy is untouched…
    world.edition.refresh_from_db()
    assert world.edition.stage == Stage.FINAL  # …the database moved


def test_initial_evaluation_needs_a_committee_for_every_nominated_governorate(world, dhofar):
    set_stage(world.edition, Stage.NOMINATIONS)
    world.edition.committees.filter(governorate=dhofar).delete()
    problems = services.edition_advance_problems(world.edition, Stage.INITIAL)
    assert problems == [
        "The governorate Dhofar has nominations but no initial committee with members."
    ] or any("Dhofar" in p or "ظفار" in p for p in problems)


def test_announcement_needs_approved_results(world):
    world.finalise()
    set_stage(world.edition, Stage.REVIEW)
    with pytest.raises(ValidationError, match="have not been approved"):
        services.edition_advance(edition=world.edition, to=Stage.ANNOUNCED, by=world.chair)


def test_results_review_needs_a_submitted_sheet_for_every_finalist(world):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    problems = services.edition_advance_problems(world.edition, Stage.REVIEW)
    assert problems == ["3 finalist(s) have no submitted score sheet yet."]


# --- Score sheets ----------------------------------------------------------------------------


def test_draft_then_submit_then_locked(world):
    nomination = world.dhofar_nomination
    draft = values_for(nomination, "initial", 8, 7, None, None, None, None)
    sheet = services.score_sheet_save(
        judge=world.dhofar_member, nomination=nomination, values=draft
    )
    assert sheet.status == SheetStatus.DRAFT and sheet.scores.count() == 2
    full = values_for(nomination, "initial", 8, 7, 9, 6, 10, 5)
    sheet = services.score_sheet_save(
        judge=world.dhofar_member, nomination=nomination, values=full, comment="ok", submit=True
    )
    assert sheet.status == SheetStatus.SUBMITTED and sheet.submitted_at is not None
    assert sheet.scores.count() == 6
    with pytest.raises(ValidationError, match="locked"):
        services.score_sheet_save(
            judge=world.dhofar_member,
            nomination=nomination,
            values=values_for(nomination, "initial", 1, 1, 1, 1, 1, 1),
        )
    assert sorted(Score.objects.values_list("value", flat=True)) == [5, 6, 7, 8, 9, 10]
    assert ScoreSheet.objects.count() == 1


def test_score_above_maximum_saves_nothing(world):
    nomination = world.dhofar_nomination
    with pytest.raises(ValidationError, match="from 0 to 10"):
        services.score_sheet_save(
            judge=world.dhofar_member,
            nomination=nomination,
            values=values_for(nomination, "initial", 11, 5),
        )
    assert not ScoreSheet.objects.exists() or not Score.objects.exists()
    assert not Score.objects.exists()


def test_submit_needs_every_criterion(world):
    nomination = world.dhofar_nomination
    with pytest.raises(ValidationError, match="Score every criterion"):
        services.score_sheet_save(
            judge=world.dhofar_member,
            nomination=nomination,
            values=values_for(nomination, "initial", 5, 5),
            submit=True,
        )
    assert not ScoreSheet.objects.submitted().exists()


def test_committee_member_cannot_score_another_governorate(world):
    with pytest.raises(ValidationError):
        services.score_sheet_save(
            judge=world.dhofar_member,
            nomination=world.muscat_nomination,
            values=values_for(world.muscat_nomination, "initial", 5),
        )


def test_juror_cannot_score_in_the_initial_stage_and_committee_not_in_the_final(world):
    with pytest.raises(ValidationError):
        services.score_sheet_save(
            judge=world.juror,
            nomination=world.dhofar_nomination,
            values=values_for(world.dhofar_nomination, "initial", 5),
        )
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    nomination = Nomination.objects.get(pk=world.dhofar_nomination.pk)
    with pytest.raises(ValidationError):
        services.score_sheet_save(
            judge=world.dhofar_member,
            nomination=nomination,
            values=values_for(nomination, "final", 5),
        )
    sheet = services.score_sheet_save(
        judge=world.juror, nomination=nomination, values=values_for(nomination, "final", 5)
    )
    assert sheet.stage == ScoringStage.FINAL


def test_nobody_scores_outside_an_open_stage(world):
    world.finalise()
    set_stage(world.edition, Stage.REVIEW)
    nomination = Nomination.objects.get(pk=world.dhofar_nomination.pk)
    with pytest.raises(ValidationError, match="Scoring is closed"):
        services.score_sheet_save(
            judge=world.juror, nomination=nomination, values=values_for(nomination, "final", 5)
        )


def test_database_refuses_a_second_sheet_for_the_same_judge_nomination_and_stage(world):
    ScoreSheet.objects.create(judge=world.juror, nomination=world.dhofar_nomination, stage="final")
    with pytest.raises(IntegrityError):
        ScoreSheet.objects.create(
            judge=world.juror, nomination=world.dhofar_nomination, stage="final"
        )


def test_chair_reopens_a_submitted_sheet_with_a_reason(world):
    nomination = world.dhofar_nomination
    sheet = services.score_sheet_save(
        judge=world.dhofar_member,
        nomination=nomination,
        values=values_for(nomination, "initial", 8, 7, 9, 6, 10, 5),
        submit=True,
    )
    with pytest.raises(ValidationError, match="reason"):
        services.score_sheet_reopen(sheet=sheet, by=world.chair, reason="  ")
    with pytest.raises(ValidationError, match="Only the award chair"):
        services.score_sheet_reopen(sheet=sheet, by=world.juror, reason="typo")
    services.score_sheet_reopen(sheet=sheet, by=world.chair, reason="Typo on quality")
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT and sheet.submitted_at is None
    assert SheetReopening.objects.get(sheet=sheet).reason == "Typo on quality"
    services.score_sheet_save(
        judge=world.dhofar_member,
        nomination=nomination,
        values=values_for(nomination, "initial", 7, 7, 9, 6, 10, 5),
        submit=True,
    )
    # The history keeps both values of the changed score.
    quality = Score.objects.get(sheet=sheet, criterion__position=1)
    assert [h.value for h in quality.history.order_by("history_date")] == [8, 7]


def test_conflict_blocks_scoring_and_is_declared_once(world):
    services.conflict_declare(
        judge=world.dhofar_member, nomination=world.dhofar_nomination, reason="My cousin"
    )
    with pytest.raises(ValidationError, match="cannot score"):
        services.score_sheet_save(
            judge=world.dhofar_member,
            nomination=world.dhofar_nomination,
            values=values_for(world.dhofar_nomination, "initial", 5),
        )
    with pytest.raises(ValidationError, match="already declared"):
        services.conflict_declare(
            judge=world.dhofar_member, nomination=world.dhofar_nomination, reason="again"
        )
    with pytest.raises(ValidationError):
        services.conflict_declare(
            judge=world.dhofar_member, nomination=world.muscat_nomination, reason="not mine"
        )
    assert ConflictOfInterest.objects.count() == 1


# --- Chair decisions -------------------------------------------------------------------------


def test_shortlist_decision_against_scores_needs_a_reason(world):
    # The total is computed from the counted sheets, not taken from the caller: 40 here.
    services.score_sheet_save(
        judge=world.dhofar_member,
        nomination=world.dhofar_nomination,
        values=values_for(world.dhofar_nomination, "initial", 4, 4, 4, 4, 4, 4),
        submit=True,
    )
    world.sign_off(qualify=[world.dhofar_nomination])
    with pytest.raises(ValidationError, match="give a reason"):
        services.shortlist_decide(
            nomination=world.dhofar_nomination, recommended=True, reason="", by=world.chair
        )
    services.shortlist_decide(
        nomination=world.dhofar_nomination, recommended=True, reason="Rare craft", by=world.chair
    )
    world.dhofar_nomination.refresh_from_db()
    assert world.dhofar_nomination.status == NominationStatus.FINALIST
    assert world.dhofar_nomination.shortlist_decision.initial_total == 40


def _final_scores(world, nomination, juror, *values):
    return services.score_sheet_save(
        judge=juror,
        nomination=nomination,
        values=values_for(nomination, "final", *values),
        submit=True,
    )


def test_approval_follows_the_computed_order_or_needs_a_reason(world):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    a = Nomination.objects.get(pk=world.dhofar_nomination.pk)
    b = Nomination.objects.get(pk=world.muscat_nomination.pk)
    for juror in (world.juror, world.juror2):
        _final_scores(world, a, juror, 9, 9, 9)
        _final_scores(world, b, juror, 6, 6, 6)
    set_stage(world.edition, Stage.REVIEW)
    product = world.product
    product.places = 2
    product.save()
    with pytest.raises(ValidationError, match="give a reason"):
        services.category_approve(category=product, order=[b.pk, a.pk], reason="", by=world.chair)
    assert not CategoryResult.objects.exists()
    result = services.category_approve(
        category=product, order=[b.pk, a.pk], reason="Exceptional heritage value", by=world.chair
    )
    assert result.overridden and result.computed_order == [a.pk, b.pk]
    b.refresh_from_db()
    assert (b.status, b.rank) == (NominationStatus.WINNER, 1)
    # Approved is final: a second approval (even in the computed order) is refused unchanged.
    with pytest.raises(ValidationError, match="approved and can no longer change"):
        services.category_approve(category=product, order=[a.pk, b.pk], reason="", by=world.chair)
    assert CategoryResult.objects.get().approved_order == [b.pk, a.pk]


def test_the_committee_that_scores_in_each_stage():
    assert CommitteeKind.scoring_in(ScoringStage.INITIAL) == CommitteeKind.INITIAL
    assert CommitteeKind.scoring_in(ScoringStage.FINAL) == CommitteeKind.JURY
    assert CommitteeKind.scoring_in(None) is None
