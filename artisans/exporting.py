"""Export of artisans to CSV and XLSX in the import format, so an export re-imports unchanged.

Governorates are written as ISO codes, wilayats and crafts by their Arabic names (what the
registrars read), dates as ISO dates. The rows stream from the database in chunks with a fixed
number of queries per chunk, so the whole registry exports in constant memory.
"""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from artisans.tabular import COLUMNS, OTHER_CRAFTS_SEPARATOR, neutralize
from craftsreg import xlsxstream

_CHUNK = 2_000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_queryset(queryset):
    return (
        queryset.select_related("governorate", "wilayat", "primary_craft")
        .prefetch_related("other_crafts")
        .order_by("registered_on", "registration_number")
    )


def artisan_row(artisan) -> list[str]:
    values = {
        "civil_number": artisan.civil_number,
        "name_ar": artisan.name_ar,
        "name_en": artisan.name_en,
        "gender": artisan.gender,
        "birth_date": artisan.date_of_birth.isoformat() if artisan.date_of_birth else "",
        "governorate": artisan.governorate.code,
        "wilayat": artisan.wilayat.name_ar,
        "primary_craft": artisan.primary_craft.name_ar,
        "other_crafts": OTHER_CRAFTS_SEPARATOR.join(
            craft.name_ar for craft in sorted(artisan.other_crafts.all(), key=lambda c: c.code)
        ),
        "registered_on": artisan.registered_on.isoformat(),
        "phone": artisan.phone,
        "status": artisan.status,
    }
    return [values[column] for column in COLUMNS]


def iter_rows(queryset):
    for artisan in export_queryset(queryset).iterator(chunk_size=_CHUNK):
        yield artisan_row(artisan)


def file_name(extension: str) -> str:
    return f"artisans-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


class _Echo:
    def write(self, value):
        return value


def iter_csv(rows):
    """CSV lines, starting with a UTF-8 byte-order mark (Excel then reads Arabic correctly)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)
    for row in rows:
        yield writer.writerow([neutralize(cell) for cell in row])


def csv_response(queryset) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in iter_csv(iter_rows(queryset))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name("csv")}"'
    return response


def xlsx_bytes(rows) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("artisans")
    sheet.append(COLUMNS)
    for row in rows:
        # Text cells, never formulas: openpyxl would store "=…" as a formula otherwise.
        sheet.append([neutralize(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(queryset) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(iter_rows(queryset)), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name("xlsx")}"'
    return response


# --- files written by a background job (artisans.tasks) --------------------------------------


def write_csv_file(path, rows) -> None:
    """The CSV export written to ``path`` line by line (constant memory)."""
    with open(path, "w", encoding="utf-8", newline="") as output:
        for line in iter_csv(rows):
            output.write(line)


def write_xlsx_file(path, rows) -> int:
    """The XLSX export streamed to ``path``; past Excel's row limit it continues on further
    sheets, each with the header row. Returns the number of artisans written."""
    return xlsxstream.write(
        path, COLUMNS, ([neutralize(cell) for cell in row] for row in rows), sheet_name="artisans"
    )


TEMPLATE_ROWS = [
    [
        "12345678",
        "فاطمة بنت سالم الشحري",
        "Fatma bint Salim Al Shahri",
        "female",
        "1975-03-14",
        "OM-ZU",
        "صلالة",
        "cotton-weaving",
        "embroidery; incense-cosmetics",
        "2017-06-01",
        "99123456",
        "active",
    ]
]


def template_response(extension: str) -> HttpResponse:
    """The downloadable template: the header row and one example artisan."""
    if extension == "xlsx":
        response = HttpResponse(xlsx_bytes(TEMPLATE_ROWS), content_type=XLSX_CONTENT_TYPE)
    else:
        body = "".join(iter_csv(TEMPLATE_ROWS)).encode("utf-8")
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="artisans-template.{extension}"'
    return response
