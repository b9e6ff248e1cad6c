"""Writes of the artisans registry that span several models (house style: services.py)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from artisans import importing
from artisans.models import ImportBatch


def import_batch_create(
    *, file_name: str, data: bytes, by, governorate, progress=None
) -> ImportBatch:
    """Check an uploaded file (nothing is imported) and keep it with its report for review."""
    report = importing.plan_import(data, governorate=governorate, progress=progress)
    batch = ImportBatch(
        file_name=file_name[:255],
        content=data,
        sha256=importing.file_digest(data),
        uploaded_by=by,
        governorate=governorate,
        status=ImportBatch.Status.PREVIEWED if report.ok else ImportBatch.Status.REJECTED,
    )
    _store_report(batch, report)
    batch.full_clean()
    batch.save()
    return batch


def import_batch_confirm(*, batch: ImportBatch, by, progress=None) -> importing.ImportReport:
    """Import a previewed file, once.

    The batch row is locked for the whole import, so a double click or a second browser tab
    waits and then finds the batch already imported instead of importing it again (which would
    report every row "unchanged" and overwrite the real counts).
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportBatch.Status.PREVIEWED:
            return importing.ImportReport.from_dict(batch.report)
        report = importing.import_artisans(
            data=bytes(batch.content),
            governorate=batch.governorate,
            by=by,
            reason=gettext("Import of %(file)s") % {"file": batch.file_name},
            progress=progress,
        )
        _store_report(batch, report)
        if report.applied:
            batch.status = ImportBatch.Status.APPLIED
            batch.applied_at = timezone.now()
        else:
            # The registry changed since the preview in a way that rejects rows now.
            batch.status = ImportBatch.Status.REJECTED
        batch.save()
    return report


def _store_report(batch: ImportBatch, report: importing.ImportReport) -> None:
    batch.report = report.as_dict()
    batch.created_count = report.to_create
    batch.updated_count = report.to_update
    batch.unchanged_count = report.unchanged
    batch.rejected_count = report.rejected
