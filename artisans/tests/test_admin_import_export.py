import csv
import io
from urllib.parse import urlencode

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from artisans.models import Artisan, Craft, ImportBatch
from artisans.tabular import COLUMNS
from artisans.tests.factories import ArtisanFactory
from artisans.tests.importdata import OTHER_PERSON, csv_file, row
from jobs.models import Job

pytestmark = pytest.mark.django_db

IMPORT = "admin:artisans_artisan_import"


def _upload(client, data, name="artisans.csv"):
    return client.post(
        reverse(IMPORT), {"file": SimpleUploadedFile(name, data, "text/csv")}, follow=True
    )


def _confirm(client, response):
    return client.post(response.redirect_chain[-1][0], follow=True)


def _export(client, extension, params=None) -> bytes:
    """Ask for an export as a user does (the confirmation page, then its button); the job runs
    inside the test (eager) and its file is downloaded from the job's page."""
    url = reverse("admin:artisans_artisan_export", args=[extension])
    query = f"?{urlencode(params)}" if params else ""
    assert client.get(url + query).status_code == 200
    started = client.post(url + query)
    assert started.status_code == 302, started
    job = Job.objects.get(pk=int(started.url.rstrip("/").split("/")[-1]))
    assert job.status == Job.Status.SUCCEEDED, job.message
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    return b"".join(download.streaming_content)


def _csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


# --- import page -------------------------------------------------------------------------------


def test_preview_then_confirm(client, registrar):
    client.force_login(registrar)

    preview = _upload(client, csv_file([row(), row(**OTHER_PERSON)]))

    assert preview.context["report"].to_create == 2
    assert 'data-count="create">2<' in preview.content.decode()
    assert not Artisan.objects.exists()  # nothing before confirming

    done = _confirm(client, preview)

    assert Artisan.objects.count() == 2
    assert done.context["report"].applied
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.APPLIED and batch.created_count == 2
    entry = Artisan.objects.get(civil_number="22222222").history.get()
    assert entry.history_user == registrar
    assert entry.history_change_reason == "استيراد الملف artisans.csv"


def test_preview_lists_every_rejected_row_and_offers_no_confirmation(client, registrar):
    client.force_login(registrar)

    with translation.override("en"):
        response = _upload(client, csv_file([row(), row(**OTHER_PERSON, wilayat="Atlantis")]))
        # a confirmation posted anyway writes nothing
        _confirm(client, response)

    html = response.content.decode()
    assert 'data-line="3"' in html and "Unknown wilayat “Atlantis”." in html
    assert "Confirm the import" not in html
    assert "Nothing was written" in html
    assert not Artisan.objects.exists()


def test_confirming_twice_imports_once(client, registrar):
    client.force_login(registrar)
    preview = _upload(client, csv_file([row()]))
    _confirm(client, preview)
    _confirm(client, preview)
    assert Artisan.objects.count() == 1
    assert Artisan.history.count() == 1


def test_import_re_checks_at_confirmation(client, registrar):
    client.force_login(registrar)
    preview = _upload(client, csv_file([row()]))
    ArtisanFactory(civil_number="12345678")  # someone registered the same person meanwhile

    done = _confirm(client, preview)

    assert done.context["report"].to_update == 1
    assert Artisan.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"hello", "Upload a .csv or .xlsx file"),
        ("empty.csv", b"", "The submitted file is empty."),
    ],
)
def test_upload_form_rejects_wrong_files(client, registrar, name, data, message):
    client.force_login(registrar)
    with translation.override("en"):
        response = client.post(reverse(IMPORT), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_upload_over_the_size_limit_is_rejected(client, registrar, settings):
    settings.CRAFTSREG_IMPORT_MAX_BYTES = 50
    client.force_login(registrar)
    with translation.override("en"):
        response = client.post(reverse(IMPORT), {"file": SimpleUploadedFile("a.csv", b"x" * 51)})
    assert "larger than the limit of 0.0 MB" in response.content.decode()


def test_renamed_binary_file_gets_a_clear_message(client, registrar):
    client.force_login(registrar)
    with translation.override("en"):
        response = _upload(client, b"%PDF-1.7\n\x00\x01\x02", name="scan.csv")
    assert response.status_code == 200
    assert "This is not a CSV or XLSX file" in response.content.decode()


def test_another_users_import_is_a_404(client, registrar, django_user_model):
    client.force_login(registrar)
    preview = _upload(client, csv_file([row()]))
    other = django_user_model.objects.create_superuser("boss", "b@example.invalid", "pw")
    client.force_login(other)

    response = client.post(preview.redirect_chain[-1][0])

    assert response.status_code == 404
    assert not Artisan.objects.exists()


def test_viewer_cannot_import(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse(IMPORT)).status_code == 403
    response = client.post(
        reverse(IMPORT), {"file": SimpleUploadedFile("a.csv", csv_file([row()]))}
    )
    assert response.status_code == 403
    assert not Artisan.objects.exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse(IMPORT))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_template_downloads_and_imports(client, registrar, extension):
    client.force_login(registrar)
    template = client.get(reverse("admin:artisans_artisan_import_template", args=[extension]))
    assert template.status_code == 200

    preview = _upload(client, template.content, name=f"template.{extension}")

    assert preview.context["report"].ok and preview.context["report"].to_create == 1


# --- export ------------------------------------------------------------------------------------


