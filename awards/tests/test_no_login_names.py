"""Issue 19: every award page and document names people by their display name — a login name
appears nowhere, public or private."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from awards import services
from awards.models import CommitteeKind, Nomination, Stage
from awards.tests.factories import UserFactory, committee, set_stage
from awards.tests.test_views_chair import submit


@pytest.fixture
def accounts(world):
    """Give every account a login name that cannot occur in a page by accident."""
    model = get_user_model()
    logins = {}
    for name in ("dhofar_member", "muscat_member", "juror", "juror2", "chair"):
        user = getattr(world, name)
        login = f"acct-{name.replace('_', '')}-7q"
        model.objects.filter(pk=user.pk).update(username=login)
        logins[name] = login
    main = UserFactory(username="acct-main-7q")
    committee(world.edition, CommitteeKind.MAIN, members=[main])
    logins["main"] = main.username
    world.main = main
    return logins


def _pages(client, user, urls):
    client.force_login(get_user_model().objects.get(pk=user.pk))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield f"{user.pk} {url}", response.content.decode()


def test_no_award_page_shows_a_login_name(client, world, accounts, dhofar):
    w = world
    seen = {}
    # Initial evaluation: a visit, a conflict, the committee page, the chair's dashboard.
    submit(w.dhofar_member, w.dhofar_nomination, 8, 8, 8, 8, 8, 8)
    services.site_visit_record(
        nomination=w.dhofar_project,
        by=w.dhofar_member,
        visited_on=datetime.date(2017, 4, 2),
        members=[w.dhofar_member],
    )
    services.conflict_declare(judge=w.muscat_member, nomination=w.muscat_nomination, reason="Kin")
    initial = w.edition.committees.get(kind=CommitteeKind.INITIAL, governorate=dhofar)
    committee_url = reverse("awards:committee", args=[5, initial.pk])
    member_urls = [
        reverse("awards:judging_home"),
        reverse("awards:score", args=[5, w.dhofar_project.pk]),
        reverse("awards:visit", args=[5, w.dhofar_project.pk]),
        reverse("awards:conflict", args=[5, w.dhofar_project.pk]),
        committee_url,
    ]
    seen.update(_pages(client, w.dhofar_member, member_urls))
    w.sign_off(qualify=[w.dhofar_nomination, w.muscat_nomination, w.dhofar_project])
    seen.update(_pages(client, w.chair, [reverse("awards:dashboard", args=[5]), committee_url]))
    for nomination in (w.dhofar_nomination, w.muscat_nomination, w.dhofar_project):
        services.shortlist_decide(nomination=nomination, recommended=True, reason="ok", by=w.chair)
    services.edition_advance(edition=w.edition, to=Stage.FINAL, by=w.chair, confirmed=True)
    # Final judging.
    for nomination, score in (
        (w.dhofar_nomination, 9),
        (w.muscat_nomination, 6),
        (w.dhofar_project, 8),
    ):
        submit(w.juror, Nomination.objects.get(pk=nomination.pk), score, score, score)
    seen.update(
        _pages(
            client,
            w.juror,
            [
                reverse("awards:judging_home"),
                reverse("awards:score", args=[5, w.dhofar_project.pk]),
            ],
        )
    )
    chair_urls = [
        reverse("awards:dashboard", args=[5]),
        reverse("awards:assignments", args=[5]),
        reverse("awards:sheets", args=[5]),
        reverse("awards:results", args=[5]),
    ]
    seen.update(_pages(client, w.chair, chair_urls))
    set_stage(w.edition, Stage.REVIEW)
    w.product.places = 1
    w.product.save()
    for category, winner in ((w.product, w.dhofar_nomination), (w.project, w.dhofar_project)):
        services.category_approve(category=category, order=[winner.pk], reason="", by=w.chair)
    seen.update(_pages(client, w.main, [reverse("awards:assent", args=[5])]))
    services.result_assent(edition=w.edition, by=w.main)
    seen.update(
        _pages(
            client,
            w.chair,
            [
                *chair_urls,
                reverse("awards:transparency", args=[5]),
                reverse("awards:export_csv", args=[5]),
                reverse("awards:ranking_csv", args=[5]),
            ],
        )
    )
    services.edition_advance(edition=w.edition, to=Stage.ANNOUNCED, by=w.chair, confirmed=True)
    client.logout()
    report = reverse("awards:transparency", args=[5])
    public = [
        reverse("awards:edition_list"),
        reverse("awards:winners", args=[5]),
        reverse("awards:certificate", args=[5, w.dhofar_nomination.pk]),
        reverse("awards:certificate", args=[5, w.muscat_nomination.pk]),
        reverse("awards:transparency", args=[5]),
        "/ar" + reverse("awards:transparency", args=[5])[3:],
        reverse("awards:transparency_csv", args=[5]),
        reverse("awards:transparency_json", args=[5]),
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        seen[f"public {url}"] = response.content.decode()

    assert len(seen) >= 20
    for url, page in seen.items():
        for login in accounts.values():
            assert login not in page, f"{login} shown on {url}"
    # …and the people are named: the chair on the public report, members on the committee page.
    assert f"Person {w.chair.pk}" in seen[f"public {report}"]
    assert f"Person {w.dhofar_member.pk}" in seen[f"{w.chair.pk} {committee_url}"]
