"""PostgreSQL: the words of the artisans' names, for correcting misspelt searches.

ArtisanQuerySet.search looks a misspelt word up among the few thousand distinct words of the
registry (artisans_searchword, trigram-indexed) instead of comparing it with every artisan.
Statement-level triggers keep the table filled from every write path — admin, services, the
importer's COPY, the demo — in one INSERT per statement. Words are only ever added: a word
nobody bears any more costs nothing but a correction that finds nobody. SQLite (the demo)
does not correct spelling, and has no such table.
"""

from django.db import migrations

FORWARD = [
    "CREATE TABLE IF NOT EXISTS artisans_searchword (word text PRIMARY KEY)",
    "CREATE INDEX IF NOT EXISTS artisans_searchword_trgm ON artisans_searchword "
    "USING gin (word gin_trgm_ops)",
    """
    CREATE OR REPLACE FUNCTION artisans_collect_search_words() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO artisans_searchword (word)
        SELECT DISTINCT w FROM new_rows, unnest(string_to_array(new_rows.search_key, ' ')) AS w
        WHERE length(w) >= 3
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS artisans_search_words_insert ON artisans_artisan",
    "CREATE TRIGGER artisans_search_words_insert AFTER INSERT ON artisans_artisan "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION artisans_collect_search_words()",
    "DROP TRIGGER IF EXISTS artisans_search_words_update ON artisans_artisan",
    "CREATE TRIGGER artisans_search_words_update AFTER UPDATE ON artisans_artisan "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION artisans_collect_search_words()",
    # The words of the artisans already registered.
    "INSERT INTO artisans_searchword (word) "
    "SELECT DISTINCT w FROM artisans_artisan, unnest(string_to_array(search_key, ' ')) AS w "
    "WHERE length(w) >= 3 ON CONFLICT DO NOTHING",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS artisans_search_words_insert ON artisans_artisan",
    "DROP TRIGGER IF EXISTS artisans_search_words_update ON artisans_artisan",
    "DROP FUNCTION IF EXISTS artisans_collect_search_words()",
    "DROP TABLE IF EXISTS artisans_searchword",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("artisans", "0008_artisan_search_key"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
