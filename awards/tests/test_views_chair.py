import pytest
from django.urls import reverse
from django.utils import timezone

from awards import reports, services
from awards.models import (
    CategoryResult,
    ConflictOfInterest,
    Criterion,
    JuryAssignment,
    Nomination,
    NominationStatus,
    ScoreSheet,
    SheetReopening,
    SheetStatus,
    Stage,
    StageTransition,
)
from awards.people import display_name
from awards.tests.factories import set_stage
from craftsreg.tests.html import parse


def submit(judge, nomination, *values):
    criteria = Criterion.objects.for_stage(
        nomination.category, nomination.category.edition.scoring_stage
    )
    return services.score_sheet_save(
        judge=judge,
        nomination=nomination,
        values={c.pk: v for c, v in zip(criteria, values, strict=True)},
        submit=True,
    )


@pytest.fixture
def scored(world):
    """Final judging with every finalist scored by both jurors."""
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    for nomination, values in (
        (world.dhofar_nomination, (9, 9, 9)),
        (world.muscat_nomination, (6, 6, 6)),
        (world.dhofar_project, (7, 7, 7)),
    ):
        nomination = Nomination.objects.get(pk=nomination.pk)
        submit(world.juror, nomination, *values)
        submit(world.juror2, nomination, *values)
    return world


def test_dashboard_shows_completion_conflicts_and_flags(client, world):
    submit(world.dhofar_member, world.dhofar_nomination, 8, 8, 8, 8, 8, 8)
    services.conflict_declare(
        judge=world.muscat_member, nomination=world.muscat_nomination, reason="Neighbour"
    )
    client.force_login(world.chair)
    response = client.get(reverse("awards:dashboard", args=[5]))
    board = response.context["board"]
    progress = {j.user.username: (j.assigned, j.submitted, j.conflicts) for j in board.judges}
    assert progress == {"dhofar_member": (2, 1, 0), "muscat_member": (0, 0, 1)}
    assert "Neighbour" in response.content.decode()
    # The next stage is blocked while nominations await decisions.
    assert "3 nomination(s) still await the initial decision." in response.context["stage_problems"]


def test_shortlist_form_records_decisions_and_requires_reason_against_scores(client, world):
    submit(world.dhofar_member, world.dhofar_nomination, 9, 9, 9, 9, 9, 9)
    world.sign_off(qualify=[world.dhofar_nomination])
    client.force_login(world.chair)
    url = reverse("awards:shortlist", args=[5])
    # Rejecting what the committee qualified (and what scored 90) needs a reason.
    client.post(url, {"nomination": world.dhofar_nomination.pk, "decision": "reject", "reason": ""})
    world.dhofar_nomination.refresh_from_db()
    assert world.dhofar_nomination.status == NominationStatus.SUBMITTED
    client.post(url, {"nomination": world.dhofar_nomination.pk, "decision": "recommend"})
    world.dhofar_nomination.refresh_from_db()
    assert world.dhofar_nomination.status == NominationStatus.FINALIST
    assert world.dhofar_nomination.shortlist_decision.initial_total == 90
    for bad in (
        {"nomination": "x\x00", "decision": "recommend"},
        {"nomination": 999999, "decision": "recommend"},
        {"decision": "maybe"},
    ):
        assert client.post(url, bad).status_code in (302, 404)


def test_chair_moves_the_edition_through_the_dashboard(client, world):
    world.sign_off(qualify=[world.dhofar_nomination, world.muscat_nomination, world.dhofar_project])
    for nomination in (world.dhofar_nomination, world.muscat_nomination, world.dhofar_project):
        services.shortlist_decide(
            nomination=nomination, recommended=True, reason="ok", by=world.chair
        )
    client.force_login(world.chair)
    response = client.post(reverse("awards:stage_advance", args=[5]), {"to": "review"})
    assert response.status_code == 302
    world.edition.refresh_from_db()
    assert world.edition.stage == Stage.INITIAL
    # Without the explicit confirmation the server refuses the move.
    client.post(reverse("awards:stage_advance", args=[5]), {"to": "final"})
    world.edition.refresh_from_db()
    assert world.edition.stage == Stage.INITIAL
    client.post(reverse("awards:stage_advance", args=[5]), {"to": "final", "confirm": "on"})
    world.edition.refresh_from_db()
    assert world.edition.stage == Stage.FINAL
    assert StageTransition.objects.get().by == world.chair
    assert client.post(reverse("awards:stage_advance", args=[5]), {"to": "\x00"}).status_code == 302


