"""The import's possible-duplicates lookup (ArtisanQuerySet.possible_duplicates_of_rows): the
door's rule (possible_duplicates) matched in SQL for a whole file at once, on SQLite and on
PostgreSQL (run with DATABASE_URL), through the name index there."""

import datetime

import pytest
from django.db import connection

from artisans.models import Artisan, Craft, Wilayat, search_key_for
from artisans.models.querysets import _NAME_OF_KEY, _array_literal
from artisans.tests.factories import ArtisanFactory

pytestmark = pytest.mark.django_db

MARYAM = "مريم بنت سعيد الكثيري"
BORN = datetime.date(1982, 4, 2)


def _new(civil_number="98765432", name_ar=MARYAM, **fields):
    """A row to create, as the import's plan hands it over (unsaved, search key set)."""
    artisan = Artisan(
        civil_number=civil_number,
        name_ar=name_ar,
        name_en=fields.pop("name_en", "Maryam"),
        wilayat=fields.pop("wilayat", None) or Wilayat.objects.get(name_en="Salalah"),
        primary_craft=fields.pop("primary_craft", None) or Craft.objects.get(code="cotton-weaving"),
        **fields,
    )
    artisan.governorate_id = artisan.wilayat.governorate_id
    artisan.search_key = search_key_for(artisan.name_ar, artisan.name_en)
    return artisan


def _door(artisan):
    """What the add form's rule finds for the same person: registration numbers."""
    return list(
        Artisan.objects.possible_duplicates(
            name_ar=artisan.name_ar,
            date_of_birth=artisan.date_of_birth,
            wilayat_id=artisan.wilayat_id,
            primary_craft_id=artisan.primary_craft_id,
            civil_number=artisan.civil_number,
        ).values_list("registration_number", flat=True)
    )


def test_rows_find_what_the_door_finds_case_by_case():
    muscat = Wilayat.objects.get(name_en="Muscat")
    pottery = Craft.objects.get(code="pottery")
    dated = ArtisanFactory(
        civil_number="11111111", name_ar="مريم بنت سعيد الكثيرى", date_of_birth=BORN
    )
    undated = ArtisanFactory(civil_number="11111112", name_ar=MARYAM, date_of_birth=None)
    ArtisanFactory(civil_number="11111113", name_ar=MARYAM, date_of_birth=datetime.date(1990, 1, 1))
    elsewhere = ArtisanFactory(
        civil_number="11111114", name_ar=MARYAM, date_of_birth=None, wilayat=muscat
    )
    ArtisanFactory(civil_number="11111115", name_ar="سالم الحارثي", date_of_birth=BORN)
    rows = {
        2: _new(date_of_birth=BORN),  # the dated twin, and the undated one at the same place
        3: _new(date_of_birth=datetime.date(1970, 1, 1)),  # the undated one only
        4: _new(date_of_birth=None),  # every namesake of the place, dated or not
        5: _new(date_of_birth=None, wilayat=muscat),
        6: _new(date_of_birth=None, primary_craft=pottery),  # another craft: nobody
        7: _new(name_ar="مريم بنت سعيد", date_of_birth=BORN),  # another name: nobody
        8: _new(civil_number="11111111", date_of_birth=BORN),  # itself is not a duplicate
    }

    found = Artisan.objects.possible_duplicates_of_rows(rows)

    assert found == {line: _door(row) for line, row in rows.items() if _door(row)}
    assert found == {
        2: sorted([dated.registration_number, undated.registration_number]),
        3: [undated.registration_number],
        4: sorted(
            a.registration_number
            for a in Artisan.objects.filter(wilayat__name_en="Salalah", name_ar__startswith="مريم")
        ),
        5: [elsewhere.registration_number],
        8: [undated.registration_number],
    }


def test_rows_without_a_name_or_without_namesakes_find_nobody():
    ArtisanFactory(name_ar=MARYAM, date_of_birth=BORN)
    nameless = _new(name_ar="", date_of_birth=BORN)

    assert Artisan.objects.possible_duplicates_of_rows({}) == {}
    assert Artisan.objects.possible_duplicates_of_rows({2: nameless}) == {}
    assert Artisan.objects.possible_duplicates_of_rows({2: _new(name_ar="سالم")}) == {}


