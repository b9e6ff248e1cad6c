# ruff: noqa: E501  (XML namespaces and content types do not wrap)
"""Minimal XLSX archives written member by member (zipfile streaming), so that a sheet of
millions of rows or a text node of gigabytes is built without holding it: for the bounded
readers' tests and the decompression-bomb benchmark (bench/import_bombs.py)."""

import io
import zipfile
from collections.abc import Iterable

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>"
)  # fmt: skip
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>"
)  # fmt: skip
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)  # fmt: skip
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    b"</Relationships>"
)  # fmt: skip
_SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = b"</sheetData></worksheet>"
_SST_START = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def inline_row(line: int, values: list[str]) -> bytes:
    cells = "".join(
        f'<c r="{_column(i)}{line}" t="inlineStr"><is><t>{value}</t></is></c>'
        for i, value in enumerate(values)
    )
    return f'<row r="{line}">{cells}</row>'.encode()


def write_xlsx(
    target,
    sheet_chunks: Iterable[bytes],
    shared_string_chunks: Iterable[bytes] = (),
) -> None:
    """An XLSX archive into ``target`` (a path or a binary file): the sheet's rows and the
    shared-strings table given as byte chunks, each member compressed as it is written."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(_SHEET_START)
            for chunk in sheet_chunks:
                member.write(chunk)
            member.write(_SHEET_END)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            member.write(_SST_START)
            for chunk in shared_string_chunks:
                member.write(chunk)
            member.write(b"</sst>")


def xlsx_bytes(sheet_chunks, shared_string_chunks=()) -> bytes:
    output = io.BytesIO()
    write_xlsx(output, sheet_chunks, shared_string_chunks)
    return output.getvalue()


def one_cell_rows(count: int, batch: int = 10_000) -> Iterable[bytes]:
    """The penetration test's first bomb: ``count`` rows of one small number each."""
    for start in range(1, count + 1, batch):
        end = min(start + batch, count + 1)
        # No row or cell references (they are optional): the rows repeat exactly and the
        # archive stays as small as the test's (well under 1 MB for 4.3 million rows).
        yield b"<row><c><v>1</v></c></row>" * (end - start)


def one_long_text(chars: int, chunk: int = 1 << 20) -> tuple[list[bytes], Iterable[bytes]]:
    """The second bomb: one cell whose shared string is ``chars`` characters long."""

    def strings():
        yield b"<si><t>"
        left = chars
        block = b"A" * chunk
        while left > 0:
            yield block[: min(left, chunk)]
            left -= chunk
        yield b"</t></si>"

    return [b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'], strings()