def test_export_csv_has_bom_import_columns_and_current_filters(client, viewer, muscat_wilayat):
    artisan = ArtisanFactory(name_en="Salim")
    artisan.other_crafts.set(Craft.objects.filter(code__in=["pottery", "embroidery"]))
    ArtisanFactory(wilayat=muscat_wilayat)
    client.force_login(viewer)

    rows = _csv_rows(_export(client, "csv", {"governorate": artisan.governorate_id}))

    assert rows[0] == COLUMNS
    assert len(rows) == 2
    exported = dict(zip(COLUMNS, rows[1], strict=True))
    assert exported["civil_number"] == artisan.civil_number
    assert exported["governorate"] == "OM-ZU" and exported["wilayat"] == "صلالة"
    assert exported["other_crafts"] == "التطريز; الفخار"


def test_export_respects_the_search(client, viewer):
    ArtisanFactory(name_en="Khalfan")
    ArtisanFactory(name_en="Ali")
    client.force_login(viewer)
    assert [r[2] for r in _csv_rows(_export(client, "csv", {"q": "Ali"}))[1:]] == ["Ali"]


def test_export_neutralises_formula_cells(client, viewer):
    ArtisanFactory(name_en='=HYPERLINK("http://evil.invalid")', name_ar="+حرفي")
    client.force_login(viewer)

    rows = _csv_rows(_export(client, "csv"))

    assert rows[1][1] == "'+حرفي"
    assert rows[1][2] == '\'=HYPERLINK("http://evil.invalid")'


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_export_reimports_unchanged(client, superuser, extension):
    first = ArtisanFactory(name_en="=sum")
    first.other_crafts.set(Craft.objects.filter(code__in=["pottery", "embroidery"]))
    ArtisanFactory(date_of_birth=None, phone="", name_en="", status="inactive")
    client.force_login(superuser)
    data = _export(client, extension)

    preview = _upload(client, data, name=f"export.{extension}")

    report = preview.context["report"]
    assert report.ok, report.errors
    assert (report.to_create, report.to_update, report.unchanged) == (0, 0, 2)


def test_export_xlsx_writes_text_not_formulas(client, viewer):
    ArtisanFactory(name_en="=1+1")
    client.force_login(viewer)
    sheet = openpyxl.load_workbook(io.BytesIO(_export(client, "xlsx"))).active
    assert sheet.cell(row=2, column=3).value == "'=1+1"
    assert sheet.cell(row=2, column=3).data_type == "s"


def test_export_with_bad_filters_redirects_with_a_message(client, viewer):
    client.force_login(viewer)
    response = client.get(
        reverse("admin:artisans_artisan_export", args=["csv"]), {"no_such_field": "1"}
    )
    assert response.status_code == 302


def test_unknown_export_format_is_a_404(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("admin:artisans_artisan_export", args=["pdf"])).status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_export_queries_do_not_grow_with_rows(client, viewer, size, django_assert_num_queries):
    for artisan in ArtisanFactory.create_batch(size):
        artisan.other_crafts.set(Craft.objects.filter(code="pottery"))
    client.force_login(viewer)
    client.get(reverse("admin:artisans_artisan_changelist"))

    url = reverse("admin:artisans_artisan_export", args=["csv"])
    # The confirmation page builds the changelist (its count; the year filter's list is cached
    # since the warm-up until the registry changes) …
    with django_assert_num_queries(9):
        client.get(url)
    # … and the export job builds it again as the worker does, then streams the rows.
    with django_assert_num_queries(31):
        client.post(url)
    job = Job.objects.get()
    assert job.progress_done == job.progress_total == size


def test_changelist_links_to_import_and_export_by_role(client, registrar, viewer):
    client.force_login(registrar)
    html = client.get(reverse("admin:artisans_artisan_changelist"), {"status__exact": "active"})
    html = html.content.decode()
    assert reverse(IMPORT) in html
    assert "export/csv/?status__exact=active" in html
    client.force_login(viewer)
    html = client.get(reverse("admin:artisans_artisan_changelist")).content.decode()
    assert reverse(IMPORT) not in html and 'data-export="xlsx"' in html


def test_template_in_the_docs_is_the_downloadable_one(client, registrar, settings):
    from pathlib import Path

    client.force_login(registrar)
    download = client.get(reverse("admin:artisans_artisan_import_template", args=["csv"]))
    in_docs = (Path(settings.BASE_DIR) / "docs" / "artisans-template.csv").read_bytes()
    assert download.content == in_docs


def test_a_rejected_file_ends_its_check_job_failed_with_the_row_report(client, registrar):
    client.force_login(registrar)

    preview = _upload(client, csv_file([row(), row(civil_number="12")]))

    job = Job.objects.get(kind="artisans.import_check")
    assert job.status == Job.Status.FAILED
    assert job.result["batch"] == preview.context["batch"].pk
    # The preview the job page leads to lists the rejected row, as before jobs.
    assert preview.context["report"].rejected == 1
    assert [error.line for error in preview.context["report"].errors] == [3]
    assert not Artisan.objects.exists()


def test_an_import_is_written_by_a_job_that_reports_rows_written(client, registrar):
    client.force_login(registrar)
    preview = _upload(client, csv_file([row(), row(**OTHER_PERSON)]))

    _confirm(client, preview)

    job = Job.objects.get(kind="artisans.import_write")
    assert job.status == Job.Status.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert job.message == "اكتمل الاستيراد: أُضيف 2، وحُدّث 0، وبقي 0 دون تغيير."
    assert Artisan.objects.count() == 2


def test_another_registrar_cannot_confirm_someone_elses_import(
    client, registrar, django_user_model
):
    client.force_login(registrar)
    preview = _upload(client, csv_file([row()]))
    other = django_user_model.objects.create_user("other-registrar", password="pw", is_staff=True)
    other.groups.set(registrar.groups.all())
    client.force_login(other)

    response = client.post(preview.wsgi_request.path)

    assert response.status_code == 404
    assert not Job.objects.filter(kind="artisans.import_write").exists()
    assert not Artisan.objects.exists()
