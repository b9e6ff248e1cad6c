"""Bounded reading of uploaded CSV and XLSX tables: every reader of an upload goes through here.

An XLSX file is a zip archive, so a small upload can unpack to gigabytes: the penetration test's
612 KB sheet of 4.3 million one-cell rows grew a worker to 2.25 GB, and a 2 MB file holding one
2 GB text node to 4.39 GB. Before openpyxl parses anything, the archive's declared unpacked sizes
are checked, then every member is decompressed in a stream (counting what really comes out,
whatever the headers claim) and its XML is scanned by expat, which hands text over in chunks,
so an over-long cell is refused without ever being held. Rows are then streamed (openpyxl
read-only) and counted while reading, as CSV rows are. Limits are settings:

- ``CRAFTSREG_IMPORT_MAX_ROWS``: the largest sensible import (data rows, header excluded);
- ``CRAFTSREG_IMPORT_MAX_CELL_CHARS``: the longest cell;
- ``CRAFTSREG_IMPORT_MAX_UNPACKED_BYTES``: the most an XLSX archive may unpack to.

Refusals raise ``TableTooLarge`` / ``UnreadableTable`` with a message in the user's language.
``csv_table`` / ``xlsx_table`` also say how many data rows follow the header before any row is
read, so a caller can stream the rows and still show progress without holding the file's cells
(the artisans import: a 100,000-row file's cells alone took about 90 MB as a list).
This module imports no app.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.parsers import expat

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

_CHUNK = 64 * 1024


class UnreadableTable(Exception):
    """The upload cannot be read as a table; ``str(error)`` is the message for the user."""


class TableTooLarge(UnreadableTable):
    """The upload is over one of the limits."""


@dataclass(frozen=True)
class Limits:
    max_rows: int
    max_cell_chars: int
    max_unpacked_bytes: int

    @classmethod
    def from_settings(cls, **overrides) -> "Limits":
        values = {
            "max_rows": settings.CRAFTSREG_IMPORT_MAX_ROWS,
            "max_cell_chars": settings.CRAFTSREG_IMPORT_MAX_CELL_CHARS,
            "max_unpacked_bytes": settings.CRAFTSREG_IMPORT_MAX_UNPACKED_BYTES,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


@dataclass
class Table:
    """An upload's rows, streamed: ``rows`` yields (line number, cells), the header row first;
    ``data_rows`` is how many rows follow the header (0 when the file does not say)."""

    rows: Iterator[tuple[int, list]]
    data_rows: int


def _too_many_rows(limits: Limits) -> TableTooLarge:
    return TableTooLarge(
        _("The file has more than %(rows)s rows. Split it into files of at most %(rows)s rows.")
        % {"rows": number_format(limits.max_rows, force_grouping=True)}
    )


def _cell_too_long(limits: Limits, line: int | None) -> TableTooLarge:
    if line is None:
        return TableTooLarge(
            _("A cell of the file holds more than %(chars)s characters.")
            % {"chars": number_format(limits.max_cell_chars, force_grouping=True)}
        )
    return TableTooLarge(
        _("A cell on line %(line)s holds more than %(chars)s characters.")
        % {"line": line, "chars": number_format(limits.max_cell_chars, force_grouping=True)}
    )


def _unpacks_too_large(limits: Limits) -> TableTooLarge:
    return TableTooLarge(
        _(
            "The XLSX file unpacks to more than %(size)s, more than any import needs. "
            "Split it into smaller files or save it as CSV UTF-8."
        )
        % {"size": filesizeformat(limits.max_unpacked_bytes)}
    )


def _not_xlsx() -> UnreadableTable:
    return UnreadableTable(
        _("This is not a readable XLSX file. Save the sheet again as XLSX or CSV UTF-8.")
    )


# --- CSV ---------------------------------------------------------------------------------------


def csv_rows(
    text: str, *, delimiter: str = ",", limits: Limits | None = None
) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of CSV text, header row included, refused past the limits."""
    limits = limits or Limits.from_settings()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    count = 0
    try:
        for cells in reader:
            count += 1
            if count > limits.max_rows + 1:  # the header row is not a data row
                raise _too_many_rows(limits)
            if any(len(cell) > limits.max_cell_chars for cell in cells):
                raise _cell_too_long(limits, reader.line_num)
            yield reader.line_num, cells
    except csv.Error as error:
        raise UnreadableTable(
            _("The CSV file is malformed near line %(line)s.") % {"line": reader.line_num}
        ) from error


