import datetime

import pytest
from django.utils import timezone, translation

from artisans import importing
from artisans.models import Artisan, RegistrationCounter
from artisans.tabular import COLUMNS
from artisans.tests.factories import ArtisanFactory
from artisans.tests.importdata import GOOD, OTHER_PERSON, csv_file, row, xlsx_file

pytestmark = pytest.mark.django_db


def _apply(data, **kwargs):
    return importing.import_artisans(data=data, **kwargs)


def _errors(report):
    return [(e.line, e.column) for e in report.errors]


def test_preview_counts_rows_and_writes_nothing():
    ArtisanFactory(civil_number="33333333", name_ar="قديم")
    ArtisanFactory(civil_number="44444444")
    existing = Artisan.objects.get(civil_number="44444444")
    unchanged = {
        "civil_number": "44444444",
        "name_ar": existing.name_ar,
        "name_en": existing.name_en,
        "gender": "female",
        "birth_date": "1980-05-17",
        "governorate": "OM-ZU",
        "wilayat": "Salalah",
        "primary_craft": "cotton-weaving",
        "other_crafts": "",
        "registered_on": "2017-06-01",
        "phone": "99123456",
        "status": "active",
    }
    data = csv_file(
        [row(), row(civil_number="33333333"), unchanged, row(civil_number="55555555", gender="?")]
    )

    report = importing.plan_import(data)

    assert (report.to_create, report.to_update, report.unchanged, report.rejected) == (1, 1, 1, 1)
    assert _errors(report) == [(5, "gender")]
    assert Artisan.objects.count() == 2
    assert Artisan.objects.get(civil_number="33333333").name_ar == "قديم"


def test_import_creates_artisans_with_crafts_and_registration_numbers():
    report = _apply(csv_file([row(), row(**OTHER_PERSON, registered_on="2016-01-05")]))

    assert report.applied and report.to_create == 2
    artisan = Artisan.objects.get(civil_number="12345678")
    assert artisan.name_ar == GOOD["name_ar"]
    assert artisan.governorate.code == "OM-ZU" and artisan.wilayat.name_en == "Salalah"
    assert artisan.date_of_birth == datetime.date(1975, 3, 14)
    assert sorted(artisan.other_crafts.values_list("code", flat=True)) == [
        "embroidery",
        "incense-cosmetics",
    ]
    assert artisan.registration_number == "2017-000001"
    assert Artisan.objects.get(civil_number="22222222").registration_number == "2016-000001"
    assert RegistrationCounter.objects.get(year=2017).last_number == 1


def test_reimporting_the_same_file_creates_nothing():
    data = csv_file([row(), row(**OTHER_PERSON)])
    _apply(data)

    second = _apply(data)

    assert second.applied
    assert (second.to_create, second.to_update, second.unchanged) == (0, 0, 2)
    assert Artisan.objects.count() == 2
    assert Artisan.history.count() == 2  # no new history entries either


def test_update_matched_by_civil_number_changes_only_that_artisan():
    _apply(csv_file([row()]))
    before = Artisan.objects.get()

    report = _apply(csv_file([row(name_en="Fatma Al Shahri", other_crafts="pottery")]))

    assert report.to_update == 1
    after = Artisan.objects.get()
    assert after.pk == before.pk and after.registration_number == before.registration_number
    assert after.name_en == "Fatma Al Shahri"
    assert list(after.other_crafts.values_list("code", flat=True)) == ["pottery"]


def test_columns_missing_from_the_file_keep_their_values_on_update():
    _apply(csv_file([row()]))
    columns = ["civil_number", "name_ar", "gender", "governorate", "wilayat", "primary_craft"]

    report = _apply(csv_file([row(name_ar="فاطمة الشحري")], columns=columns))

    assert report.to_update == 1
    artisan = Artisan.objects.get()
    assert artisan.name_ar == "فاطمة الشحري"
    assert artisan.phone == "+96899123456" and artisan.other_crafts.count() == 2


def test_file_with_a_rejected_row_writes_nothing():
    report = _apply(csv_file([row(), row(**OTHER_PERSON, governorate="Atlantis")]))

    assert not report.applied and report.rejected == 1
    assert _errors(report) == [(3, "governorate")]
    assert Artisan.objects.count() == 0
    assert not RegistrationCounter.objects.exists()


