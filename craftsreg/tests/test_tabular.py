"""The one formula guard and the CSV/XLSX responses every export goes through."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from craftsreg import tabular


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.invalid","x")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        # Text that looks like a number is still text: a phone keeps its "+" in a spreadsheet.
        "+96899123456",
        "-5",
    ],
)
def test_strings_a_spreadsheet_would_run_get_an_apostrophe(value):
    assert tabular.neutralize(value) == "'" + value


@pytest.mark.parametrize("value", ["فاطمة", "OM-ZU", "12345678", "a=b", " =1", "'=1", ""])
def test_other_strings_are_unchanged(value):
    assert tabular.neutralize(value) == value


@pytest.mark.parametrize(
    "value", [-5, 0, 3.5, -2.25, Decimal("-12.50"), None, datetime.date(2017, 6, 1)]
)
def test_numbers_dates_and_empty_cells_are_never_changed(value):
    assert tabular.neutralize(value) is value


def _rows():
    return [
        ["name", "count", "share"],
        ["=1+1", 4, Decimal("-0.50")],
        ["صلالة", -3, Decimal("12.25")],
    ]


def test_csv_streams_with_a_byte_order_mark_and_neutralised_cells():
    response = tabular.csv_response(iter(_rows()), filename="table.csv")

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="table.csv"'
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [
        ["name", "count", "share"],
        ["'=1+1", "4", "-0.50"],
        ["صلالة", "-3", "12.25"],
    ]
    assert b"\r\n" in body


def test_csv_whole_for_cached_files_is_the_same_file():
    streamed = b"".join(tabular.csv_response(_rows(), filename="t.csv").streaming_content)
    whole = tabular.csv_response(_rows(), filename="t.csv", stream=False)

    assert not whole.streaming
    assert whole.content == streamed


def test_a_non_ascii_file_name_is_encoded_not_broken():
    response = tabular.csv_response([["a"]], filename="حرفيون.csv", stream=False)

    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")


def test_xlsx_keeps_numbers_as_numbers_and_formulas_as_text():
    response = tabular.xlsx_response(_rows(), filename="table.xlsx", sheet_title="x" * 40)

    assert response["Content-Type"] == tabular.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="table.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet.title == "x" * 31  # Excel's limit on sheet titles
    assert sheet.cell(row=2, column=1).value == "'=1+1"
    assert sheet.cell(row=2, column=1).data_type == "s"
    assert sheet.cell(row=3, column=2).value == -3
    assert sheet.cell(row=3, column=3).value == 12.25
    assert sheet.cell(row=3, column=1).value == "صلالة"
