"""The ranking as files: the transparency report's open data (CSV and JSON, once announced) and
the chair's ranking CSV (before)."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation

from awards import services
from awards.models import Criterion, Nomination, NominationStatus, Stage
from awards.tests.factories import set_stage
from awards.tests.test_queries import grow

ENGLISH_HEADER = [
    "Category",
    "Computed rank",
    "Nomination number",
    "Title",
    "Artisan",
    "Governorate",
    "Sheets",
    "Aggregate",
    "Spread",
    "Place awarded",
    "Status",
]


def submit(judge, nomination, *values):
    criteria = Criterion.objects.for_stage(
        nomination.category, nomination.category.edition.scoring_stage
    )
    services.score_sheet_save(
        judge=judge,
        nomination=nomination,
        values={c.pk: v for c, v in zip(criteria, values, strict=True)},
        submit=True,
    )


@pytest.fixture
def scored(world):
    """Final judging: both jurors scored every finalist; one title is a spreadsheet formula."""
    world.juror.email = "juror.one@example.om"
    world.juror.save()
    world.muscat_nomination.title_en = '=HYPERLINK("http://evil.example","x")'
    world.muscat_nomination.save()
    world.finalise()
    set_stage(world.edition, Stage.FINAL)
    for nomination, mine, theirs in (
        (world.dhofar_nomination, (9, 9, 9), (7, 7, 7)),
        (world.muscat_nomination, (6, 6, 6), (6, 6, 6)),
        (world.dhofar_project, (7, 7, 7), (7, 7, 7)),
    ):
        nomination = Nomination.objects.get(pk=nomination.pk)
        submit(world.juror, nomination, *mine)
        submit(world.juror2, nomination, *theirs)
    return world


@pytest.fixture
def announced(scored):
    winner = scored.dhofar_nomination
    winner.status, winner.rank = NominationStatus.WINNER, 1
    winner.save()
    Nomination.objects.filter(pk=scored.muscat_nomination.pk).update(
        status=NominationStatus.NOT_PLACED
    )
    set_stage(scored.edition, Stage.ANNOUNCED)
    return scored


def read_csv(response) -> list[list[str]]:
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


@pytest.mark.parametrize("stage", [Stage.FINAL, Stage.REVIEW])
@pytest.mark.parametrize("name", ["awards:transparency_csv", "awards:transparency_json"])
def test_public_results_files_are_404_before_announcement(client, scored, stage, name):
    set_stage(scored.edition, stage)
    url = reverse(name, args=[5])
    assert client.get(url).status_code == 404
    # Not even for the chair, who previews the page: theirs is the ranking CSV.
    client.force_login(scored.chair)
    assert client.get(url).status_code == 404


def test_transparency_page_links_the_files_only_once_announced(client, scored):
    csv_url = reverse("awards:transparency_csv", args=[5])
    client.force_login(scored.chair)
    assert csv_url not in client.get(reverse("awards:transparency", args=[5])).content.decode()
    set_stage(scored.edition, Stage.ANNOUNCED)
    client.logout()
    page = client.get(reverse("awards:transparency", args=[5])).content.decode()
    assert csv_url in page
    assert reverse("awards:transparency_json", args=[5]) in page


def test_public_results_csv_lists_finalists_in_rank_order_per_category(client, announced):
    response = client.get(reverse("awards:transparency_csv", args=[5]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "sqa-5-results.csv" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    # The public report shows no normalisation, so neither does its file.
    assert header == ENGLISH_HEADER
    by_key = [dict(zip(header, row, strict=True)) for row in rows]
    summary = [
        (r["Category"], r["Computed rank"], r["Nomination number"], r["Place awarded"])
        for r in by_key
    ]
    product, project = announced.product.name, announced.project.name
    assert summary == [
        (product, "1", str(announced.dhofar_nomination.pk), "1"),
        (product, "2", str(announced.muscat_nomination.pk), ""),
        (project, "1", str(announced.dhofar_project.pk), ""),
    ]
    first = by_key[0]
    assert (first["Sheets"], first["Aggregate"], first["Spread"]) == ("2", "80.0", "20.0")
    assert (first["Status"], by_key[1]["Status"]) == ("Winner", "Not placed")
    assert first["Governorate"] == announced.dhofar_nomination.governorate.name
    assert first["Artisan"] == announced.dhofar_nomination.artisan.name


def test_public_results_csv_neutralises_a_formula_title(client, announced):
    _header, _first, second, _third = read_csv(
        client.get(reverse("awards:transparency_csv", args=[5]))
    )
    assert second[3] == '\'=HYPERLINK("http://evil.example","x")'


def test_public_results_csv_headers_follow_the_language(client, announced):
    with translation.override("ar"):
        url = reverse("awards:transparency_csv", args=[5])
    header = read_csv(client.get(url))[0]
    assert header[:2] == ["الفئة", "الترتيب المحسوب"]


def test_public_results_json_has_stable_english_keys(client, announced):
    with translation.override("ar"):
        url = reverse("awards:transparency_json", args=[5])
    response = client.get(url)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert (data["edition"], data["stage"], data["aggregation"]) == (5, "final", "mean")
    first, second, _third = data["rows"]
    assert list(first) == data["columns"]
    assert "normalised" not in data["columns"]
    assert first["nomination"] == announced.dhofar_nomination.pk
    assert (first["rank"], first["place"], first["status"]) == (1, 1, NominationStatus.WINNER)
    assert (first["aggregate"], first["spread"], first["sheets"]) == (80.0, 20.0, 2)
    assert (second["rank"], second["place"], second["status"]) == (2, None, "not_placed")
    # Values are in the language asked for, as the page's.
    assert second["title"] == announced.muscat_nomination.title_ar


def test_public_results_json_keeps_a_title_as_entered(client, announced):
    # JSON is not a spreadsheet: no apostrophe is added.
    data = client.get(reverse("awards:transparency_json", args=[5])).json()
    assert data["rows"][1]["title"] == announced.muscat_nomination.title_en


def test_public_results_files_name_no_judge(client, announced):
    for name in ("awards:transparency_csv", "awards:transparency_json"):
        content = client.get(reverse(name, args=[5])).content.decode()
        for judge in (announced.juror, announced.juror2, announced.chair):
            assert judge.username not in content
            assert judge.staff_profile.display_name_en not in content
        assert "juror.one@example.om" not in content


def test_chair_ranking_csv_is_the_chairs_before_announcement(client, scored):
    set_stage(scored.edition, Stage.REVIEW)
    url = reverse("awards:ranking_csv", args=[5])
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    for user in (scored.juror, scored.dhofar_member, scored.outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(scored.chair)
    assert url in client.get(reverse("awards:results", args=[5])).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert "sqa-5-final-ranking.csv" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    # The edition shows the normalisation (the default): the chair's file has it too.
    assert header == [*ENGLISH_HEADER[:8], "Normalised", *ENGLISH_HEADER[8:]]
    assert [row[2] for row in rows] == [
        str(scored.dhofar_nomination.pk),
        str(scored.muscat_nomination.pk),
        str(scored.dhofar_project.pk),
    ]
    assert rows[1][3].startswith("'=")
    content = response.content.decode()
    assert "juror.one@example.om" not in content and "Person " not in content


def test_chair_ranking_csv_leaves_out_normalisation_the_edition_hides(client, scored):
    scored.edition.show_normalised = False
    scored.edition.save()
    client.force_login(scored.chair)
    header = read_csv(client.get(reverse("awards:ranking_csv", args=[5])))[0]
    assert header == ENGLISH_HEADER


@pytest.mark.parametrize(
    "name", ["awards:transparency_csv", "awards:transparency_json", "awards:ranking_csv"]
)
def test_unknown_or_malformed_edition_is_404(client, world, name):
    client.force_login(world.chair)
    set_stage(world.edition, Stage.ANNOUNCED)
    assert client.get(reverse(name, args=[99])).status_code == 404
    assert client.get(reverse(name, args=[5]).replace("/5/", "/99999/")).status_code == 404
    assert client.get(reverse(name, args=[5]).replace("/5/", "/5x/")).status_code == 404


@pytest.mark.parametrize("size", [(2, 1), (12, 4)], ids=["small", "large"])
@pytest.mark.parametrize(
    ("name", "signed_in", "expected"),
    [
        # The edition, then stage_results without names (six).
        ("awards:transparency_csv", False, 7),
        ("awards:transparency_json", False, 7),
        # Signed in: the session and the user, the chair's edition and membership, the six, and
        # the session timeout's save of the session (savepoint, update, release).
        ("awards:ranking_csv", True, 13),
    ],
)
def test_results_files_run_constant_queries(
    client, world, django_assert_num_queries, size, name, signed_in, expected
):
    grow(world, *size)
    set_stage(world.edition, Stage.ANNOUNCED if not signed_in else Stage.REVIEW)
    if signed_in:
        client.force_login(world.chair)
    with django_assert_num_queries(expected):
        response = client.get(reverse(name, args=[5]))
    assert response.status_code == 200
    finalists = Nomination.objects.finalists(world.edition).count()
    if name.endswith("json"):
        assert len(response.json()["rows"]) == finalists
    else:
        assert len(read_csv(response)) == 1 + finalists
