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


def test_a_member_with_nothing_to_score_sees_their_committee_and_what_comes_next(client, world):
    from awards.models import Stage
    from awards.tests.factories import set_stage

    set_stage(world.edition, Stage.NOMINATIONS)
    client.force_login(world.dhofar_member)

    response = client.get(reverse("awards:judging_home"))

    assert response.context["sections"] == []
    [row] = response.context["memberships"]
    assert row["committee"].governorate.name_en == "Dhofar"
    assert (row["stage"], row["next_stage"]) == (Stage.NOMINATIONS, Stage.INITIAL)
    page = response.content.decode()
    assert "My committees" in page and "Initial evaluation" in page


def test_a_member_sees_what_they_did_in_earlier_stages(client, judged):
    _home(client, judged)  # a draft of the final stage
    client.force_login(judged.juror)

    [row] = client.get(reverse("awards:judging_home")).context["memberships"]

    assert (row["drafts"], row["submitted"], row["visits"]) == (1, 0, 0)


def test_the_chair_lands_on_the_dashboard_after_signing_in(client, world):
    world.chair.set_password("pw-long-enough-1")
    world.chair.save()

    response = client.post(
        reverse("awards:login"), {"username": "chair", "password": "pw-long-enough-1"}
    )

    assert response.status_code == 302
    assert response.url == reverse("awards:dashboard", args=[world.edition.number])


def test_a_juror_lands_on_the_judging_home_after_signing_in(client, world):
    world.juror.set_password("pw-long-enough-1")
    world.juror.save()

    response = client.post(
        reverse("awards:login"), {"username": "juror", "password": "pw-long-enough-1"}
    )

    assert response.url == reverse("awards:judging_home")