def test_assignments_matrix(client, world):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    client.force_login(world.chair)
    url = reverse("awards:assignments", args=[5])
    pair = f"{world.juror.pk}-{world.dhofar_nomination.pk}"
    assert client.post(url, {"pairs": [pair]}).status_code == 302
    assert list(JuryAssignment.objects.values_list("juror", "nomination")) == [
        (world.juror.pk, world.dhofar_nomination.pk)
    ]
    response = client.get(url)
    assert [j["load"] for j in response.context["jurors"]] == [1, 0]
    assert (
        client.post(url, {"pairs": [f"{world.chair.pk}-{world.dhofar_nomination.pk}"]}).status_code
        == 400
    )
    assert client.post(url, {"pairs": ["1-\x00"]}).status_code == 400
    assert JuryAssignment.objects.count() == 1
    client.post(url, {"clear": "1"})
    assert not JuryAssignment.objects.exists()


def _declare_conflict(judge, nomination):
    ConflictOfInterest.objects.create(
        judge=judge, nomination=nomination, reason="My cousin", declared_at=timezone.now()
    )


def test_a_juror_with_a_declared_conflict_cannot_be_assigned_the_finalist(client, world):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    _declare_conflict(world.juror2, world.muscat_nomination)
    client.force_login(world.chair)
    url = reverse("awards:assignments", args=[5])
    page = parse(client.get(url).content.decode())
    (row,) = [tr for tr in page.find_all("tr") if world.muscat_nomination.title in tr.text]
    # The conflicted cell has no box to tick.
    assert [i.attrs["value"] for i in row.find_all("input")] == [
        f"{world.juror.pk}-{world.muscat_nomination.pk}"
    ]
    assert "Conflict" in row.text
    ticked = [
        f"{world.juror.pk}-{world.muscat_nomination.pk}",
        f"{world.juror2.pk}-{world.muscat_nomination.pk}",
    ]
    response = client.post(url, {"pairs": ticked})
    assert response.status_code == 400
    assert not JuryAssignment.objects.exists()
    assert [str(m) for m in response.context["messages"]] == [
        f"{display_name(world.juror2)} declared a conflict of interest with "
        f"“{world.muscat_nomination.title}” and cannot be assigned to it."
    ]
    # The refused boxes stay ticked for the chair to correct, not lost.
    assert {
        cell["value"]
        for row in response.context["rows"]
        for cell in row["cells"]
        if cell["checked"]
    } == set(ticked)
    assert response.context["lead"] == "Not saved yet: check the ticked boxes, then save them."


def test_finalists_below_the_minimum_of_jurors_are_flagged(client, world):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    world.edition.minimum_sheets = 2
    world.edition.save()
    client.force_login(world.chair)
    url = reverse("awards:assignments", args=[5])
    # Unassigned, every juror judges every finalist: nothing is short.
    assert client.get(url).context["short"] == 0
    both = [f"{j.pk}-{world.dhofar_nomination.pk}" for j in (world.juror, world.juror2)]
    assert client.post(url, {"pairs": both}).status_code == 302
    response = client.get(url)
    # The two other finalists now have no juror at all.
    assert response.context["short"] == 2
    page = parse(response.content.decode())
    assert page.find("p", data_short_count="2")
    assert len([td for td in page.find_all("td") if "data-short" in td.attrs]) == 2
    # A declared conflict lowers what a finalist can reach: one free juror is enough then.
    _declare_conflict(world.juror2, world.dhofar_project)
    client.post(url, {"pairs": [*both, f"{world.juror.pk}-{world.dhofar_project.pk}"]})
    assert client.get(url).context["short"] == 1


