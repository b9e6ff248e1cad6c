"""The judging home says by when each piece of work is due: the stage's deadline with the days
left, overdue marked, in both languages, the soonest first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from awards.models import CommitteeKind, ConflictOfInterest, Criterion, Nomination, Stage
from awards.tests.factories import EditionFactory, committee, set_stage
from awards.tests.test_views_scoring import form_data, score_url


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def jury(world):
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    return world


def _set_deadline(edition, days, field="final_deadline"):
    setattr(edition, field, _in(days))
    edition.save(update_fields=[field])


def _rows(html: str) -> list[str]:
    body = html.split('<table class="stack-table judging-table">', 1)[1].split("</table>", 1)[0]
    return body.split("<tr data-nomination=")[1:]


def test_each_nomination_shows_its_deadline_and_the_days_left(client, jury):
    _set_deadline(jury.edition, 3)
    nomination = Nomination.objects.get(pk=jury.dhofar_nomination.pk)
    client.force_login(jury.juror)
    criteria = Criterion.objects.for_stage(nomination.category, "final").count()
    data = form_data(nomination, "final", *["7"] * criteria, action="submit", confirm=True)
    assert client.post(score_url(nomination), data).status_code == 302
    ConflictOfInterest.objects.create(
        judge=jury.juror, nomination=jury.muscat_nomination, reason="x", declared_at=timezone.now()
    )

    with translation.override("en"):
        html = client.get(reverse("awards:judging_home")).content.decode()

    rows = {row.split(">", 1)[0].strip('"'): row for row in _rows(html)}
    waiting = rows[str(jury.dhofar_project.pk)]
    assert f'data-due="{_in(3):%Y-%m-%d}"' in waiting and "3 days left" in waiting
    assert "due--soon" in waiting
    assert "Handed in" in rows[str(jury.dhofar_nomination.pk)]  # submitted: no countdown
    assert "days left" not in rows[str(jury.muscat_nomination.pk)]  # a conflict is not theirs


@pytest.mark.parametrize(
    ("days", "english", "arabic", "overdue"),
    [
        (-1, "overdue by 1 day", "متأخر بيوم واحد", True),
        (-4, "overdue by 4 days", "متأخر 4 أيام", True),
        (0, "due today", "الموعد اليوم", False),
        (1, "1 day left", "بقي يوم واحد", False),
        (2, "2 days left", "بقي يومان", False),
        (12, "12 days left", "بقي 12 يومًا", False),
    ],
)
def test_the_countdown_is_worded_in_both_languages_and_overdue_is_marked(
    client, jury, days, english, arabic, overdue
):
    _set_deadline(jury.edition, days)
    client.force_login(jury.juror)
    with translation.override("en"):
        en = client.get(reverse("awards:judging_home")).content.decode()
    with translation.override("ar"):
        ar = client.get(reverse("awards:judging_home")).content.decode()

    assert english in _rows(en)[0]
    assert arabic in _rows(ar)[0]
    assert ("due--overdue" in _rows(en)[0]) is overdue


def test_without_a_deadline_the_home_says_none_is_set(client, jury):
    client.force_login(jury.juror)
    with translation.override("en"):
        html = client.get(reverse("awards:judging_home")).content.decode()
    assert "No deadline set" in _rows(html)[0]


def test_the_edition_due_soonest_comes_first_and_the_committees_too(client, jury):
    later = EditionFactory(number=6, year=2018, stage="initial")
    committee(later, CommitteeKind.JURY, members=[jury.juror])
    set_stage(later, Stage.FINAL)
    _set_deadline(jury.edition, 20)
    _set_deadline(later, 2)
    client.force_login(jury.juror)

    response = client.get(reverse("awards:judging_home"))
    sections = response.context["sections"]
    assert [s["edition"].number for s in sections] == [6, 5]
    assert [s["due"].days_left for s in sections] == [2, 20]
    memberships = response.context["memberships"]
    assert [r["edition"].number for r in memberships] == [6, 5]

    _set_deadline(later, 40)
    sections = client.get(reverse("awards:judging_home")).context["sections"]
    assert [s["edition"].number for s in sections] == [5, 6]


def test_a_committee_out_of_its_stage_has_no_deadline(client, world):
    _set_deadline(world.edition, 5, "final_deadline")  # the jury's, not the governorate's
    client.force_login(world.dhofar_member)  # the initial evaluation is open

    [row] = client.get(reverse("awards:judging_home")).context["memberships"]
    assert row["due"].deadline is None

    _set_deadline(world.edition, 5, "initial_deadline")
    [row] = client.get(reverse("awards:judging_home")).context["memberships"]
    assert row["due"].days_left == 5
