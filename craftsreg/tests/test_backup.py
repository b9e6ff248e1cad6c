"""make backup / make restore round trip: every table comes back with the same rows."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from craftsreg import backups


def _table_fingerprints(cursor, tables) -> dict:
    """Row count and an order-independent checksum of every row of every table."""
    fingerprints = {}
    for table in tables:
        quoted = connection.ops.quote_name(table)
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' "
                f"ORDER BY md5(t::text)), '')) FROM {quoted} t"
            )
            fingerprints[table] = tuple(cursor.fetchone())
        else:
            cursor.execute(f"SELECT * FROM {quoted}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            fingerprints[table] = (len(rows), hash(tuple(rows)))
    return fingerprints


@pytest.mark.django_db(transaction=True)
def test_backup_restored_into_a_fresh_database_has_identical_tables(reference_data, tmp_path):
    call_command("seed_demo", i_know_this_is_not_production=True, stdout=io.StringIO())
    tables = connection.introspection.table_names()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            before = _table_fingerprints(cursor, tables)
    else:  # read both sides through plain sqlite3, without Django's type conversions
        live = backups.sqlite_connect(connection.settings_dict["NAME"])
        before = _table_fingerprints(live.cursor(), tables)
        live.close()
    assert before["artisans_artisan"][0] == 20_642

    dump = tmp_path / "backup.dump"
    call_command("backup_db", output=dump, stdout=io.StringIO())
    assert dump.stat().st_size > 0

    if connection.vendor == "postgresql":
        import psycopg2

        fresh = "craftsreg_restore_check"
        settings = connection.settings_dict
        admin = psycopg2.connect(
            dbname="postgres", user=settings["USER"], host=settings["HOST"], port=settings["PORT"]
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
            cursor.execute(f'CREATE DATABASE "{fresh}"')
        try:
            backups.restore(dump, database=fresh)
            restored = psycopg2.connect(
                dbname=fresh, user=settings["USER"], host=settings["HOST"], port=settings["PORT"]
            )
            with restored.cursor() as cursor:
                after = _table_fingerprints(cursor, tables)
            restored.close()
        finally:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
            admin.close()
    else:
        fresh = tmp_path / "fresh.sqlite3"
        backups.restore(dump, database=str(fresh))
        restored = backups.sqlite_connect(fresh)
        after = _table_fingerprints(restored.cursor(), tables)
        restored.close()

    assert after == before


def test_restore_refuses_a_missing_file(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No backup file"):
        backups.restore(tmp_path / "nope.dump")
