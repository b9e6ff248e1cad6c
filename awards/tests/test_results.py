from decimal import Decimal

import pytest

from awards.models import (
    Aggregation,
    ConflictOfInterest,
    Criterion,
    Nomination,
    Score,
    ScoreSheet,
    SheetStatus,
    Stage,
)
from awards.results import combine, sheet_total, stage_results
from awards.tests.factories import NominationFactory, UserFactory, set_stage


def test_sheet_total_is_weighted_and_out_of_100():
    a = Criterion(pk=1, max_score=10, weight=40)
    b = Criterion(pk=2, max_score=20, weight=60)
    assert sheet_total({1: Decimal(10), 2: Decimal(10)}, [a, b]) == pytest.approx(70.0)
    assert sheet_total({}, [a, b]) == 0


@pytest.mark.parametrize(
    ("method", "totals", "expected"),
    [
        (Aggregation.MEAN, [10, 20, 90], 40),
        (Aggregation.MEDIAN, [10, 20, 90], 20),
        (Aggregation.TRIMMED, [10, 20, 90], 40),  # fewer than 5 sheets: the mean
        (Aggregation.TRIMMED, [0, 50, 60, 70, 100], 60),
        (Aggregation.MEAN, [], None),
    ],
)
def test_combine(method, totals, expected):
    assert combine(totals, method) == (pytest.approx(expected) if expected is not None else None)


def _sheet(judge, nomination, *values, status=SheetStatus.SUBMITTED):
    sheet = ScoreSheet.objects.create(
        judge=judge,
        nomination=nomination,
        stage="final",
        status=status,
        submitted_at="2017-06-01T10:00Z" if status == SheetStatus.SUBMITTED else None,
    )
    for criterion, value in zip(
        Criterion.objects.for_stage(nomination.category, "final"), values, strict=True
    ):
        Score.objects.create(sheet=sheet, criterion=criterion, value=value)
    return sheet


@pytest.fixture
def finals(world):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    return world


def product_rows(edition):
    return next(r for r in stage_results(edition, "final") if r.category.code == "product").rows


def test_conflicted_and_draft_sheets_are_left_out(finals):
    a = finals.dhofar_nomination
    _sheet(finals.juror, a, 10, 10, 10)
    _sheet(finals.juror2, a, 0, 0, 0)
    other = UserFactory(username="j3")
    _sheet(other, a, 5, 5, 5, status=SheetStatus.DRAFT)
    ConflictOfInterest.objects.create(
        judge=finals.juror2, nomination=a, reason="cousin", declared_at="2017-06-01T10:00Z"
    )
    row = next(r for r in product_rows(finals.edition) if r.nomination.pk == a.pk)
    assert row.sheet_count == 1 and row.aggregate == pytest.approx(100)
    assert row.conflicts == 1


def test_tie_break_chain_quality_then_next_criteria_then_spread(finals):
    a, b = finals.dhofar_nomination, finals.muscat_nomination
    c = NominationFactory(category=finals.product, status="finalist")
    _sheet(finals.juror, a, 10, 5, 5)  # 40+15+15 = 70
    _sheet(finals.juror, b, 5, 10, 8)  # 20+30+24 = 74
    _sheet(finals.juror2, a, 10, 5, 5)  # 70
    _sheet(finals.juror2, b, 5, 10, 4)  # 20+30+12 = 62 → b's mean 68 < 70
    _sheet(finals.juror, c, 10, 5, 5)  # 70
    _sheet(finals.juror2, c, 10, 5, 5)  # 70: equal to a in everything, zero spread like a
    rows = product_rows(finals.edition)
    assert [r.nomination.pk for r in rows][:2] == sorted([a.pk, c.pk])
    assert rows[0].tied and rows[1].tied  # the chain cannot separate a and c: chair decides
    assert rows[2].nomination.pk == b.pk and not rows[2].tied


def test_equal_aggregates_are_separated_by_quality_mean(finals):
    a, b = finals.dhofar_nomination, finals.muscat_nomination
    for judge in (finals.juror, finals.juror2):
        _sheet(judge, b, 4, 4, 4)  # 16 + 12 + 12 = 40
        _sheet(judge, a, 10, 0, 0)  # 40 + 0 + 0 = 40
    rows = product_rows(finals.edition)
    assert rows[0].aggregate == pytest.approx(rows[1].aggregate) == pytest.approx(40)
    assert [r.nomination.pk for r in rows[:2]] == [a.pk, b.pk]  # quality mean 10 > 4
    assert not rows[0].tied and not rows[1].tied


