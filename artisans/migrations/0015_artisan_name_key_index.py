"""PostgreSQL: an index on the artisans' normalised Arabic name (the part of the search key
before " | "), for the import's possible-duplicates check.

ArtisanQuerySet.possible_duplicates_of_rows joins an import file's new artisans to the registry
on that name (and birth date or place). Without an index on exactly this expression every
check read the whole registry computing the name of each row (seconds at 1 M artisans, twice
per import: preview and confirm). ``split_part`` rather than SUBSTRING/STRPOS: it is the same
name for every key and never fails (a key without the separator is its own name), so no
insert can be refused by the index. SQLite (the demo, tests) has no such index; its registry
is small. Written as SQL, as the trigram index of 0008: the queryset's SQL names the same
expression (querysets._NAME_OF_KEY), and a test checks the index is used.
"""

from django.db import migrations

INDEX = "artisan_name_key_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The birth date second: the commonest match (same name and birth date) is then found
        # in the index alone, and a name's namesakes are next to each other.
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON artisans_artisan "
            "(split_part(search_key, ' | ', 1), date_of_birth)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0014_artisan_workshop_address"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