def test_balanced_suggestion_is_shown_not_saved_and_avoids_conflicts(client, world):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    world.edition.minimum_sheets = 1
    world.edition.save()
    _declare_conflict(world.juror, world.dhofar_nomination)
    client.force_login(world.chair)
    url = reverse("awards:assignments", args=[5])
    response = client.post(url, {"balance": "1"})
    assert response.status_code == 200
    assert not JuryAssignment.objects.exists()
    suggested = {
        (cell["user"].pk, row["nomination"].pk)
        for row in response.context["rows"]
        for cell in row["cells"]
        if cell["checked"]
    }
    assert (world.juror2.pk, world.dhofar_nomination.pk) in suggested
    assert (world.juror.pk, world.dhofar_nomination.pk) not in suggested
    assert sorted(j["load"] for j in response.context["jurors"]) == [1, 2]
    assert response.context["short"] == 0
    # Saving the suggestion as shown keeps it.
    client.post(url, {"pairs": [f"{j}-{n}" for j, n in suggested]})
    assert set(JuryAssignment.objects.values_list("juror", "nomination")) == suggested


def test_balanced_assignment_spreads_the_load_within_one():
    jurors, finalists = [1, 2, 3, 4], list(range(10, 17))
    pairs = reports.balanced_assignment(jurors, finalists, per_finalist=3)
    assert all(sum(1 for _j, n in pairs if n == f) == 3 for f in finalists)
    loads = [sum(1 for j, _n in pairs if j == juror) for juror in jurors]
    assert sum(loads) == 21 and max(loads) - min(loads) <= 1
    # The same inputs, the same suggestion.
    assert reports.balanced_assignment(jurors, finalists, per_finalist=3) == pairs
    # Fewer free jurors than asked: every free one, never a conflicted one.
    conflicts = {(1, 10), (2, 10), (3, 10)}
    limited = reports.balanced_assignment(jurors, [10], per_finalist=3, conflicts=conflicts)
    assert limited == {(4, 10)}


def test_results_review_approval_with_override_then_announcement(client, scored):
    client.force_login(scored.chair)
    set_stage(scored.edition, Stage.REVIEW)
    response = client.get(reverse("awards:results", args=[5]))
    product = next(
        c for c in response.context["categories"] if c["result"].category.code == "product"
    )
    assert [r.nomination.pk for r in product["result"].rows] == [
        scored.dhofar_nomination.pk,
        scored.muscat_nomination.pk,
    ]
    approve = reverse("awards:approve", args=[5, scored.product.pk])
    prefix = f"c{scored.product.pk}"
    override = {
        f"{prefix}-place_1": scored.muscat_nomination.pk,
        f"{prefix}-place_2": scored.dhofar_nomination.pk,
    }
    client.post(approve, override)
    assert not CategoryResult.objects.exists()
    client.post(approve, {**override, f"{prefix}-reason": "Committee finds the loom unique"})
    result = CategoryResult.objects.get(category=scored.product)
    assert result.overridden and result.reason == "Committee finds the loom unique"
    # Duplicate places are refused.
    dup = {
        f"{prefix}-place_1": scored.muscat_nomination.pk,
        f"{prefix}-place_2": scored.muscat_nomination.pk,
    }
    client.post(approve, {**dup, f"{prefix}-reason": "x"})
    assert CategoryResult.objects.get().approved_order == [
        scored.muscat_nomination.pk,
        scored.dhofar_nomination.pk,
    ]
    # The project category is still unapproved: announcing is refused.
    client.post(reverse("awards:stage_advance", args=[5]), {"to": "announced", "confirm": "on"})
    scored.edition.refresh_from_db()
    assert scored.edition.stage == Stage.REVIEW
    prefix = f"c{scored.project.pk}"
    client.post(
        reverse("awards:approve", args=[5, scored.project.pk]),
        {f"{prefix}-place_1": scored.dhofar_project.pk},
    )
    client.post(reverse("awards:stage_advance", args=[5]), {"to": "announced", "confirm": "on"})
    scored.edition.refresh_from_db()
    assert scored.edition.stage == Stage.ANNOUNCED
    winners = client.get(reverse("awards:winners", args=[5]))
    categories = winners.context["categories"]
    assert [(w.pk, w.rank) for w in categories[0][1]] == [
        (scored.muscat_nomination.pk, 1),
        (scored.dhofar_nomination.pk, 2),
    ]


