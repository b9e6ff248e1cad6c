"""The streamed XLSX writer: Excel's row limit per sheet, numbers, what XML cannot carry."""

import math
from decimal import Decimal

import openpyxl
import pytest

from craftsreg import xlsxstream


def _sheets(path) -> list[tuple[str, list[tuple]]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in workbook]


def test_the_sheet_limit_is_excels():
    assert xlsxstream.MAX_SHEET_ROWS == 1_048_576 == 2**20


def test_rows_past_a_sheets_limit_continue_on_further_sheets_each_with_the_header(tmp_path):
    path = tmp_path / "out.xlsx"
    rows = [[f"r{n}", str(n)] for n in range(10)]
    # 4 rows a sheet: the header and 3 data rows.
    written = xlsxstream.write(path, ["name", "number"], rows, sheet_name="artisans", max_rows=4)
    assert written == 10
    sheets = _sheets(path)
    assert [title for title, _ in sheets] == [
        "artisans",
        "artisans (2)",
        "artisans (3)",
        "artisans (4)",
    ]
    assert all(content[0] == ("name", "number") for _, content in sheets)
    assert [len(content) for _, content in sheets] == [4, 4, 4, 2]
    data = [row for _, content in sheets for row in content[1:]]
    assert data == [(f"r{n}", str(n)) for n in range(10)]


def test_rows_that_exactly_fill_sheets_leave_no_empty_sheet(tmp_path):
    path = tmp_path / "out.xlsx"
    xlsxstream.write(path, ["n"], [[str(n)] for n in range(6)], max_rows=4)
    assert [len(content) for _, content in _sheets(path)] == [4, 4]


def test_no_rows_still_make_a_workbook_with_the_header(tmp_path):
    path = tmp_path / "out.xlsx"
    assert xlsxstream.write(path, ["a", "b"], []) == 0
    assert _sheets(path) == [("Sheet", [("a", "b")])]


def test_numbers_stay_numbers_and_everything_else_is_text(tmp_path):
    path = tmp_path / "out.xlsx"
    values = [7, 2.5, Decimal("-12.50"), True, math.nan, "0123", "a\x00b\x07c", None]
    xlsxstream.write(path, [str(n) for n in range(len(values))], [values])
    row = _sheets(path)[0][1][1]
    assert row[:3] == (7, 2.5, -12.5)
    # A yes/no and a NaN are not amounts; a number-like string keeps its leading zero.
    assert row[3:6] == ("True", "nan", "0123")
    assert row[6] == "abc"  # control characters XML cannot carry are dropped
    assert len(row) == 7 or row[7] is None  # an empty cell is not written


@pytest.mark.parametrize("name", ["a name longer than thirty-one characters", "x"])
def test_sheet_names_are_cut_to_excels_length(tmp_path, name):
    path = tmp_path / "out.xlsx"
    xlsxstream.write(path, ["n"], [["1"], ["2"]], sheet_name=name, max_rows=2)
    titles = [title for title, _ in _sheets(path)]
    assert titles[0] == name[:31] and len(titles) == 2
