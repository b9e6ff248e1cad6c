"""Bounded reading of uploaded tables (penetration test H2): small bombs, limits lowered."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from artisans import importing
from craftsreg import readers
from craftsreg.tests.xlsx_archives import inline_row, one_cell_rows, one_long_text, xlsx_bytes


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


LIMITS = readers.Limits(max_rows=100, max_cell_chars=200, max_unpacked_bytes=200_000)


def _rows(data: bytes, limits=LIMITS) -> list:
    return list(readers.xlsx_rows(data, limits))


def test_a_small_xlsx_is_read_row_by_row():
    data = xlsx_bytes([inline_row(1, ["civil_number", "name_ar"]), inline_row(2, ["1", "مريم"])])
    assert _rows(data) == [(1, ["civil_number", "name_ar"]), (2, ["1", "مريم"])]


def test_a_sheet_of_too_many_one_cell_rows_is_refused():
    data = xlsx_bytes(one_cell_rows(1_000))
    with pytest.raises(readers.TableTooLarge, match="more than 100 rows"):
        _rows(data)


def test_an_archive_that_unpacks_too_large_is_refused_before_parsing():
    data = xlsx_bytes(one_cell_rows(20_000))  # about 800 KB unpacked, 100 KB packed
    with pytest.raises(readers.TableTooLarge, match="unpacks to more than"):
        readers.check_xlsx(data, LIMITS)


def test_sizes_that_lie_in_the_zip_headers_do_not_get_past_the_limit():
    data = bytearray(xlsx_bytes(one_cell_rows(20_000)))
    name = b"xl/worksheets/sheet1.xml"
    # Claim a tiny unpacked size in the local and central headers: Python stops reading there
    # and the checksum then fails, so the archive is refused rather than trusted.
    patched = 0
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = data.find(signature)
        while at >= 0:
            if data[at + name_at : at + name_at + len(name)] == name:
                data[at + size_at : at + size_at + 4] = (10).to_bytes(4, "little")
                patched += 1
            at = data.find(signature, at + 4)
    assert patched == 2
    with pytest.raises(readers.UnreadableTable):
        _rows(bytes(data))


def test_one_very_long_text_node_is_refused_without_being_held():
    sheet, strings = one_long_text(50_000)
    with pytest.raises(readers.TableTooLarge, match="more than 200 characters"):
        _rows(xlsx_bytes(sheet, strings))


def test_csv_rows_and_cells_are_bounded_while_reading():
    with pytest.raises(readers.TableTooLarge, match="more than 100 rows"):
        list(readers.csv_rows("a\n" + "1\n" * 101, limits=LIMITS))
    assert len(list(readers.csv_rows("a\n" + "1\n" * 100, limits=LIMITS))) == 101
    with pytest.raises(readers.TableTooLarge, match="line 3"):
        list(readers.csv_rows("a\n1\n" + "x" * 201 + "\n", limits=LIMITS))


def test_the_refusal_is_in_arabic_for_arabic_users():
    with translation.override("ar"), pytest.raises(readers.TableTooLarge) as refused:
        _rows(xlsx_bytes(one_cell_rows(1_000)))
    assert "100" in str(refused.value) and "rows" not in str(refused.value)


@pytest.mark.django_db
def test_the_artisans_import_refuses_a_bomb_with_a_clear_message(settings):
    settings.CRAFTSREG_IMPORT_MAX_ROWS = 100
    report = importing.plan_import(xlsx_bytes(one_cell_rows(5_000)))
    assert report.file_error.startswith("The file has more than 100 rows.")
    settings.CRAFTSREG_IMPORT_MAX_CELL_CHARS = 300
    sheet, strings = one_long_text(100_000)
    report = importing.plan_import(xlsx_bytes(sheet, strings))
    assert "more than 300 characters" in report.file_error


def test_the_deposit_csv_refuses_an_over_long_cell(settings):
    from designs.services import DepositImportError, parse_deposit_csv

    settings.CRAFTSREG_IMPORT_MAX_CELL_CHARS = 50
    content = ("design_number,certificate_number\n2017-01-0001," + "9" * 51 + "\n").encode()
    with pytest.raises(DepositImportError) as refused:
        parse_deposit_csv(SimpleUploadedFile("x.csv", content))
    assert "more than 50 characters" in refused.value.errors[0].message


def test_a_csv_table_says_its_rows_before_reading_them_and_refuses_too_many_at_once():
    table = readers.csv_table('a,b\n1,2\n3,"4\n5"\n', limits=LIMITS)
    assert table.data_rows == 2  # a quoted line break is one row
    assert list(table.rows) == [(1, ["a", "b"]), (2, ["1", "2"]), (4, ["3", "4\n5"])]
    with pytest.raises(readers.TableTooLarge, match="more than 100 rows"):
        readers.csv_table("a\n" + "1\n" * 101, limits=LIMITS)  # no row was handed out


def test_an_xlsx_table_says_its_rows_before_reading_them():
    from craftsreg.tabular import xlsx_bytes as exported

    # Our own exports (openpyxl write-only, no declared dimension) and a minimal archive.
    table = readers.xlsx_table(exported([["a"], [1], [2], [3]], sheet_title="x"), LIMITS)
    assert table.data_rows == 3 and len(list(table.rows)) == 4
    table = readers.xlsx_table(xlsx_bytes([inline_row(1, ["a"]), inline_row(2, ["1"])]), LIMITS)
    assert table.data_rows == 1


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_import_checks_each_row_as_it_is_read_never_holding_the_file(kind, monkeypatch):
    """The import's memory for a large file is its checked rows, not also the file's cells
    (H2's benchmark: 331 MB for 100,000 rows when every raw row was first read into a list)."""
    from artisans.importing import rows as row_checking
    from artisans.tests.importdata import csv_file, row, xlsx_file

    read = []
    stream = readers.csv_rows if kind == "csv" else readers._xlsx_stream

    def counting(*args, **kwargs):
        for item in stream(*args, **kwargs):
            read.append(item[0])
            yield item

    monkeypatch.setattr(readers, "csv_rows" if kind == "csv" else "_xlsx_stream", counting)
    seen_when_checked = []
    check = row_checking.RowChecker.check

    def checking(self, raw):
        seen_when_checked.append(len(read))
        return check(self, raw)

    monkeypatch.setattr(row_checking.RowChecker, "check", checking)
    rows = [row(civil_number=str(10_000_000 + n)) for n in range(5)]
    data = csv_file(rows) if kind == "csv" else xlsx_file(rows)
    report = importing.plan_import(data)
    assert report.to_create == 5
    # Row n (line n + 1) was checked when the reader had handed out n + 1 lines, no more.
    assert seen_when_checked == [2, 3, 4, 5, 6]


@pytest.mark.django_db
def test_a_csv_malformed_further_down_is_a_file_error_and_nothing_else():
    from artisans.tests.importdata import csv_file, row

    # Python's csv module gives up on a field over 128 KB: found after two rows were checked.
    data = csv_file([row(gender="?"), row(civil_number="22222222")]) + b"1," + b"x" * 140_000
    report = importing.plan_import(data)
    assert report.file_error == "The CSV file is malformed near line 4."
    assert not report.errors and not report.ok
