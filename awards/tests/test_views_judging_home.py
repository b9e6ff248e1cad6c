"""The judging home: drafts first, a filter by status with counts."""

import pytest
from django.urls import reverse

from awards.models import ConflictOfInterest, Nomination, Stage
from awards.tests.factories import set_stage
from awards.tests.test_views_scoring import form_data, score_url


@pytest.fixture
def judged(world):
    """The juror has a draft (Dhofar product), a conflict (Muscat) and one not started."""
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    return world


def _home(client, judged, **params):
    client.force_login(judged.juror)
    nomination = Nomination.objects.get(pk=judged.dhofar_nomination.pk)
    client.post(score_url(nomination), form_data(nomination, "final", "7"))
    ConflictOfInterest.objects.get_or_create(
        judge=judged.juror,
        nomination=judged.muscat_nomination,
        defaults={"reason": "x", "declared_at": "2017-05-01T10:00Z"},
    )
    return client.get(reverse("awards:judging_home"), params)


def test_drafts_come_first_then_to_score_then_conflicts(client, judged):
    section = _home(client, judged).context["sections"][0]

    assert [row["status"] for row in section["rows"]] == ["draft", "not_started", "conflict"]


def test_the_filter_counts_every_status_and_shows_one(client, judged):
    response = _home(client, judged, status="draft")

    section = response.context["sections"][0]
    assert [row["nomination"].pk for row in section["rows"]] == [judged.dhofar_nomination.pk]
    assert section["all_count"] == 3
    assert section["filters"] == [
        ("not_started", "To score", 1),
        ("draft", "Draft", 1),
        ("submitted", "Submitted", 0),
        ("conflict", "Conflict declared", 1),
    ]
    page = response.content.decode()
    assert 'href="?status=draft" data-status="draft" aria-current="true"' in page


def test_a_state_with_no_nomination_says_so(client, judged):
    response = _home(client, judged, status="submitted")

    assert response.context["sections"][0]["rows"] == []
    assert "No nomination in this state." in response.content.decode()


@pytest.mark.parametrize("status", ["bogus", "draft\x00", "", "'; select"])
def test_an_unknown_status_shows_every_row(client, judged, status):
    response = _home(client, judged, status=status)

    assert response.status_code == 200
    assert len(response.context["sections"][0]["rows"]) == 3