def test_many_rows_are_looked_up_in_slices_with_the_same_result():
    # More rows than one SQLite statement takes (querysets._SQLITE_ROWS); one query on PostgreSQL.
    twin = ArtisanFactory(name_ar=MARYAM, date_of_birth=BORN)
    rows = {
        line: _new(civil_number=str(30_000_000 + line), name_ar=f"حرفي {line}")
        for line in range(1_200)
    }
    rows[1_500] = _new(date_of_birth=BORN)

    assert Artisan.objects.possible_duplicates_of_rows(rows) == {1_500: [twin.registration_number]}


def test_a_filtered_queryset_is_refused_not_ignored():
    with pytest.raises(TypeError):
        Artisan.objects.filter(status="active").possible_duplicates_of_rows({2: _new()})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the name index is PostgreSQL's")
def test_postgresql_finds_namesakes_through_the_name_index():
    ArtisanFactory(name_ar=MARYAM, date_of_birth=BORN)
    name = _NAME_OF_KEY["postgresql"]
    with connection.cursor() as cursor:
        # A handful of test rows is read faster without an index; forbid that to see that the
        # query's expression is the index's (a different one could not use it at any size).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT a.id FROM artisans_artisan a WHERE {name} = %s",
            ["مريم بنت سعيد الكثيري"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "artisan_name_key_idx" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's array literals")
def test_postgresql_reads_each_column_sent_as_one_array_literal_back_unchanged():
    # The lookup sends each column as one '{…}' literal (querysets._array_literal), not as a
    # list psycopg2 would spell ARRAY[…]: every value must come back as it went, NULLs too.
    texts = ['سالم "الحارثي"', "back\\slash", "{braces},commas", "NULL", "", " spaced ", None]
    dates = [BORN, None, datetime.date(1900, 1, 1)]
    numbers = [0, None, 2**40]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::text[], %s::date[], %s::bigint[]",
            [_array_literal(texts), _array_literal(dates), _array_literal(numbers)],
        )
        assert cursor.fetchone() == (texts, dates, numbers)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the name index is PostgreSQL's")
def test_postgresql_looks_up_each_rows_namesakes_born_that_day_in_the_name_index(monkeypatch):
    # The planner's choice for a large file was to hash the whole table (seconds at 1 M
    # artisans); the lookup is written so that each row probes the index, at any size.
    from artisans.models import querysets

    ArtisanFactory.create_batch(3)
    executed = []

    class Explaining:
        def __init__(self, cursor):
            self.cursor = cursor

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.cursor.close()

        def execute(self, sql, params):
            self.cursor.execute("SET LOCAL enable_seqscan = off")
            self.cursor.execute("EXPLAIN " + sql, params)
            executed.append("\n".join(row[0] for row in self.cursor.fetchall()))

        def fetchall(self):
            return []

    opened = connection.cursor
    monkeypatch.setattr(connection, "cursor", lambda: Explaining(opened()))
    rows = [(i, f"name {i}", BORN, 1, 1, f"9{i:07d}") for i in range(5_000)]
    querysets._duplicate_pairs("default", "artisans_artisan", rows)

    (plan,) = executed
    first_branch = plan.split("->  ", 2)[2]  # under the Append of the three ways to match
    assert first_branch.startswith("Nested Loop")
    assert "Index Scan using artisan_name_key_idx" in first_branch.split("  ->  Hash", 1)[0]


def test_of_civil_numbers_finds_exactly_the_artisans_of_the_numbers_given():
    kept = [ArtisanFactory(civil_number=number) for number in ("11111111", "22222222")]
    ArtisanFactory(civil_number="33333333")
    numbers = ["11111111", "22222222", "44444444", '5"5', "6\\6"]  # odd text is just unknown
    numbers += [f"9{i:07d}" for i in range(3_000)]  # more than one slice on SQLite

    found = [a for registered in Artisan.objects.of_civil_numbers(numbers) for a in registered]

    assert sorted(found, key=lambda a: a.pk) == kept
    assert not [q for q in Artisan.objects.of_civil_numbers([]) if q.exists()]
