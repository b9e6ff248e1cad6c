"""The artisans' stored search key, filled for existing rows, with a trigram index on PostgreSQL.

The extension pg_trgm is "trusted" (PostgreSQL 13+): the application's role needs the CREATE
privilege on the database, not superuser (docs/deployment.md).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from craftsreg.text import normalize_name

INDEX = "artisan_search_key_trgm"


def fill_search_keys(apps, schema_editor):
    # The rule of artisans.models.search_key_for, written out here: migrations must not change
    # when the model module does.
    Artisan = apps.get_model("artisans", "Artisan")
    batch = []
    for artisan in Artisan.objects.only("pk", "name_ar", "name_en").iterator(chunk_size=5_000):
        artisan.search_key = f"{normalize_name(artisan.name_ar)} | {normalize_name(artisan.name_en)}"
        batch.append(artisan)
        if len(batch) == 5_000:
            Artisan.objects.bulk_update(batch, ["search_key"])
            batch = []
    Artisan.objects.bulk_update(batch, ["search_key"])


def create_trigram_index(apps, schema_editor):
    # GIN with gin_trgm_ops serves both LIKE '%…%' and the word-similarity operator <%.
    # SQLite (the demo) has no such index; there the key is searched with a plain LIKE.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON artisans_artisan "
            "USING gin (search_key gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0007_phone_canonical"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="artisan",
            name="search_key",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="search key"
            ),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