def test_smaller_spread_wins_when_criteria_means_are_equal(finals):
    a, b = finals.dhofar_nomination, finals.muscat_nomination
    judge3 = UserFactory(username="j3")
    # Same per-criterion means (quality 6, efficiency 6, conformity 6) but b's totals differ more.
    _sheet(finals.juror, a, 6, 6, 6)
    _sheet(finals.juror2, a, 6, 6, 6)
    _sheet(judge3, a, 6, 6, 6)
    _sheet(finals.juror, b, 6, 9, 3)  # 24+27+9 = 60
    _sheet(finals.juror2, b, 6, 3, 9)  # 24+9+27 = 60
    _sheet(judge3, b, 6, 6, 6)
    rows = product_rows(finals.edition)
    assert rows[0].aggregate == pytest.approx(rows[1].aggregate)
    assert rows[0].spread == rows[1].spread == 0  # totals all 60: still tied
    assert rows[0].tied


def test_spread_flag_and_median(finals):
    edition = finals.edition
    edition.aggregation = Aggregation.MEDIAN
    edition.spread_flag = 20
    edition.save()
    a = finals.dhofar_nomination
    judge3 = UserFactory(username="j3")
    _sheet(finals.juror, a, 10, 10, 10)
    _sheet(finals.juror2, a, 2, 2, 2)
    _sheet(judge3, a, 7, 7, 7)
    row = next(r for r in product_rows(edition) if r.nomination.pk == a.pk)
    assert row.aggregate == pytest.approx(70) and row.spread == pytest.approx(80)
    assert row.flagged


def test_normalisation_corrects_a_harsh_judge(finals):
    """A harsh judge who scored only nomination x makes x look worse on raw totals; after
    normalising per judge the ranking reflects each judge's own ordering."""
    noms = [finals.dhofar_nomination, finals.muscat_nomination] + [
        NominationFactory(category=finals.product, status="finalist") for _ in range(2)
    ]
    harsh, lenient = finals.juror, finals.juror2
    for nomination, h, s in zip(noms, (1, 2, 3, 4), (6, 7, 8, 9), strict=True):
        _sheet(harsh, nomination, h, h, h)
        _sheet(lenient, nomination, s, s, s)
    rows = {r.nomination.pk: r for r in product_rows(finals.edition)}
    normalised = [rows[n.pk].normalised for n in noms]
    assert normalised == sorted(normalised)
    # Both judges rank identically, so their normalised totals of a nomination coincide.
    for n in noms:
        sheets = rows[n.pk].sheets
        assert sheets[0].normalised == pytest.approx(sheets[1].normalised)


def test_results_never_mix_categories(finals):
    _sheet(finals.juror, finals.dhofar_project, 10, 10, 10)
    _sheet(finals.juror, finals.dhofar_nomination, 1, 1, 1)
    results = stage_results(finals.edition, "final")
    by_code = {r.category.code: [row.nomination.pk for row in r.rows] for r in results}
    assert finals.dhofar_project.pk in by_code["project"]
    assert finals.dhofar_project.pk not in by_code["product"]
    assert Nomination.objects.get(pk=finals.dhofar_project.pk).category.code == "project"


def test_results_of_one_category_match_that_category_in_the_full_results(finals):
    _sheet(finals.juror, finals.dhofar_project, 10, 10, 10)
    _sheet(finals.juror, finals.dhofar_nomination, 1, 1, 1)
    full = {r.category.pk: r for r in stage_results(finals.edition, "final")}
    project = finals.dhofar_project.category
    (alone,) = stage_results(finals.edition, "final", category=project)
    assert alone.category == project
    assert [c.pk for c in alone.criteria] == [c.pk for c in full[project.pk].criteria]
    assert [(r.nomination.pk, r.aggregate) for r in alone.rows] == [
        (r.nomination.pk, r.aggregate) for r in full[project.pk].rows
    ]
    assert finals.dhofar_nomination.pk not in [r.nomination.pk for r in alone.rows]
