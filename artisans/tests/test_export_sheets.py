"""An XLSX export longer than Excel's sheet limit is split across sheets, said beforehand on
the export page and done by the job (the limit is lowered here: a real one is a million rows,
which bench/jobs.py measures)."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from artisans.tabular import COLUMNS
from artisans.tests.factories import ArtisanFactory
from artisans.tests.test_admin_import_export import _export
from craftsreg import xlsxstream

pytestmark = pytest.mark.django_db


def test_an_export_past_the_sheet_limit_continues_on_further_sheets(client, registrar, monkeypatch):
    monkeypatch.setattr(xlsxstream, "MAX_SHEET_ROWS", 3)  # the header and 2 artisans a sheet
    artisans = ArtisanFactory.create_batch(5)
    client.force_login(registrar)
    with translation.override("en"):
        page = client.get(reverse("admin:artisans_artisan_export", args=["xlsx"]))
    assert "the file will have 3 sheets" in page.content.decode()

    workbook = openpyxl.load_workbook(io.BytesIO(_export(client, "xlsx")), read_only=True)
    sheets = [list(sheet.iter_rows(values_only=True)) for sheet in workbook]
    assert [len(rows) for rows in sheets] == [3, 3, 2]
    assert all(list(rows[0]) == COLUMNS for rows in sheets)
    civil_numbers = {row[0] for rows in sheets for row in rows[1:]}
    assert civil_numbers == {artisan.civil_number for artisan in artisans}


def test_an_export_within_the_limit_says_nothing_about_sheets(client, registrar):
    ArtisanFactory.create_batch(2)
    client.force_login(registrar)
    with translation.override("en"):
        page = client.get(reverse("admin:artisans_artisan_export", args=["xlsx"]))
    assert "sheets" not in page.content.decode().split('id="content-main"')[1]
