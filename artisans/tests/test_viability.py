"""Craft viability (status rule, age figures), the crafts JSON and suppression that holds."""

import datetime
import itertools
import random
from decimal import Decimal

import pytest

from artisans import statistics, viability
from artisans.models import Craft
from artisans.tests.factories import ArtisanFactory
from artisans.viability import Status
from craftsreg.tests.html import parse

pytestmark = pytest.mark.usefixtures("fresh_statistics_cache")

D = Decimal


# --- The status rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("artisans", "under_30", "over_60", "new", "status"),
    [
        (1000, D(20), D(20), 200, Status.VIABLE),
        (99, D(20), D(20), 30, Status.ENDANGERED),  # too few artisans
        (1000, D(20), D(50), 200, Status.ENDANGERED),  # half of them 60 or over
        (1000, D("4.99"), D(20), 200, Status.ENDANGERED),  # almost nobody young
        (299, D(20), D(20), 200, Status.AT_RISK),
        (1000, D(20), D(30), 200, Status.AT_RISK),
        (1000, D("9.99"), D(20), 200, Status.AT_RISK),
        (1000, D(20), D(20), 99, Status.AT_RISK),  # new registrations under 10 %
        (1000, None, None, 200, Status.VIABLE),  # no birth dates: judged on the rest
        (0, None, None, 0, None),
    ],
)
def test_status_rule(artisans, under_30, over_60, new, status):
    assert viability.status_of(artisans, under_30, over_60, new) == status


def test_median_age_is_the_middle_age():
    assert viability.median_age({30: 1, 40: 1, 50: 1}) == D("40.0")
    assert viability.median_age({30: 2, 41: 2}) == D("35.5")
    assert viability.median_age({}) is None


def test_median_age_of_large_counts_without_expanding_them():
    assert viability.median_age({30: 500_000, 70: 500_001}) == D("70.0")
    assert viability.median_age({30: 500_000, 70: 500_000}) == D("50.0")
    assert viability.median_age({25: 0, 40: 3}) == D("40.0")


@pytest.mark.django_db
def test_craft_figures_from_birth_dates_and_registration_years(salalah):
    pottery = Craft.objects.get(code="pottery")

    def artisans(n, born, registered):
        ArtisanFactory.create_batch(
            n,
            wilayat=salalah,
            primary_craft=pottery,
            date_of_birth=datetime.date(born, 6, 1),
            registered_on=datetime.date(registered, 3, 1),
        )

    artisans(2, 1950, 2010)  # 67 in 2017
    artisans(3, 1992, 2016)  # 25
    artisans(5, 1977, 2017)  # 40
    ArtisanFactory(
        wilayat=salalah,
        primary_craft=pottery,
        date_of_birth=None,
        registered_on=datetime.date(2017, 1, 1),
    )

    from artisans.models import Artisan

    cube = statistics.Cube.of(Artisan.objects.all(), ages=True).sliced(last_year=2017)
    row = viability.craft_viability(
        cube, [pottery], statistics.Period.of(2017, datetime.date(2026, 1, 1))
    )[0]

    assert row.artisans == 11
    assert row.known_ages == 10  # one birth date is not recorded
    assert (row.under_30, row.over_60, row.median_age) == (D("30.00"), D("20.00"), D("40.0"))
    assert row.new_last_3_years == 9  # 2015–2017
    assert row.growth == D("120.00")  # 5 by the end of 2016, 11 by the end of 2017
    assert row.status == Status.ENDANGERED  # 11 artisans


# --- Suppression that holds --------------------------------------------------------------------


def derivable(published: list[int | None], counts: list[int], threshold: int = 5) -> list[int]:
    """Indexes of withheld cells whose value a reader can work out from the published total.

    The reader knows the total, the published cells and that a withheld cell is at least 1 —
    or at least 0 once zero cells may be withheld too. A withheld cell is exposed when it can
    take only one value. (A table whose only non-zero cell is its total is beyond any cell
    suppression: ``withheld`` documents it, and the cases below avoid it.)
    """
    hidden = [i for i, value in enumerate(published) if value is None]
    rest = sum(counts) - sum(value for value in published if value is not None)
    low = 0 if any(counts[i] == 0 for i in hidden) else 1
    if len(hidden) == 1:
        return hidden  # the total minus the rest
    exposed = []
    for i in hidden:
        high = rest - low * (len(hidden) - 1)
        if high - low < 1:
            exposed.append(i)
    return exposed


