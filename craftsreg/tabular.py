"""The spreadsheets the product hands out: CSV and XLSX, with one guard against formulas.

Every export goes through here (the artisans export and its template, the open-data statistics
tables, the award's score sheets, the design catalogue), so each file is safe in the same way.

The guard (OWASP "CSV injection"): spreadsheet programs run a cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return as a formula. A *string* that starts so is
written with a leading apostrophe, which spreadsheets show as text and the artisans import
removes again (so an export re-imports unchanged). Numbers (int, float, Decimal) are never
changed: they cannot carry a formula, and a negative count must stay a number. A string that
merely looks like a number ("+96899123456", "-5") is still text and still quoted: a phone
number then keeps its "+" instead of becoming 96899123456 in Excel.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The byte-order mark makes Excel read a CSV file as UTF-8, so Arabic text stays legible.
BOM = "\ufeff"

Rows = Iterable[Sequence]


def neutralize(value):
    """``value`` as a cell a spreadsheet shows and never runs (see the module docstring)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write() returns the line: csv.writer then yields lines."""

    def write(self, value):
        return value


def csv_lines(rows: Rows) -> Iterator[str]:
    """The CSV file line by line, the byte-order mark first; the first row is the header."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield BOM
    for row in rows:
        yield writer.writerow([neutralize(cell) for cell in row])


def csv_response(rows: Rows, *, filename: str, stream: bool = True) -> HttpResponse:
    """A CSV download. Streamed (constant memory for the whole registry) unless ``stream`` is
    False, for small files that a cache keeps whole."""
    if stream:
        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in csv_lines(rows)), content_type=CSV_CONTENT_TYPE
        )
    else:
        response = HttpResponse(
            "".join(csv_lines(rows)).encode("utf-8"), content_type=CSV_CONTENT_TYPE
        )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_bytes(rows: Rows, *, sheet_title: str) -> bytes:
    """An XLSX workbook of one sheet; the first row is the header."""
    import openpyxl  # loaded on the first export, not by every process that imports this

    workbook = openpyxl.Workbook(write_only=True)
    # Sheet titles are at most 31 characters.
    sheet = workbook.create_sheet(title=sheet_title[:31])
    for row in rows:
        # openpyxl would store a string starting with "=" as a formula.
        sheet.append([neutralize(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(rows: Rows, *, filename: str, sheet_title: str) -> HttpResponse:
    """An XLSX download (built whole: the format is a zip archive written at the end)."""
    response = HttpResponse(
        xlsx_bytes(rows, sheet_title=sheet_title), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
