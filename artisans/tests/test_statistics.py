"""Aggregation and chart geometry behind the statistics pages (no HTTP)."""

import datetime
import itertools
from decimal import Decimal

import pytest

from artisans import charts, statistics
from artisans.models import Artisan, Craft, Governorate
from artisans.tests.factories import ArtisanFactory


def test_percentage_rounds_half_up_to_two_decimals():
    assert statistics.percentage(6224, 20642) == Decimal("30.15")
    assert statistics.percentage(1, 8) == Decimal("12.50")
    assert statistics.percentage(1, 200) == Decimal("0.50")
    assert statistics.percentage(5, 0) is None


def span(first, last):
    return statistics.Span(first_year=first, last_year=last, last_updated=None)


def test_selectable_years_run_from_the_authoritys_first_year_or_earlier_data_to_the_latest_data():
    today = datetime.date(2026, 3, 3)
    assert statistics.selectable_years(span(2010, 2017), today) == list(range(2017, 2002, -1))
    assert statistics.selectable_years(span(1998, 2017), today)[-1] == 1998
    assert statistics.selectable_years(span(2010, 2026), today)[0] == 2026
    # An empty registry offers the current year only from the Authority's first year.
    assert statistics.selectable_years(span(None, None), today)[0] == 2026


def test_default_period_is_the_latest_year_with_data_not_the_calendar_year():
    today = datetime.date(2026, 3, 3)
    assert statistics.latest_year(span(2003, 2017), today) == 2017
    assert statistics.latest_year(span(2003, 2026), today) == 2026
    assert statistics.latest_year(span(None, None), today) == 2026


def test_growth_compares_two_complete_years():
    today = datetime.date(2026, 3, 3)
    complete = statistics.Period.of(2017, today)
    assert not complete.in_progress
    assert (complete.growth_year, complete.growth_base_year) == (2017, 2016)
    # 2026 is still running: its growth would compare two months with a year.
    running = statistics.Period.of(2026, today)
    assert running.in_progress
    assert (running.growth_year, running.growth_base_year) == (2025, 2024)


@pytest.mark.django_db
def test_cube_counts_every_dimension_in_one_query(django_assert_num_queries, salalah, muscat):
    wool = Craft.objects.get(code="wool-weaving")
    ArtisanFactory.create_batch(3, wilayat=salalah, registered_on=datetime.date(2016, 5, 1))
    ArtisanFactory(wilayat=salalah, gender="male", primary_craft=wool)
    ArtisanFactory(wilayat=muscat.wilayats.first(), registered_on=datetime.date(2017, 1, 1))

    with django_assert_num_queries(1):
        cube = statistics.Cube.of(Artisan.objects.all())

    assert cube.total == 5
    dhofar = Governorate.objects.get(code="OM-ZU")
    assert cube.by_place() == {dhofar.pk: 4, muscat.pk: 1}
    assert cube.by_gender() == {"female": 4, "male": 1}
    assert cube.by_craft()[wool.pk] == 1
    assert cube.by_year() == {2016: 3, 2017: 2}


@pytest.mark.django_db
def test_governorate_rows_list_all_eleven_ranked_with_shares(salalah):
    ArtisanFactory.create_batch(3, wilayat=salalah)
    cube = statistics.Cube.of(Artisan.objects.all())

    rows = statistics.governorate_rows(cube, list(Governorate.objects.all()))

    assert len(rows) == 11
    assert (rows[0].code, rows[0].artisans, rows[0].share) == ("OM-ZU", 3, Decimal("100.00"))
    assert all(row.artisans == 0 and row.share == Decimal("0.00") for row in rows[1:])


@pytest.mark.django_db
def test_year_rows_give_running_totals_and_growth_and_fill_empty_years(salalah):
    ArtisanFactory.create_batch(4, wilayat=salalah, registered_on=datetime.date(2014, 2, 1))
    ArtisanFactory.create_batch(1, wilayat=salalah, registered_on=datetime.date(2016, 2, 1))

    cube = statistics.Cube.of(statistics.registered_by_end_of(Artisan.objects.all(), 2016))
    rows = statistics.year_rows(cube, 2017)

    assert [(r.year, r.registrations, r.total) for r in rows] == [
        (2014, 4, 4),
        (2015, 0, 4),
        (2016, 1, 5),
        (2017, 0, 5),
    ]
    assert [r.growth for r in rows] == [None, Decimal("0.00"), Decimal("25.00"), Decimal("0.00")]


@pytest.mark.django_db
def test_wilayat_counts_below_five_are_withheld_with_enough_others_and_sort_together(dhofar):
    wilayats = list(dhofar.wilayats.all())
    biggest, big, small_a, small_b = wilayats[0], wilayats[1], wilayats[2], wilayats[3]
    ArtisanFactory.create_batch(10, wilayat=biggest)
    ArtisanFactory.create_batch(6, wilayat=big)
    ArtisanFactory.create_batch(4, wilayat=small_a)
    ArtisanFactory.create_batch(1, wilayat=small_b)

    cube = statistics.Cube.of(Artisan.objects.in_governorate(dhofar), place="wilayat_id")
    rows = statistics.wilayat_rows(cube, wilayats)

    by_name = {row.name: row for row in rows}
    assert not by_name[biggest.name].suppressed
    assert by_name[small_a.name].suppressed and by_name[small_b.name].suppressed
    # 4 + 1 = 5 would tell both are small: the smallest published count goes with them.
    assert by_name[big.name].suppressed
    # Zero discloses nobody and is shown as 0.
    assert any(not row.suppressed and row.artisans == 0 for row in rows)
    # The withheld rows come last, ordered by name, not by their count.
    suppressed = [row.name for row in rows if row.suppressed]
    assert suppressed == sorted(suppressed)
    assert [row.name for row in rows][-3:] == suppressed


def test_map_shades_rank_counts_into_five_classes_and_keep_zero_apart():
    counts = {f"OM-{i:02d}": n for i, n in enumerate([0, 5, 10, 20, 40, 80, 160, 320, 640, 1280])}

    shades, legend = charts.map_shades(counts)

    assert shades["OM-00"] == 0
    assert shades["OM-01"] == 1 and shades["OM-09"] == 5
    assert sorted(set(shades.values())) == [0, 1, 2, 3, 4, 5]
    assert legend[0].shade == 0
    # Nine positive counts over five classes: 2, 2, 2, 2 and the largest alone.
    assert [(e.low, e.high) for e in legend[1:]] == [
        (5, 10),
        (20, 40),
        (80, 160),
        (320, 640),
        (1280, 1280),
    ]


def test_map_shades_give_equal_counts_the_same_class():
    shades, legend = charts.map_shades({"A": 7, "B": 7, "C": 7})
    assert set(shades.values()) == {1}
    assert [(entry.low, entry.high) for entry in legend] == [(7, 7)]


def test_map_outline_has_every_governorate_by_iso_code():
    outline = charts.map_outline()
    assert set(outline["regions"]) == {
        "OM-MA", "OM-ZU", "OM-MU", "OM-BU", "OM-DA", "OM-BS",
        "OM-BJ", "OM-SS", "OM-SJ", "OM-ZA", "OM-WU",
    }  # fmt: skip
    assert all(path.startswith("M") and path.endswith("Z") for path in outline["regions"].values())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"year": "2015"},
        {"gender": "male"},
        {"craft": "wool-weaving", "year": "2016"},
        {"governorate": "OM-MA", "gender": "female"},
        {"governorate": "OM-ZU", "craft": "cotton-weaving", "gender": "female", "year": "2017"},
    ],
)
def test_filters_give_the_same_figures_on_the_cached_cube_as_on_the_queryset(params):
    from artisans.filters import StatisticsFilterSet

    wilayats = list(Governorate.objects.get(code="OM-ZU").wilayats.all()) + list(
        Governorate.objects.get(code="OM-MA").wilayats.all()
    )
    crafts = list(Craft.objects.filter(code__in=["cotton-weaving", "wool-weaving", "pottery"]))
    for index in range(40):
        ArtisanFactory(
            wilayat=wilayats[index % len(wilayats)],
            primary_craft=crafts[index % 3],
            gender="male" if index % 3 == 0 else "female",
            registered_on=datetime.date(2013 + index % 6, 3, 1),
        )
    filterset = StatisticsFilterSet(
        params,
        Artisan.objects.all(),
        governorates=list(Governorate.objects.all()),
        crafts=list(Craft.objects.all()),
        years=list(range(2026, 2002, -1)),
    )
    assert filterset.is_valid(), filterset.errors

    from_queryset = statistics.Cube.of(filterset.qs)
    from_cube = filterset.filter_cube(statistics.Cube.of(Artisan.objects.all()))

    assert sorted(from_cube.rows) == sorted(from_queryset.rows)
    assert from_cube.total == filterset.qs.count()


def test_every_governorate_gets_a_map_number_inside_the_map_and_clear_of_the_others():
    outline = charts.map_outline()
    points = charts.label_points()

    assert set(points) == set(outline["regions"])
    for x, y in points.values():
        assert 0 < x < outline["width"] and 0 < y < outline["height"]
    for (a, (ax, ay)), (b, (bx, by)) in itertools.combinations(points.items(), 2):
        distance = ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5
        assert distance >= 2 * charts.LABEL_RADIUS, (a, b)
