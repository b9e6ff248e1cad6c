"""The COPY writer's text format (artisans.importing.writers): what PostgreSQL reads back."""

import datetime

from artisans.importing.writers import _copy_lines


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
