"""CSV and JSON twins of the statistics tables: exactly the rows a page shows, same filters.

A ``Table`` holds what a page shows in one table; ``csv_response``/``json_response`` turn it
into the open-data files. Cells never hold personal data: tables are built from counts only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from craftsreg import tabular

_CENTS = Decimal("0.01")


@dataclass
class Table:
    slug: str  # the file name's stem and the URL's last segment: governorates.csv
    columns: list[tuple[str, str]]  # (key, heading in the page's language)
    rows: list[dict]  # values by column key; WITHHELD = suppressed, None = not applicable
    payload: dict  # the JSON document
    total_row: dict | None = None  # shown under the rows in the page and in the CSV
    filename: str = ""
    extra: dict = field(default_factory=dict)


class _Withheld:
    """A cell withheld for confidentiality: the marker in pages and CSV, null in JSON."""

    def __repr__(self) -> str:
        return "WITHHELD"

    def __bool__(self) -> bool:
        return False


WITHHELD = _Withheld()


def suppressed_label() -> str:
    # ONS's marker for confidential cells; the page's note explains it.
    return str(_("[c]"))


def _cell(value):
    """A table value as the CSV writes it."""
    if value is WITHHELD:
        return suppressed_label()
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return value.quantize(_CENTS)  # still a number: the formula guard leaves it alone
    return value


def csv_rows(table: Table):
    """The header, the rows and the total row, as the page shows them."""
    keys = [key for key, _heading in table.columns]
    yield [heading for _key, heading in table.columns]
    for row in table.rows:
        yield [_cell(row.get(key, "")) for key in keys]
    if table.total_row:
        yield [_cell(table.total_row.get(key, "")) for key in keys]


def csv_response(table: Table) -> HttpResponse:
    # Whole, not streamed: the tables are small and the page cache keeps them.
    response = tabular.csv_response(csv_rows(table), filename=f"{table.filename}.csv", stream=False)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json_default(value):
    if value is WITHHELD:
        return None
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_response(table: Table) -> HttpResponse:
    response = HttpResponse(
        json.dumps(table.payload, ensure_ascii=False, default=_json_default),
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def invalid_filters_response(errors: dict, fmt: str) -> HttpResponse:
    """400 with the form's messages, as JSON for .json and plain text for .csv."""
    if fmt == "json":
        return HttpResponse(
            json.dumps({"errors": errors}, ensure_ascii=False),
            status=400,
            content_type="application/json; charset=utf-8",
        )
    lines = [_("The filters are not valid:")]
    lines += [message for messages in errors.values() for message in messages]
    return HttpResponse(
        "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )
