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