def csv_table(text: str, *, delimiter: str = ",", limits: Limits | None = None) -> Table:
    """``csv_rows`` with the number of data rows, counted first (at C speed, holding nothing),
    so a file over the row limit is refused before any row is checked."""
    limits = limits or Limits.from_settings()
    count = 0
    try:
        for _cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            count += 1
            if count > limits.max_rows + 1:  # the header row is not a data row
                raise _too_many_rows(limits)
    except csv.Error:
        pass  # malformed: the rows themselves say where, when they are read
    return Table(csv_rows(text, delimiter=delimiter, limits=limits), max(count - 1, 0))


# --- XLSX --------------------------------------------------------------------------------------


def check_xlsx(data: bytes, limits: Limits | None = None) -> dict[str, int]:
    """Refuse an archive that unpacks too large or holds an over-long text, reading in a
    stream: declared sizes first, then the bytes that really come out of each member.
    Returns the rows counted in each XML member (a sheet's rows, before openpyxl reads it)."""
    limits = limits or Limits.from_settings()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _not_xlsx() from error
    if sum(member.file_size for member in members) > limits.max_unpacked_bytes:
        raise _unpacks_too_large(limits)
    unpacked = 0
    rows = {}
    for member in members:
        scanner = _XmlScanner(limits) if member.filename.endswith(".xml") else None
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > limits.max_unpacked_bytes:
                        raise _unpacks_too_large(limits)
                    if scanner is not None:
                        scanner.feed(chunk)
        except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as error:
            raise _not_xlsx() from error
        if scanner is not None:
            scanner.close()
            rows[member.filename] = scanner.rows
    return rows


class _XmlScanner:
    """Expat over an XML stream, refusing any text node longer than the cell limit and a sheet
    of more rows than the row limit (counted here at C speed, so a sheet of millions of rows is
    refused before openpyxl reads any)."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.length = 0
        self.rows = 0
        self.parser = expat.ParserCreate()
        # Text arrives in pieces as it is parsed; nothing is accumulated here.
        self.parser.buffer_text = False
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._reset
        self.parser.CharacterDataHandler = self._text

    def _start(self, name, attributes):
        self.length = 0
        if name == "row" or name.endswith(":row"):
            self.rows += 1
            if self.rows > self.limits.max_rows + 1:  # the header row is not a data row
                raise _too_many_rows(self.limits)

    def _reset(self, *args):
        self.length = 0

    def _text(self, data):
        self.length += len(data)
        if self.length > self.limits.max_cell_chars:
            raise _cell_too_long(self.limits, None)

    def feed(self, chunk: bytes) -> None:
        try:
            self.parser.Parse(chunk, False)
        except expat.ExpatError as error:
            raise _not_xlsx() from error

    def close(self) -> None:
        try:
            self.parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise _not_xlsx() from error


def xlsx_table(data: bytes, limits: Limits | None = None) -> Table:
    """The first sheet's rows after ``check_xlsx``, streamed by openpyxl's read-only reader and
    counted while reading."""
    import openpyxl

    limits = limits or Limits.from_settings()
    counted = check_xlsx(data, limits)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
    except Exception as error:  # zipfile, KeyError, IndexError, ValueError and openpyxl's own
        raise _not_xlsx() from error
    # The rows the pre-scan counted in this sheet's member; else its declared dimension (which
    # openpyxl's write-only mode, used by our own exports, does not write).
    lines = counted.get(getattr(sheet, "_worksheet_path", ""), sheet.max_row or 1)
    return Table(_xlsx_stream(workbook, sheet, limits), max(lines - 1, 0))


def _xlsx_stream(workbook, sheet, limits: Limits) -> Iterator[tuple[int, list]]:
    try:
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if line > limits.max_rows + 1:
                raise _too_many_rows(limits)
            yield line, list(cells)
    except UnreadableTable:
        raise
    except Exception as error:  # a malformed sheet found while streaming
        raise _not_xlsx() from error
    finally:
        workbook.close()


def xlsx_rows(data: bytes, limits: Limits | None = None) -> Iterator[tuple[int, list]]:
    """(line number, cell values) of the first sheet, header row included (``xlsx_table``)."""
    yield from xlsx_table(data, limits).rows
