"""Retention of import files (penetration test, low finding): a file that was never imported
keeps only its digest and report after CRAFTSREG_IMPORT_RETENTION_DAYS."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from artisans import services
from artisans.models import Artisan, ImportBatch
from artisans.tests.importdata import csv_file, row

pytestmark = pytest.mark.django_db


def _batch(registrar, *, status, days_old, data=b"civil_number\n1\n"):
    batch = ImportBatch.objects.create(
        file_name="artisans.csv",
        content=data,
        sha256=f"{days_old:064d}",
        uploaded_by=registrar,
        status=status,
        report={"rejected": 1, "errors": [{"line": 2, "column": "gender", "message": "?"}]},
    )
    # created_at is set on insert; age the batch as if it had been uploaded days ago.
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_old)
    )
    return batch


def _content(batch) -> bytes:
    return bytes(ImportBatch.objects.get(pk=batch.pk).content)


def test_files_never_imported_lose_their_content_after_the_retention_period(registrar):
    days = settings.CRAFTSREG_IMPORT_RETENTION_DAYS
    rejected = _batch(registrar, status=ImportBatch.Status.REJECTED, days_old=days + 1)
    abandoned = _batch(registrar, status=ImportBatch.Status.PREVIEWED, days_old=days + 1)
    imported = _batch(registrar, status=ImportBatch.Status.APPLIED, days_old=days + 400)
    recent = _batch(registrar, status=ImportBatch.Status.REJECTED, days_old=days - 1)

    purge = services.import_batches_purge()

    assert (purge.files, purge.bytes) == (2, 2 * len(b"civil_number\n1\n"))
    for batch in (rejected, abandoned):
        kept = ImportBatch.objects.get(pk=batch.pk)
        assert bytes(kept.content) == b"" and kept.content_deleted_at is not None
        # What the record is for stays: who uploaded what (its digest) and why it was refused.
        assert kept.sha256 == batch.sha256 and kept.report == batch.report
        assert kept.uploaded_by == registrar and kept.file_name == "artisans.csv"
    assert _content(imported) == _content(recent) == b"civil_number\n1\n"
    assert ImportBatch.objects.get(pk=imported.pk).content_deleted_at is None


def test_the_purge_command_can_be_dry_run_and_run_again_to_no_effect(registrar):
    days = settings.CRAFTSREG_IMPORT_RETENTION_DAYS
    batch = _batch(registrar, status=ImportBatch.Status.REJECTED, days_old=days + 1)

    out = StringIO()
    call_command("purge_import_files", "--dry-run", stdout=out)
    assert "Would delete the content of 1 import file(s)" in out.getvalue()
    assert _content(batch) == b"civil_number\n1\n"

    out = StringIO()
    call_command("purge_import_files", stdout=out)
    assert "Deleted the content of 1 import file(s)" in out.getvalue()
    assert _content(batch) == b""
    deleted_at = ImportBatch.objects.get(pk=batch.pk).content_deleted_at

    out = StringIO()
    call_command("purge_import_files", stdout=out)
    assert out.getvalue().startswith("No import file older than")
    assert ImportBatch.objects.get(pk=batch.pk).content_deleted_at == deleted_at


def test_the_retention_period_is_a_setting(registrar, settings):
    batch = _batch(registrar, status=ImportBatch.Status.REJECTED, days_old=8)
    settings.CRAFTSREG_IMPORT_RETENTION_DAYS = 10
    assert services.import_batches_purge().files == 0
    settings.CRAFTSREG_IMPORT_RETENTION_DAYS = 7
    assert services.import_batches_purge().files == 1
    assert _content(batch) == b""


def test_beat_runs_the_purge_daily_through_the_command(registrar):
    from jobs.tasks import command

    entry = settings.CELERY_BEAT_SCHEDULE["purge-import-files"]
    assert entry["task"] == "jobs.command"
    days = settings.CRAFTSREG_IMPORT_RETENTION_DAYS
    batch = _batch(registrar, status=ImportBatch.Status.REJECTED, days_old=days + 1)
    command(*entry["args"])
    assert _content(batch) == b""


def test_an_imported_file_can_never_lose_its_content():
    batch = ImportBatch.objects.create(
        file_name="a.csv", content=b"x", sha256="0" * 64, status=ImportBatch.Status.APPLIED
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(
            content=b"", content_deleted_at=timezone.now()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        # "Deleted" content must really be gone.
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.REJECTED, content_deleted_at=timezone.now()
        )


def test_a_preview_whose_content_was_deleted_cannot_be_confirmed_and_says_why(
    client, registrar, settings
):
    client.force_login(registrar)
    with translation.override("en"):  # the pages in English: /en/… (the test reads their text)
        import_url = reverse("admin:artisans_artisan_import")
    uploaded = client.post(
        import_url,
        {"file": SimpleUploadedFile("artisans.csv", csv_file([row()]), "text/csv")},
        follow=True,
    )
    preview_url = uploaded.redirect_chain[-1][0]
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.PREVIEWED
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert services.import_batches_purge().files == 1

    assert preview_url.startswith("/en/")
    page = client.get(preview_url)
    assert "data-content-deleted" in page.text and batch.sha256 in page.text
    assert "Confirm the import" not in page.text
    # A confirmation posted anyway (an old tab) imports nothing and says why.
    confirmed = client.post(preview_url, follow=True)
    assert not Artisan.objects.exists()
    assert "its content has been deleted" in confirmed.text
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.PREVIEWED
