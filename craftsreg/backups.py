"""Whole-database backup and restore, for PostgreSQL (production) and SQLite (demo).

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --single-transaction`` (a restore that
fails half-way leaves the target as it was). SQLite: the sqlite3 online-backup API, which copies
a consistent snapshot even while the site is running.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections


def _pg_env(settings_dict: dict) -> dict:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def _run(command: list[str], env: dict) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise CommandError(
            f"{command[0]} is not installed (apt-get install postgresql-client)."
        ) from None
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")


def sqlite_connect(name) -> sqlite3.Connection:
    """A plain sqlite3 connection; Django's test databases are named by URI (file:…?mode=memory)."""
    name = str(name)
    return sqlite3.connect(name, uri=name.startswith("file:"))


def backup(output: Path, alias: str = "default") -> Path:
    connection = connections[alias]
    settings_dict = connection.settings_dict
    output.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={output}",
                settings_dict["NAME"],
            ],
            _pg_env(settings_dict),
        )
    elif connection.vendor == "sqlite":
        source = sqlite_connect(settings_dict["NAME"])
        target = sqlite_connect(output)
        with target:
            source.backup(target)
        source.close()
        target.close()
    else:  # pragma: no cover - settings only allow the two
        raise CommandError(f"No backup method for {connection.vendor}.")
    return output


def restore(dump: Path, alias: str = "default", database: str | None = None) -> None:
    """Replace the database's content with the dump's; ``database`` overrides the target name."""
    if not dump.is_file():
        raise CommandError(f"No backup file at {dump}.")
    connection = connections[alias]
    settings_dict = connection.settings_dict
    target = database or settings_dict["NAME"]
    if connection.vendor == "postgresql":
        connection.close()
        _run(
            [
                "pg_restore",
                "--single-transaction",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                f"--dbname={target}",
                str(dump),
            ],
            _pg_env(settings_dict),
        )
    elif connection.vendor == "sqlite":
        connection.close()
        source = sqlite_connect(dump)
        destination = sqlite_connect(target)
        with destination:
            source.backup(destination)
        source.close()
        destination.close()
    else:  # pragma: no cover
        raise CommandError(f"No restore method for {connection.vendor}.")
