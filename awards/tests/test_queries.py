"""List and report pages run a fixed number of queries whatever the number of nominations and
judges."""

import datetime

import pytest
from django.urls import reverse

from artisans.tests.factories import ArtisanFactory
from awards.models import (
    CategoryResult,
    CommitteeKind,
    ConflictOfInterest,
    Criterion,
    Nomination,
    NominationStatus,
    ResultAssent,
    Score,
    ScoreSheet,
    SheetStatus,
    Stage,
)
from awards.tests.factories import NominationFactory, UserFactory, committee, set_stage


def grow(world, finalists: int, jurors: int):
    """Add finalists in both categories and jurors who scored every one of them."""
    users = [UserFactory(username=f"bulk-juror-{i}") for i in range(jurors)]
    committee(world.edition, CommitteeKind.JURY, members=users)
    nominations = []
    for i in range(finalists):
        category = world.product if i % 2 else world.project
        nominations.append(
            NominationFactory(category=category, artisan=ArtisanFactory(), status="finalist")
        )
    world.finalise()
    criteria = {
        c: list(Criterion.objects.for_stage(c, "final")) for c in (world.product, world.project)
    }
    for judge in users:
        for index, nomination in enumerate(Nomination.objects.finalists(world.edition)):
            sheet = ScoreSheet.objects.create(
                judge=judge,
                nomination=nomination,
                stage="final",
                status=SheetStatus.SUBMITTED,
                submitted_at=datetime.datetime(2017, 6, 1, tzinfo=datetime.UTC),
            )
            Score.objects.bulk_create(
                Score(sheet=sheet, criterion=c, value=(index + judge.pk) % 11)
                for c in criteria[nomination.category]
            )
    ConflictOfInterest.objects.create(
        judge=users[0],
        nomination=nominations[0],
        reason="x",
        declared_at=datetime.datetime(2017, 6, 1, tzinfo=datetime.UTC),
    )
    return users


def count_queries(client, django_assert_num_queries, url, expected):
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


# Signed-in pages include 3 queries of the session, user and session-timeout middleware.
PAGES = {
    # name: (stage, url name, queries)
    "dashboard": (Stage.FINAL, "awards:dashboard", 20),
    "results": (Stage.REVIEW, "awards:results", 15),
    "transparency": (Stage.REVIEW, "awards:transparency", 27),
    "assignments": (Stage.FINAL, "awards:assignments", 11),
    "sheets": (Stage.FINAL, "awards:sheets", 17),
}


@pytest.mark.parametrize("size", [(2, 1), (12, 4)], ids=["small", "large"])
@pytest.mark.parametrize("page", list(PAGES))
def test_chair_pages_run_constant_queries(client, world, django_assert_num_queries, size, page):
    stage, url_name, expected = PAGES[page]
    grow(world, *size)
    set_stage(world.edition, stage)
    client.force_login(world.chair)
    count_queries(client, django_assert_num_queries, reverse(url_name, args=[5]), expected)


@pytest.mark.parametrize("size", [2, 12])
def test_winners_page_runs_constant_queries(client, world, django_assert_num_queries, size):
    grow(world, size, 1)
    for rank, nomination in enumerate(Nomination.objects.finalists(world.edition), start=1):
        nomination.status = NominationStatus.WINNER
        nomination.rank = rank
        nomination.save()
    for category in (world.product, world.project):
        CategoryResult.objects.create(
            category=category,
            approved_by=world.chair,
            computed_order=[],
            approved_order=[],
            approved_at=datetime.datetime(2017, 9, 1, tzinfo=datetime.UTC),
        )
    set_stage(world.edition, Stage.ANNOUNCED)
    count_queries(client, django_assert_num_queries, reverse("awards:winners", args=[5]), 4)


@pytest.mark.parametrize("size", [2, 12])
def test_judging_home_runs_constant_queries(client, world, django_assert_num_queries, size):
    users = grow(world, size, 1)
    set_stage(world.edition, Stage.FINAL)
    # "By when" on every row comes from the edition already read: no query per row.
    world.edition.final_deadline = datetime.date(2017, 10, 1)
    world.edition.save(update_fields=["final_deadline"])
    client.force_login(users[0])
    # 15 before "My committees", which adds 3 (memberships, sheet counts, visit counts).
    count_queries(client, django_assert_num_queries, reverse("awards:judging_home"), 18)


@pytest.mark.parametrize("size", [2, 12])
def test_edition_list_runs_constant_queries(client, world, django_assert_num_queries, size):
    from awards.tests.factories import EditionFactory

    for number in range(10, 10 + size):
        EditionFactory(number=number, stage="announced")
    count_queries(client, django_assert_num_queries, reverse("awards:edition_list"), 1)


@pytest.mark.parametrize("size", [2, 12])
def test_committee_page_runs_constant_queries(client, world, django_assert_num_queries, size):
    from artisans.tests.factories import ArtisanFactory as Artisan
    from awards import services

    initial = world.edition.committees.get(
        kind=CommitteeKind.INITIAL, governorate=world.dhofar_nomination.governorate
    )
    for _ in range(size):
        nomination = NominationFactory(category=world.product, artisan=Artisan())
        services.committee_recommend(
            committee=initial,
            nomination=nomination,
            qualify=False,
            reason="",
            by=world.dhofar_member,
        )
    client.force_login(world.dhofar_member)
    url = reverse("awards:committee", args=[5, initial.pk])
    count_queries(client, django_assert_num_queries, url, 19)


@pytest.mark.parametrize("size", [2, 12])
def test_assent_page_runs_constant_queries(client, world, django_assert_num_queries, size):
    members = [UserFactory(username=f"main-{i}") for i in range(size)]
    committee(world.edition, CommitteeKind.MAIN, members=members)
    world.finalise()
    for member in members:
        ResultAssent.objects.create(
            edition=world.edition,
            member=member,
            at=datetime.datetime(2017, 9, 2, tzinfo=datetime.UTC),
        )
    set_stage(world.edition, Stage.REVIEW)
    client.force_login(members[0])
    count_queries(client, django_assert_num_queries, reverse("awards:assent", args=[5]), 15)
