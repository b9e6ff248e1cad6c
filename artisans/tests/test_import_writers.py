"""The COPY writer's text format (artisans.importing.writers): what PostgreSQL reads back."""

import datetime

import pytest
from django.db import connection

from artisans import importing
from artisans.importing.writers import _copy_lines, _CopySource
from artisans.models import Artisan
from artisans.tests.importdata import csv_file, row


def test_copy_lines_write_values_as_postgresql_reads_them():
    now = datetime.datetime(2026, 11, 30, 6, 0, tzinfo=datetime.UTC)
    rows = [
        (1, "سالم", None, datetime.date(1975, 3, 14), now, True),
        (2, "Salim", "", datetime.date(1975, 3, 14), now, False),
    ]

    assert list(_copy_lines(rows, 6)) == [
        "1\tسالم\t\\N\t1975-03-14\t2026-11-30 06:00:00+00:00\tTrue\n",
        "2\tSalim\t\t1975-03-14\t2026-11-30 06:00:00+00:00\tFalse\n",
    ]


def test_copy_lines_escape_the_values_that_need_it_and_only_those():
    rows = [
        (1, "tab\there", None),
        (2, "line\nbreak\rreturn", "plain"),
        (3, "back\\slash", None),
        # A value that looks like COPY's NULL is text, not NULL.
        (4, "\\N", None),
    ]

    assert list(_copy_lines(rows, 3)) == [
        "1\ttab\\there\t\\N\n",
        "2\tline\\nbreak\\rreturn\tplain\n",
        "3\tback\\\\slash\t\\N\n",
        "4\t\\\\N\t\\N\n",
    ]


def test_copy_source_hands_the_lines_over_a_piece_at_a_time(monkeypatch):
    monkeypatch.setattr(_CopySource, "LINES", 2)
    made, counted = [], []

    def lines():
        for number in range(5):
            made.append(number)
            yield f"{number}\n"

    source = _CopySource(lines(), counted.append)

    assert source.read(8192) == "0\n1\n"
    assert made == [0, 1]  # the rest is not made until it is asked for
    assert [source.read(8192), source.read(8192), source.read(8192)] == ["2\n3\n", "4\n", ""]
    assert counted == [2, 2, 1, 0]


class _Progress:
    """jobs.progress.Progress's interface, keeping every value it is told (phase by phase)."""

    def __init__(self):
        self.phases = []  # (total, label, [done, …])
        self.done = 0

    def start(self, total, label=""):
        self.phases.append((total, str(label), []))
        self.done = 0

    def advance(self, count=1):
        self.set(self.done + count)

    def set(self, done):
        self.done = done
        self.phases[-1][2].append(done)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY writer is PostgreSQL's")
def test_the_copy_writer_streams_a_whole_import_and_counts_rows_as_they_are_written(
    monkeypatch,
):
    monkeypatch.setattr(_CopySource, "LINES", 2)
    people = [
        row(civil_number=f"5000000{n}", name_ar=f"سالم بن علي {name}", birth_date=f"1970-01-0{n}")
        for n, name in enumerate(["الحارثي", "الشحري", "البلوشي", "الكندي", "الرواحي"], 1)
    ]
    progress = _Progress()

    report = importing.import_artisans(data=csv_file(people), progress=progress)

    assert report.applied and report.to_create == 5
    total, label, written = progress.phases[-1]
    assert (total, label) == (5, "صفوف مكتوبة")
    # Artisans and history entries each count half a row, as their COPYs read them.
    assert written == sorted(written) and written[-1] == 5 and len(set(written)) > 2
    artisans = Artisan.objects.filter(civil_number__startswith="5000000")
    assert artisans.count() == 5
    assert Artisan.history.filter(civil_number__startswith="5000000").count() == 5
    # Every artisan has the two other crafts of the row, in its history entry too.
    assert {a.other_crafts.count() for a in artisans} == {2}
    assert {
        entry.other_crafts.count()
        for entry in Artisan.history.filter(civil_number__startswith="5000000")
    } == {2}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's column storage")
def test_an_import_file_is_stored_with_lz4_and_its_checked_rows_as_they_are():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attcompression, attstorage FROM pg_attribute "
            "WHERE attrelid = 'artisans_importbatch'::regclass "
            "AND attname IN ('content', 'checked_rows') ORDER BY attname"
        )
        # attcompression 'l' is lz4; attstorage 'e' is external (stored, never compressed).
        assert cursor.fetchall() == [("checked_rows", "", "e"), ("content", "l", "x")]
