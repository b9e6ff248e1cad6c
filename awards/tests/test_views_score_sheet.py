"""The score sheet: an empty criterion is not a zero, the step is stated and kept, the conflict
declaration comes first, and a "next nomination" button leads on."""

import pytest

from awards.models import Criterion, Nomination, ScoreSheet, Stage
from awards.tests.factories import set_stage
from awards.tests.test_views_scoring import form_data, score_url


@pytest.fixture
def final(world):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    return world


def test_a_draft_with_empty_criteria_says_incomplete_not_a_total(client, final):
    client.force_login(final.juror)
    nomination = Nomination.objects.get(pk=final.dhofar_nomination.pk)
    criteria = Criterion.objects.for_stage(nomination.category, "final").count()
    client.post(score_url(nomination), form_data(nomination, "final", "7"))

    page = client.get(score_url(nomination)).content.decode()

    assert f"incomplete ({criteria - 1} of {criteria} criteria empty)" in page


def test_the_allowed_step_is_stated_and_other_values_are_refused(client, final):
    client.force_login(final.juror)
    nomination = Nomination.objects.get(pk=final.dhofar_nomination.pk)

    page = client.get(score_url(nomination)).content.decode()
    response = client.post(score_url(nomination), form_data(nomination, "final", "7.3"))

    assert "in steps of 0.5 (for example 7 or 7.5)" in page
    assert response.status_code == 400
    field = next(iter(response.context["form"].errors))
    assert response.context["form"].errors[field] == [
        "Use whole or half points (for example 7 or 7.5)."
    ]
    assert not ScoreSheet.objects.exists()
    assert (
        client.post(score_url(nomination), form_data(nomination, "final", "7.5")).status_code == 302
    )


def test_the_conflict_declaration_comes_before_the_scoring_form(client, final):
    client.force_login(final.juror)
    nomination = Nomination.objects.get(pk=final.dhofar_nomination.pk)

    page = client.get(score_url(nomination)).content.decode()

    assert page.index('id="conflict-title"') < page.index('class="award-form score-form"')


def test_next_nomination_leads_to_the_next_one_waiting_and_not_to_a_conflict(client, final):
    from awards.models import ConflictOfInterest

    client.force_login(final.juror)
    ConflictOfInterest.objects.create(
        judge=final.juror,
        nomination=final.muscat_nomination,
        reason="x",
        declared_at="2017-05-01T10:00Z",
    )
    nomination = Nomination.objects.get(pk=final.dhofar_nomination.pk)

    response = client.get(score_url(nomination))

    assert response.context["next_nomination"] == final.dhofar_project
    assert score_url(final.dhofar_project) in response.content.decode()
    # From the last one waiting, back to the first.
    last = client.get(score_url(final.dhofar_project))
    assert last.context["next_nomination"] == final.dhofar_nomination
