"""Building import files in tests."""

import csv
import io

import openpyxl

from artisans.tabular import COLUMNS

GOOD = {
    "civil_number": "12345678",
    "name_ar": "فاطمة بنت سالم الشحري",
    "name_en": "Fatma bint Salim Al Shahri",
    "gender": "female",
    "birth_date": "1975-03-14",
    "governorate": "OM-ZU",
    "wilayat": "صلالة",
    "primary_craft": "cotton-weaving",
    "other_crafts": "embroidery; incense-cosmetics",
    "registered_on": "2017-06-01",
    "phone": "99123456",
    "status": "active",
}


# Another person: two rows of one file with the same name and birth date under two civil numbers
# are flagged as possibly the same person (artisans.importing.plan._same_person_in_file).
OTHER_PERSON = {
    "civil_number": "22222222",
    "name_ar": "سالم بن علي الحارثي",
    "name_en": "Salim bin Ali Al Harthi",
    "birth_date": "1968-09-30",
}


def row(**changes) -> dict:
    return {**GOOD, **changes}


def csv_file(rows, *, columns=COLUMNS, bom=True, encoding="utf-8", delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(columns)
    for values in rows:
        writer.writerow([values.get(column, "") for column in columns])
    text = buffer.getvalue()
    return (("\ufeff" if bom else "") + text).encode(encoding)


def xlsx_file(rows, *, columns=COLUMNS, raw=False) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for values in rows:
        sheet.append([values.get(column) if raw else values.get(column, "") for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
