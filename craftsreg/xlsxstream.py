"""An XLSX file written row by row to disk, in constant memory, whatever its size.

openpyxl's write-only mode keeps every distinct string in memory for the shared-strings table:
a million artisans' names and numbers are hundreds of megabytes. Here every text cell is an
inline string (``t="inlineStr"``), which Excel, LibreOffice and openpyxl all read, numbers are
numbers, and each sheet is streamed straight into the zip archive. A sheet holds at most Excel's
1,048,576 rows; longer exports continue on further sheets, each starting with the header row.

Callers pass text already made formula-safe (the export modules neutralise cells).
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Callable, Iterable
from decimal import Decimal
from xml.sax.saxutils import escape

MAX_SHEET_ROWS = 1_048_576  # Excel's limit, header row included

_CONTENT_TYPES_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
)
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = "</sheetData></worksheet>"
# Characters XML 1.0 cannot carry (control characters) are dropped from cells.
_XML_INVALID = {code: None for code in range(32) if code not in (9, 10, 13)}


def _is_number(value) -> bool:
    # bool is an int to Python, but a yes/no to a reader; NaN and infinities have no XLSX form.
    return (
        isinstance(value, int | float | Decimal)
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def _row_xml(number: int, values: Iterable, columns: list[str]) -> str:
    cells = []
    for column, value in zip(columns, values, strict=False):
        if value is None or value == "":
            continue
        if _is_number(value):
            # A number stays a number (a score the chair sums in Excel), never text.
            cells.append(f'<c r="{column}{number}"><v>{value}</v></c>')
            continue
        text = escape(str(value).translate(_XML_INVALID))
        cells.append(
            f'<c r="{column}{number}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
        )
    return f'<row r="{number}">{"".join(cells)}</row>'


def write(
    path,
    header: list[str],
    rows: Iterable[list],
    *,
    sheet_name: str = "Sheet",
    max_rows: int | None = None,
    on_row: Callable[[], None] | None = None,
) -> int:
    """Write ``rows`` under ``header`` to an XLSX file at ``path``; returns the data rows.

    ``sheet_name`` names the first sheet; further sheets are "<name> (2)", "<name> (3)"…
    ``on_row`` is called after each data row (progress reporting).
    """
    max_rows = max_rows or MAX_SHEET_ROWS
    columns = [_column(index) for index in range(max(len(header), 1))]
    header_xml = _row_xml(1, header, columns)
    sheets = 0
    written = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        iterator = iter(rows)
        row = next(iterator, None)
        while sheets == 0 or row is not None:
            sheets += 1
            member = archive.open(f"xl/worksheets/sheet{sheets}.xml", "w", force_zip64=True)
            with member:
                member.write((_SHEET_HEAD + header_xml).encode())
                number = 1
                buffer = []
                while row is not None and number < max_rows:
                    number += 1
                    buffer.append(_row_xml(number, row, columns))
                    written += 1
                    if on_row:
                        on_row()
                    if len(buffer) >= 1000:
                        member.write("".join(buffer).encode())
                        buffer.clear()
                    row = next(iterator, None)
                member.write(("".join(buffer) + _SHEET_TAIL).encode())
        names = [sheet_name if n == 1 else f"{sheet_name} ({n})" for n in range(1, sheets + 1)]
        archive.writestr(
            "[Content_Types].xml",
            _CONTENT_TYPES_HEAD
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_SHEET_TYPE}"/>'
                for n in range(1, sheets + 1)
            )
            + "</Types>",
        )
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            "<sheets>"
            + "".join(
                f'<sheet name="{escape(name[:31])}" sheetId="{n}" r:id="rId{n}"/>'
                for n, name in enumerate(names, start=1)
            )
            + "</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{n}" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                f'worksheet" Target="worksheets/sheet{n}.xml"/>'
                for n in range(1, sheets + 1)
            )
            + "</Relationships>",
        )
    return written