def publish(counts: list[int]) -> list[int | None]:
    hidden = statistics.withheld(counts)
    return [None if i in hidden else n for i, n in enumerate(counts)]


def test_the_derivability_check_would_catch_primary_suppression_alone():
    counts = [40, 3, 0]
    naive = [None if 0 < n < 5 else n for n in counts]
    assert derivable(naive, counts) == [1]  # 43 - 40 - 0 = 3


@pytest.mark.parametrize("seed", range(200))
def test_no_withheld_cell_can_be_derived_from_the_total(seed):
    rng = random.Random(seed)
    counts = [rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15, 40, 300]) for _ in range(rng.randint(2, 9))]
    if sum(1 for n in counts if n) < 2 or set(counts) <= {0, 1}:
        counts.append(7)  # see test_every_small_table_is_protected

    published = publish(counts)

    # Every small count is withheld, and none of the withheld can be worked back.
    assert all(published[i] is None for i, n in enumerate(counts) if 0 < n < 5)
    assert derivable(published, counts) == []
    # Where the table allows, a withheld cell cannot even be told to be small.
    hidden = [i for i, value in enumerate(published) if value is None]
    if hidden and sum(n for n in counts if n >= 5) >= 5 and all(counts[i] for i in hidden):
        assert sum(counts[i] for i in hidden) - (len(hidden) - 1) >= 5


def test_every_small_table_is_protected():
    for counts in itertools.product([0, 1, 2, 4, 5, 7], repeat=4):
        if sum(1 for n in counts if n) < 2 or set(counts) <= {0, 1}:
            # The total is the one count, or every count is 1 with no zero to withhold with
            # them: cell suppression cannot protect these (``withheld`` says so).
            continue
        published = publish(list(counts))
        assert derivable(published, list(counts)) == [], counts


# --- Pages and downloads -----------------------------------------------------------------------


@pytest.mark.django_db
def test_crafts_json_has_the_viability_shape_in_per_cent(client, salalah):
    cotton = Craft.objects.get(code="cotton-weaving")
    for born in (1990, 1991, 1960, 1950, 1980, 1985, 1975):
        ArtisanFactory(
            wilayat=salalah,
            primary_craft=cotton,
            date_of_birth=datetime.date(born, 1, 1),
            registered_on=datetime.date(2017, 5, 1),
        )
    for code, n in (("pottery", 2), ("wool-weaving", 6)):
        ArtisanFactory.create_batch(
            n, wilayat=salalah, primary_craft=Craft.objects.get(code=code),
            registered_on=datetime.date(2017, 5, 1),
        )  # fmt: skip

    data = client.get("/en/statistics/crafts.json", {"year": "2017"}).json()

    assert set(data) >= {"year", "total", "crafts"}
    assert (data["year"], data["total"]) == (2017, 15)
    keys = {"code", "name", "artisans", "share", "under_30", "over_60", "median_age",
            "new_last_3_years", "growth", "status"}  # fmt: skip
    assert all(set(craft) == keys for craft in data["crafts"])
    assert len(data["crafts"]) == Craft.objects.count()
    cotton_row = data["crafts"][0]
    assert cotton_row["code"] == "cotton-weaving" and cotton_row["name"] == "Cotton weaving"
    # 7 artisans, 2 of them under 30 (born 1990, 1991), 1 aged 60 or over (1950).
    assert cotton_row["artisans"] == 7 and cotton_row["share"] == 46.67
    # Their shares stand for 2 and 1 people: withheld like the counts they reveal.
    assert cotton_row["under_30"] is None and cotton_row["over_60"] is None
    assert cotton_row["median_age"] == 37.0
    assert cotton_row["new_last_3_years"] == 7
    assert cotton_row["status"] == "endangered"
    # Pottery's 2 are withheld, and wool's 6 with them (15 - 7 would give pottery away).
    by_code = {c["code"]: c for c in data["crafts"]}
    assert by_code["pottery"]["artisans"] is None and by_code["pottery"]["share"] is None
    assert by_code["pottery"]["median_age"] is None
    assert by_code["wool-weaving"]["artisans"] is None
    assert by_code["woodwork"]["artisans"] == 0 and by_code["woodwork"]["status"] is None


@pytest.mark.django_db
def test_crafts_csv_marks_withheld_cells(client, salalah):
    ArtisanFactory.create_batch(
        8, wilayat=salalah, primary_craft=Craft.objects.get(code="wool-weaving")
    )
    ArtisanFactory.create_batch(3, wilayat=salalah, primary_craft=Craft.objects.get(code="pottery"))
    ArtisanFactory.create_batch(
        6, wilayat=salalah, primary_craft=Craft.objects.get(code="woodwork")
    )

    body = client.get("/en/statistics/crafts.csv").content.decode("utf-8-sig")

    lines = body.splitlines()
    assert lines[0].startswith("Code,Craft,Artisans,Share of total (%),Aged under 30 (%)")
    by_code = {line.split(",")[0]: line.split(",") for line in lines[1:]}
    assert by_code["wool-weaving"][2] == "8"
    assert by_code["pottery"][2] == "[c]" and by_code["woodwork"][2] == "[c]"
    assert lines[-1].split(",")[1:3] == ["Total", "17"]


@pytest.mark.django_db
def test_a_share_that_stands_for_one_to_four_people_is_withheld(client, salalah):
    pottery = Craft.objects.get(code="pottery")
    for index in range(10):
        ArtisanFactory(
            wilayat=salalah,
            primary_craft=pottery,
            # Two artisans under 30 in 2017; eight in their forties.
            date_of_birth=datetime.date(1995 if index < 2 else 1975, 1, 1),
            registered_on=datetime.date(2017, 5, 1),
        )

    data = client.get("/en/statistics/crafts.json", {"year": "2017"}).json()

    row = next(c for c in data["crafts"] if c["code"] == "pottery")
    assert row["artisans"] == 10
    assert row["under_30"] is None  # 20 % of 10 would say "2"
    assert row["over_60"] == 0.0 and row["median_age"] == 42.0
    html = client.get("/en/statistics/crafts/pottery/", {"year": "2017"}).content.decode()
    assert "20.00%" not in html
    assert "30 to 39" in [th.text for th in parse(html).find_all("th", scope="row")]


@pytest.mark.django_db
def test_the_viability_figures_are_computed_once_per_registry_version_filters_and_language(
    client, salalah, monkeypatch, fresh_statistics_cache, django_capture_on_commit_callbacks
):
    ArtisanFactory.create_batch(6, wilayat=salalah, registered_on=datetime.date(2017, 5, 1))
    computed = []
    original = viability.craft_viability

    def counted(*args, **kwargs):
        computed.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(viability, "craft_viability", counted)
    for _request in range(2):
        client.get("/en/statistics/crafts.json", {"year": "2017", "_": _request})
    assert len(computed) == 1  # the second request read the figures of the first
    client.get("/en/statistics/crafts.json", {"year": "2016"})
    arabic = client.get("/ar/statistics/crafts.json", {"year": "2017"}).json()
    assert len(computed) == 3  # another period, another language: figures of their own
    assert (
        arabic["crafts"][0]["name"] == Craft.objects.get(code=arabic["crafts"][0]["code"]).name_ar
    )

    with django_capture_on_commit_callbacks(execute=True):  # a change, committed
        ArtisanFactory(wilayat=salalah, registered_on=datetime.date(2017, 6, 1))
    data = client.get("/en/statistics/crafts.json", {"year": "2017", "_": "after"}).json()
    assert len(computed) == 4 and data["total"] == 7


@pytest.mark.django_db
def test_a_craft_pages_age_profile_and_status_are_computed_once_per_registry_version(
    client, salalah, monkeypatch, fresh_statistics_cache
):
    cotton = Craft.objects.get(code="cotton-weaving")
    for born in (1990, 1960, 1975, 1980, 1985, 1950):
        ArtisanFactory(
            wilayat=salalah,
            primary_craft=cotton,
            date_of_birth=datetime.date(born, 1, 1),
            registered_on=datetime.date(2017, 5, 1),
        )
    computed = []
    for name in ("age_profile", "craft_viability"):
        original = getattr(viability, name)
        monkeypatch.setattr(
            viability,
            name,
            lambda *a, _name=name, _original=original, **k: (
                computed.append(_name) or _original(*a, **k)
            ),
        )

    url = "/en/statistics/crafts/cotton-weaving/"
    first = client.get(url, {"year": "2017", "_": "1"}).context
    assert sorted(computed) == ["age_profile", "craft_viability"]
    again = client.get(url, {"year": "2017", "_": "2"}).context  # another URL: not the page cache
    assert sorted(computed) == ["age_profile", "craft_viability"]
    assert again["age_rows"] == first["age_rows"]
    assert again["viability"] == first["viability"] and again["viability"].artisans == 6
