"""Reading an import file: CSV or XLSX recognised by content, and the header row mapped to the
registry's columns (English or Arabic names, see ``artisans.tabular``).

``read_table`` is the one entry point the plan calls, so a different reader (for instance a
bounded one that stops at a size or row limit) replaces it in one place.
"""

import datetime
from collections.abc import Iterator

from django.utils.translation import gettext as _

from artisans.tabular import COLUMN_LABELS, COLUMNS, HEADER_MAP, REQUIRED_COLUMNS, header_key
from craftsreg import readers


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, type, size, header)."""


def read_table(data: bytes) -> tuple[list, Iterator[tuple[int, list]], int]:
    """Header, rows (line number, cells) and the number of data rows of a CSV or XLSX file,
    recognised by content.

    The file's name is not trusted: a PDF or an image renamed to .csv is rejected here. Rows,
    cell lengths and an XLSX file's unpacked size are bounded while reading (craftsreg.readers).
    The rows are streamed, never held: a row the reader refuses further on raises
    ImportFileError from the iteration.
    """
    if not data or not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise ImportFileError(_("The file is empty."))
    try:
        if data.startswith(b"PK\x03\x04"):
            table = readers.xlsx_table(data)
        else:
            text, delimiter = _csv_text(data)
            table = readers.csv_table(text, delimiter=delimiter)
        rows = _translated(table.rows)
        header = next(rows, (0, []))[1]
    except readers.UnreadableTable as error:
        raise ImportFileError(str(error)) from error
    return header, rows, table.data_rows


def _translated(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    try:
        yield from rows
    except readers.UnreadableTable as error:
        raise ImportFileError(str(error)) from error


def _csv_text(data: bytes) -> tuple[str, str]:
    if b"\x00" in data[:8192]:
        raise ImportFileError(
            _("This is not a CSV or XLSX file. Save the sheet as “CSV UTF-8” or as XLSX.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The file is not in UTF-8 (byte %(position)s). In Excel choose "
                "“Save as… CSV UTF-8 (Comma delimited)”, or upload the XLSX file itself."
            )
            % {"position": error.start + 1}
        ) from error
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to Arabic or European regional settings save with semicolons.
    return text, max([",", ";", "\t"], key=first_line.count)


def cell_text(value) -> str:
    """A cell as the text a person sees (XLSX cells arrive as numbers and dates)."""
    if type(value) is str:
        return value  # every cell of a CSV file, most of an XLSX one: no test below applies
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def map_header(header: list) -> dict[str, int]:
    """Column name → position, from English or Arabic headers."""
    positions = {}
    unknown = []
    for index, name in enumerate(header):
        text = cell_text(name).strip()
        if not text:
            continue
        column = HEADER_MAP.get(header_key(text))
        if column is None:
            unknown.append(text)
        elif column in positions:
            raise ImportFileError(
                _("The column “%(column)s” appears twice in the header row.") % {"column": text}
            )
        else:
            positions[column] = index
    if not positions:
        raise ImportFileError(
            _("The first row must be the header row with the column names (see the template).")
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in positions]
    if missing:
        raise ImportFileError(
            _("Required columns are missing: %(columns)s.")
            % {"columns": "، ".join(f"{c} ({COLUMN_LABELS[c]})" for c in missing)}
        )
    if unknown:
        raise ImportFileError(
            _("Unknown columns: %(columns)s. The columns are: %(known)s.")
            % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
    return positions