def test_arabic_headers_names_and_digits_are_understood():
    arabic = {
        "الرقم المدني": "١٢٣٤٥٦٧٨",
        "الاسم بالعربية": "سالم بن علي الحارثي",
        "الجنس": "ذكر",
        "تاريخ الميلاد": "١٤/٠٣/١٩٧٥",
        "المحافظة": "محافظة ظفار",
        "الولاية": "صلالة",
        "الحرفة الرئيسية": "النسيج القطني",
        "الحرف الأخرى": "الفخار؛ التطريز",
        "تاريخ التسجيل": "٢٠١٧-٠٦-٠١",
        "الهاتف": "+968 9912 3456",
        "الحالة": "غير نشط",
    }

    report = _apply(csv_file([arabic], columns=list(arabic)))

    assert report.applied, report.errors
    artisan = Artisan.objects.get()
    assert artisan.civil_number == "12345678"
    assert artisan.gender == "male" and artisan.status == "inactive"
    assert artisan.date_of_birth == datetime.date(1975, 3, 14)
    assert artisan.phone == "+96899123456"
    assert sorted(artisan.other_crafts.values_list("code", flat=True)) == [
        "embroidery",
        "pottery",
    ]


def test_csv_without_bom_and_with_semicolons_is_read():
    report = _apply(csv_file([row()], bom=False, delimiter=";"))
    assert report.applied and report.to_create == 1


def test_xlsx_with_typed_cells_is_read():
    data = xlsx_file(
        [
            row(
                civil_number=12345678,
                birth_date=datetime.datetime(1975, 3, 14),
                registered_on=datetime.date(2017, 6, 1),
                phone=99123456.0,
            )
        ],
        raw=True,
    )
    report = _apply(data)
    assert report.applied, report.errors
    artisan = Artisan.objects.get()
    assert artisan.date_of_birth == datetime.date(1975, 3, 14) and artisan.phone == "+96899123456"


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"governorate": "Atlantis"}, "governorate"),
        ({"wilayat": "Nowhere"}, "wilayat"),
        ({"wilayat": "Muscat"}, "wilayat"),  # a wilayat of another governorate
        ({"primary_craft": "space-travel"}, "primary_craft"),
        ({"other_crafts": "pottery; juggling"}, "other_crafts"),
        ({"birth_date": "31/02/1980"}, "birth_date"),
        ({"birth_date": "yesterday"}, "birth_date"),
        ({"registered_on": "2017/13/01"}, "registered_on"),
        ({"civil_number": "12ab"}, "civil_number"),
        ({"civil_number": ""}, "civil_number"),
        ({"name_ar": ""}, "name_ar"),
        ({"name_ar": "x" * 151}, "name_ar"),
        ({"gender": "other"}, "gender"),
        ({"status": "retired"}, "status"),
        ({"phone": "12"}, "phone"),
        ({"name_en": '=HYPERLINK("http://evil")'}, "name_en"),
        ({"name_ar": "@SUM(A1)"}, "name_ar"),
        ({"name_en": "-2+3"}, "name_en"),
    ],
)
def test_bad_cells_are_rejected_with_line_and_column(changes, column):
    report = _apply(csv_file([row(civil_number="99999999"), row(**changes)]))

    assert not report.applied and report.rejected == 1
    assert (3, column) in _errors(report)
    assert all(e.message for e in report.errors)
    assert Artisan.objects.count() == 0


def test_future_birth_date_is_rejected():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    report = _apply(csv_file([row(birth_date=tomorrow.isoformat())]))
    assert (2, "birth_date") in _errors(report)
    assert Artisan.objects.count() == 0


def test_wilayat_of_another_governorate_names_both_governorates():
    with translation.override("en"):
        report = importing.plan_import(csv_file([row(wilayat="Muscat")]))
    assert report.errors[0].message == (
        "The wilayat Muscat is in the governorate Muscat, not in Dhofar."
    )


def test_row_errors_are_in_the_users_language():
    with translation.override("ar"):
        report = importing.plan_import(csv_file([row(governorate="Atlantis")]))
    assert report.errors[0].message == "محافظة غير معروفة «Atlantis»."


def test_duplicate_civil_number_inside_the_file_is_rejected():
    report = _apply(csv_file([row(), row(name_en="Someone else"), row(civil_number="١٢٣٤٥٦٧٨")]))

    assert report.rejected == 2
    assert _errors(report) == [(3, "civil_number"), (4, "civil_number")]
    assert "2" in report.errors[0].message
    assert Artisan.objects.count() == 0


def test_apostrophe_escaped_cells_from_an_export_are_text():
    report = _apply(csv_file([row(name_en="'-Fatma-")]))
    assert report.applied
    assert Artisan.objects.get().name_en == "-Fatma-"


