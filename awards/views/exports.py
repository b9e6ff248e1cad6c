"""The chair's downloads of every score sheet (CSV and XLSX)."""

from django.views import View

from awards import exports
from awards.views.base import ChairMixin
from craftsreg import tabular


class ExportCsvView(ChairMixin, View):
    def get(self, request, *args, **kwargs):
        return tabular.csv_response(
            exports.export_rows(self.edition),
            filename=f"award-{self.edition.number}-score-sheets.csv",
            # Whole: one edition's sheets are small, and the rows are read (and their headings
            # translated) inside the request rather than while the server streams.
            stream=False,
        )


class ExportXlsxView(ChairMixin, View):
    def get(self, request, *args, **kwargs):
        return tabular.xlsx_response(
            exports.export_rows(self.edition),
            filename=f"award-{self.edition.number}-score-sheets.xlsx",
            sheet_title=f"Edition {self.edition.number}",
        )
