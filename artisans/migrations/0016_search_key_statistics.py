"""PostgreSQL: finer planner statistics on the artisans' search key (issue 15).

A name search asks for the first SEARCH_LIMIT + 1 artisans whose key contains a word
(``LIKE '%word%'``). For a word a few percent of the registry bear (a family name, part of one)
the cheapest plan is a sequential scan that stops after a few thousand rows (15 ms at 1 M
artisans); for a rare or absent word it is the trigram index (a sequential scan would read the
whole table: 600 ms). The planner tells them apart by the share of the column's histogram that
contains the word. With the default statistics target (100 entries) a word held by 3 % of the
registry matched 1 to 7 entries depending on ANALYZE's sample — estimated from 10,000 to 70,000
rows for 33,000 — and whenever it came out low the search collected all 33,000 matches through
the index first (45 ms instead of 15). 1,000 entries estimate the same words within about 15 %
on every sample, at the cost of a longer ANALYZE (seconds at 1 M artisans, run by autovacuum).

The migration analyses the table once, so that the finer statistics serve at once rather than
after autovacuum's next visit. Altering a column's statistics target needs the table's owner
(the role that runs the migrations). SQLite (the demo, tests) has no such setting.
"""

from django.db import migrations

TARGET = 1000
STATEMENTS = {
    "forward": [
        f"ALTER TABLE artisans_artisan ALTER COLUMN search_key SET STATISTICS {TARGET}",
        "ANALYZE artisans_artisan",
    ],
    # -1: back to default_statistics_target.
    "backward": ["ALTER TABLE artisans_artisan ALTER COLUMN search_key SET STATISTICS -1"],
}


def postgresql_only(direction: str):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in STATEMENTS[direction]:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0015_artisan_name_key_index"),
    ]

    operations = [
        migrations.RunPython(postgresql_only("forward"), postgresql_only("backward")),
    ]
