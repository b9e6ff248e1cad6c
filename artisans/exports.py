"""Export of artisans to CSV and XLSX in the import format, so an export re-imports unchanged.

Governorates are written as ISO codes, wilayats and crafts by their Arabic names (what the
registrars read), dates as ISO dates. The rows stream from the database in chunks with a fixed
number of queries per chunk, so the whole registry exports in constant memory. The files are
written by a background job (artisans.tasks); cells pass craftsreg.tabular's formula guard.
"""

from itertools import chain

from django.http import HttpResponse
from django.utils import timezone

from artisans.tabular import COLUMNS, OTHER_CRAFTS_SEPARATOR
from craftsreg import tabular, xlsxstream

_CHUNK = 2_000


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


# --- files written by a background job (artisans.tasks) --------------------------------------


def write_csv_file(path, rows) -> None:
    """The CSV export written to ``path`` line by line (constant memory)."""
    with open(path, "w", encoding="utf-8", newline="") as output:
        output.writelines(tabular.csv_lines(chain([COLUMNS], rows)))


def write_xlsx_file(path, rows) -> int:
    """The XLSX export streamed to ``path``; past Excel's row limit it continues on further
    sheets, each with the header row. Returns the number of artisans written."""
    return xlsxstream.write(
        path,
        COLUMNS,
        ([tabular.neutralize(cell) for cell in row] for row in rows),
        sheet_name="artisans",
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
    rows = [COLUMNS, *TEMPLATE_ROWS]
    filename = f"artisans-template.{extension}"
    if extension == "xlsx":
        return tabular.xlsx_response(rows, filename=filename, sheet_title="artisans")
    return tabular.csv_response(rows, filename=filename, stream=False)
