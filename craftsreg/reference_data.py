"""Reference data an app ships as CSV files in its ``data/`` folder (wilayats, crafts, product
kinds, materials, Locarno classes, the award's criteria), read one way: UTF-8, a header row
naming the columns, every cell stripped. A table is edited as data, in one file. The data
migrations load the registry's and the designs' tables through the app's ``reference.load`` (a
file's columns are part of those migrations' contract); a new edition takes the criteria from
``awards.services.edition_setup_defaults``.

This module imports no app.
"""

import csv
from collections.abc import Iterator
from pathlib import Path


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """The file's rows as dicts keyed by its header."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {column: value.strip() for column, value in row.items()}


def bilingual(row: dict[str, str], name: str = "name") -> dict[str, str]:
    """The Arabic and English columns of ``name`` (``name_ar``, ``name_en``) as model fields."""
    return {f"{name}_ar": row[f"{name}_ar"], f"{name}_en": row[f"{name}_en"]}
