"""PostgreSQL: an index on the artisans' normalised Arabic name (the part of the search key
before " | ") and birth date, for the import's possible-duplicates check.

ArtisanQuerySet.possible_duplicates_of_rows joins an import file's new artisans to the registry
on that name and the birth date (or the place). Without an index on exactly this expression
every check read the whole registry computing the name of each row (seconds at 1 M artisans,
twice per import: preview and confirm). ``split_part`` rather than SUBSTRING/STRPOS: the same
name for every key, and it never fails (a key without the separator is its own name), so no
insert can be refused because of the index. SQLite (the demo, tests) has no such index; its
registry is small. The queryset's SQL names the same expression (querysets._NAME_OF_KEY), and
a test checks that PostgreSQL uses the index for it.
"""

from django.db import migrations

INDEX = "artisan_name_key_idx"
STATEMENTS = {
    # The birth date second: the commonest match (same name, same birth date) is one lookup.
    "create": f"CREATE INDEX IF NOT EXISTS {INDEX} ON artisans_artisan "
    "(split_part(search_key, ' | ', 1), date_of_birth)",
    "drop": f"DROP INDEX IF EXISTS {INDEX}",
}


def postgresql_only(statement: str):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(STATEMENTS[statement])

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0014_artisan_workshop_address"),
    ]

    operations = [
        migrations.RunPython(postgresql_only("create"), postgresql_only("drop")),
    ]
