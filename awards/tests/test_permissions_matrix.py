"""Every role × every award page and action. A user who must not see something gets a 404
(anonymous users are sent to sign in for pages that need an account)."""

import pytest
from django.urls import reverse

from awards.models import ScoreSheet, Stage
from awards.tests.factories import set_stage

ROLES = ["public", "registrar", "dhofar_member", "juror", "chair", "superuser"]
LOGIN = 302  # anonymous → sign-in page


def login(client, world, role, superuser):
    if role == "public":
        return
    user = superuser if role == "superuser" else getattr(world, role)
    client.force_login(user)


def expect(**codes):
    return [codes[role] for role in ROLES]


# (name, stage, url builder, method, data, expected codes in ROLES order)
CASES = [
    (
        "edition list",
        Stage.INITIAL,
        lambda w: reverse("awards:edition_list"),
        "get",
        expect(public=200, registrar=200, dhofar_member=200, juror=200, chair=200, superuser=200),
    ),
    (
        "winners before announcement",
        Stage.REVIEW,
        lambda w: reverse("awards:winners", args=[5]),
        "get",
        expect(public=404, registrar=404, dhofar_member=404, juror=404, chair=404, superuser=404),
    ),
    (
        "certificate before announcement",
        Stage.REVIEW,
        lambda w: reverse("awards:certificate", args=[5, w.dhofar_nomination.pk]),
        "get",
        expect(public=404, registrar=404, dhofar_member=404, juror=404, chair=404, superuser=404),
    ),
    (
        "judging home",
        Stage.INITIAL,
        lambda w: reverse("awards:judging_home"),
        "get",
        expect(public=LOGIN, registrar=200, dhofar_member=200, juror=200, chair=200, superuser=200),
    ),
    (
        "score own governorate, initial",
        Stage.INITIAL,
        lambda w: reverse("awards:score", args=[5, w.dhofar_nomination.pk]),
        "get",
        expect(public=LOGIN, registrar=404, dhofar_member=200, juror=404, chair=404, superuser=404),
    ),
    (
        "score other governorate, initial",
        Stage.INITIAL,
        lambda w: reverse("awards:score", args=[5, w.muscat_nomination.pk]),
        "get",
        expect(public=LOGIN, registrar=404, dhofar_member=404, juror=404, chair=404, superuser=404),
    ),
    (
        "score finalist, final",
        Stage.FINAL,
        lambda w: reverse("awards:score", args=[5, w.dhofar_nomination.pk]),
        "get",
        expect(public=LOGIN, registrar=404, dhofar_member=404, juror=200, chair=404, superuser=404),
    ),
    (
        "score during results review",
        Stage.REVIEW,
        lambda w: reverse("awards:score", args=[5, w.dhofar_nomination.pk]),
        "get",
        expect(public=LOGIN, registrar=404, dhofar_member=404, juror=404, chair=404, superuser=404),
    ),
    (
        "visit form, initial",
        Stage.INITIAL,
        lambda w: reverse("awards:visit", args=[5, w.dhofar_nomination.pk]),
        "get",
        expect(public=LOGIN, registrar=404, dhofar_member=200, juror=404, chair=404, superuser=404),
    ),
    (
        "conflict form, final",
        Stage.FINAL,
        lambda w: reverse("awards:conflict", args=[5, w.dhofar_nomination.pk]),
        "get",
        expect(public=LOGIN, registrar=404, dhofar_member=404, juror=200, chair=404, superuser=404),
    ),
    (
        "chair dashboard",
        Stage.INITIAL,
        lambda w: reverse("awards:dashboard", args=[5]),
        "get",
        expect(public=LOGIN, registrar=404, dhofar_member=404, juror=404, chair=200, superuser=200),
    ),
    (
        "assignments",
        Stage.FINAL,
        lambda w: reverse("awards:assignments", args=[5]),
        "get",
        expect(public=LOGIN, registrar=404, dhofar_member=404, juror=404, chair=200, superuser=200),
    ),
    (
        "results review",
        Stage.REVIEW,
        lambda w: reverse("awards:results", args=[5]),
        "get",
        expect(public=LOGIN, registrar=404, dhofar_member=404, juror=404, chair=200, superuser=200),
    ),
    (
        "transparency before announcement",
        Stage.REVIEW,
        lambda w: reverse("awards:transparency", args=[5]),
        "get",
        expect(public=404, registrar=404, dhofar_member=404, juror=404, chair=200, superuser=200),
    ),
    (
        "CSV export",
        Stage.REVIEW,
        lambda w: reverse("awards:export_csv", args=[5]),
        "get",
        expect(public=LOGIN, registrar=404, dhofar_member=404, juror=404, chair=200, superuser=200),
    ),
    (
        "ranking CSV",
        Stage.REVIEW,
        lambda w: reverse("awards:ranking_csv", args=[5]),
        "get",
        expect(public=LOGIN, registrar=404, dhofar_member=404, juror=404, chair=200, superuser=200),
    ),
    (
        # Unlike the page, no preview for the chair: the open data exists once announced.
        "transparency CSV before announcement",
        Stage.REVIEW,
        lambda w: reverse("awards:transparency_csv", args=[5]),
        "get",
        expect(public=404, registrar=404, dhofar_member=404, juror=404, chair=404, superuser=404),
    ),
    (
        "transparency JSON after announcement",
        Stage.ANNOUNCED,
        lambda w: reverse("awards:transparency_json", args=[5]),
        "get",
        expect(public=200, registrar=200, dhofar_member=200, juror=200, chair=200, superuser=200),
    ),
    (
        "XLSX export",
        Stage.REVIEW,
        lambda w: reverse("awards:export_xlsx", args=[5]),
        "get",
        expect(public=LOGIN, registrar=404, dhofar_member=404, juror=404, chair=200, superuser=200),
    ),
    (
        "move stage",
        Stage.REVIEW,
        lambda w: reverse("awards:stage_advance", args=[5]),
        "post",
        expect(public=LOGIN, registrar=404, dhofar_member=404, juror=404, chair=302, superuser=302),
    ),
    (
        "shortlist decision",
        Stage.INITIAL,
        lambda w: reverse("awards:shortlist", args=[5]),
        "post",
        expect(public=LOGIN, registrar=404, dhofar_member=404, juror=404, chair=302, superuser=302),
    ),
    (
        "approve category",
        Stage.REVIEW,
        lambda w: reverse("awards:approve", args=[5, w.product.pk]),
        "post",
        expect(public=LOGIN, registrar=404, dhofar_member=404, juror=404, chair=302, superuser=302),
    ),
    (
        "reopen sheet",
        Stage.FINAL,
        lambda w: reverse("awards:sheet_reopen", args=[5, w.sheet.pk]),
        "post",
        expect(public=LOGIN, registrar=404, dhofar_member=404, juror=404, chair=302, superuser=302),
    ),
    (
        "unknown edition dashboard",
        Stage.INITIAL,
        lambda w: reverse("awards:dashboard", args=[99]),
        "get",
        expect(public=LOGIN, registrar=404, dhofar_member=404, juror=404, chair=404, superuser=404),
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "stage", "url", "method", "codes"), CASES, ids=[c[0] for c in CASES]
)
def test_permission_matrix(client, world, superuser, role, name, stage, url, method, codes):
    if stage != Stage.INITIAL:
        world.finalise()
    set_stage(world.edition, stage)
    world.sheet = ScoreSheet.objects.create(
        judge=world.juror2, nomination=world.dhofar_nomination, stage="final"
    )
    login(client, world, role, superuser)
    response = getattr(client, method)(url(world), {"to": "x"} if method == "post" else None)
    expected = codes[ROLES.index(role)]
    assert response.status_code == expected, f"{name} as {role}"
    if expected == LOGIN and role == "public":
        assert reverse("awards:login") in response["Location"]


def test_registrar_judging_home_lists_nothing(client, world):
    client.force_login(world.registrar)
    assert client.get(reverse("awards:judging_home")).context["sections"] == []


def test_juror_in_initial_stage_and_committee_member_in_final_stage_see_nothing(client, world):
    client.force_login(world.juror)
    assert client.get(reverse("awards:judging_home")).context["sections"] == []
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    client.force_login(world.dhofar_member)
    assert client.get(reverse("awards:judging_home")).context["sections"] == []