def test_reopen_sheet_from_results_page(client, scored):
    sheet = ScoreSheet.objects.filter(judge=scored.juror).first()
    client.force_login(scored.chair)
    url = reverse("awards:sheet_reopen", args=[5, sheet.pk])
    client.post(url, {"reason": ""})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    client.post(url, {"reason": "Judge typed 9 for 6"})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT
    assert SheetReopening.objects.get().by == scored.chair


def test_transparency_is_chair_only_until_announced_and_never_names_judges(client, scored):
    url = reverse("awards:transparency", args=[5])
    assert client.get(url).status_code == 404
    client.force_login(scored.chair)
    assert client.get(url).status_code == 200
    set_stage(scored.edition, Stage.ANNOUNCED)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "juror" not in page
    assert response.context["report"]["judges"] == 2


def test_sheets_page_lists_every_counted_sheet_of_a_category(client, scored):
    client.force_login(scored.chair)
    url = reverse("awards:sheets", args=[5])
    response = client.get(url, {"category": scored.project.pk})
    rows = [s for row in response.context["result"].rows for s in row.sheets]
    # Judges by their display names, never their logins.
    names = {f"Person {scored.juror.pk}", f"Person {scored.juror2.pk}"}
    assert len(rows) == 2 and {s.judge_name for s in rows} == names
    assert 'name="reason"' in response.content.decode()  # final stage: reopen offered
    for bad in ("\x00", "abc", "999999"):
        response = client.get(url, {"category": bad})
        assert response.status_code == 200
        assert response.context["result"].category == scored.product  # falls back to the first


def test_chair_chooses_the_aggregation_method_until_the_first_approval(client, scored):
    from awards.models import Aggregation, Edition

    set_stage(scored.edition, Stage.REVIEW)
    url = reverse("awards:aggregation", args=[5])
    client.force_login(scored.juror)
    assert client.post(url, {"aggregation": "median"}).status_code == 404
    client.force_login(scored.chair)
    client.post(url, {"aggregation": "nonsense\x00"})
    assert Edition.objects.get(pk=scored.edition.pk).aggregation == Aggregation.MEAN
    client.post(url, {"aggregation": "median"})
    edition = Edition.objects.get(pk=scored.edition.pk)
    assert edition.aggregation == Aggregation.MEDIAN and not edition.show_normalised
    prefix = f"c{scored.project.pk}"
    client.post(
        reverse("awards:approve", args=[5, scored.project.pk]),
        {f"{prefix}-place_1": scored.dhofar_project.pk},
    )
    assert client.get(reverse("awards:results", args=[5])).context["aggregation_form"] is None
    client.post(url, {"aggregation": "trimmed", "show_normalised": "on"})
    assert Edition.objects.get(pk=scored.edition.pk).aggregation == Aggregation.MEDIAN


def test_transparency_histograms_draw_coordinates_computed_in_python(client, scored):
    client.force_login(scored.chair)
    response = client.get(reverse("awards:transparency", args=[5]))

    distribution = response.context["report"]["categories"][0]["distributions"][0]
    chart = distribution.chart
    assert [column.value for column in chart.columns] == [n for _label, n in distribution.bins]
    assert all(column.y + column.height == chart.height for column in chart.columns)
    first = chart.columns[0]
    drawn = parse(response.content.decode()).find("svg", class_="histogram").find("rect")
    assert drawn.attrs == {
        "x": str(first.x),
        "width": str(first.width),
        "y": str(first.y),
        "height": str(first.height),
        "class": "histogram__bar",
    }
