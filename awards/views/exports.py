"""The chair's downloads of every score sheet (CSV and XLSX)."""

import csv
import io

from django.http import HttpResponse
from django.views import View

from awards import reports
from awards.views.base import ChairMixin


def _safe_cell(value):
    """Spreadsheet programs run cells that start with = + - @ as formulas; quote them."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class ExportCsvView(ChairMixin, View):
    def get(self, request, *args, **kwargs):
        buffer = io.StringIO()
        buffer.write("\ufeff")  # so Excel opens the Arabic text as UTF-8
        writer = csv.writer(buffer)
        for row in reports.export_rows(self.edition):
            writer.writerow([_safe_cell(v) for v in row])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="award-{self.edition.number}-score-sheets.csv"'
        )
        return response


class ExportXlsxView(ChairMixin, View):
    def get(self, request, *args, **kwargs):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=f"Edition {self.edition.number}")
        for row in reports.export_rows(self.edition):
            sheet.append([_safe_cell(v) for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="award-{self.edition.number}-score-sheets.xlsx"'
        )
        return response