def test_a_formula_cell_in_xlsx_is_rejected():
    data = xlsx_file([row(name_en="=1+1")])
    report = importing.plan_import(data)
    assert _errors(report) == [(2, "name_en")]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf\r\n", "empty"),
        ("civil_number,name_ar\n1,\u0627".encode("cp1256"), "UTF-8"),
        (b"%PDF-1.4\n\x00\x00binary", "not a CSV"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV"),
        (b"PK\x03\x04 not really a zip", "XLSX"),
        (b"civil_number,name_ar,gender\n1,a,male\n", "Required columns are missing"),
        (",".join(COLUMNS).encode() + b"\n", "no artisans"),
        ((",".join(COLUMNS) + ",shoe_size\n").encode(), "Unknown columns"),
        ((",".join(COLUMNS) + ",civil_number\n").encode(), "twice"),
    ],
)
def test_unreadable_files_are_rejected_as_a_whole(data, fragment):
    with translation.override("en"):
        report = _apply(data)
    assert not report.applied
    assert fragment in report.file_error
    assert Artisan.objects.count() == 0


def test_file_over_the_size_limit_is_rejected(settings):
    settings.CRAFTSREG_IMPORT_MAX_BYTES = 100
    with translation.override("en"):
        report = _apply(csv_file([row(), row(**OTHER_PERSON)]))
    assert "larger than the limit" in report.file_error
    assert Artisan.objects.count() == 0


def test_governorate_scope_rejects_rows_of_other_governorates(dhofar, muscat):
    ArtisanFactory(civil_number="77777777", wilayat=muscat.wilayats.get(name_en="Muscat"))
    data = csv_file(
        [
            row(),
            row(**OTHER_PERSON, governorate="OM-MA", wilayat="Muscat"),
            # an existing Muscat artisan "moved" into Dhofar by the file
            row(civil_number="77777777"),
        ]
    )

    report = _apply(data, governorate=dhofar)

    assert _errors(report) == [(3, "governorate"), (4, "civil_number")]
    assert Artisan.objects.count() == 1


def test_rejected_rows_beyond_the_report_limit_are_counted(monkeypatch):
    monkeypatch.setattr(importing.plan, "MAX_REPORTED_ERRORS", 3)
    rows = [row(civil_number=str(30_000_000 + n), gender="?") for n in range(10)]
    report = importing.plan_import(csv_file(rows))
    assert report.rejected == 10 and len(report.errors) == 3
    assert report.errors_not_shown == 7


def test_import_records_history_with_user_and_reason(superuser):
    _apply(csv_file([row()]), by=superuser, reason="Import of test.csv")
    _apply(csv_file([row(other_crafts="pottery")]), by=superuser, reason="Import of fix.csv")

    artisan = Artisan.objects.get()
    entries = list(artisan.history.order_by("history_id"))
    assert [e.history_type for e in entries] == ["+", "~"]
    assert {e.history_user for e in entries} == {superuser}
    assert entries[1].history_change_reason == "Import of fix.csv"
    delta = entries[1].diff_against(entries[0])
    assert "other_crafts" in delta.changed_fields


def test_import_bumps_the_registry_version(django_capture_on_commit_callbacks):
    from artisans.cache import registry_version

    before = registry_version()
    with django_capture_on_commit_callbacks(execute=True):
        _apply(csv_file([row()]))
    assert registry_version() > before


def test_text_with_backslashes_and_quotes_is_stored_as_written():
    # PostgreSQL's bulk path writes COPY text, where a backslash is an escape character.
    name = 'Salim \\N "the potter" \\t'
    report = _apply(csv_file([row(name_en=name, phone="")]))
    assert report.applied
    artisan = Artisan.objects.get()
    assert artisan.name_en == name and artisan.phone == ""
    assert artisan.history.get().name_en == name


def test_a_zip_archive_uploaded_as_the_import_file_is_rejected():
    import io
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("artisans.csv", csv_file([row()]).decode("utf-8-sig"))
    with translation.override("en"):
        report = _apply(archive.getvalue())
    assert not report.applied
    assert "XLSX" in report.file_error
    assert Artisan.objects.count() == 0


def test_a_formula_typed_into_a_csv_cell_is_rejected():
    with translation.override("en"):
        report = _apply(csv_file([row(name_en='=HYPERLINK("http://evil.example","x")')]))
    assert not report.applied
    assert Artisan.objects.count() == 0
