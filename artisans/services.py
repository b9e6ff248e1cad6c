"""Writes of the artisans registry that span several models (house style: services.py)."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from artisans import importing
from artisans.models import Artisan, ImportBatch, NotDuplicate

logger = logging.getLogger(__name__)


def import_batch_create(
    *, file_name: str, data: bytes, by, governorate, progress=None
) -> ImportBatch:
    """Check an uploaded file (nothing is imported) and keep it with its report for review,
    and with its checked rows for the confirmation (artisans.importing.checked)."""
    report, checked_rows = importing.check_import(data, governorate=governorate, progress=progress)
    batch = ImportBatch(
        file_name=file_name[:255],
        content=data,
        sha256=importing.file_digest(data),
        uploaded_by=by,
        governorate=governorate,
        status=ImportBatch.Status.PREVIEWED if report.ok else ImportBatch.Status.REJECTED,
        checked_rows=checked_rows,
    )
    _store_report(batch, report)
    batch.full_clean()
    batch.save()
    return batch


def import_batch_confirm(
    *, batch: ImportBatch, by, duplicates_confirmed: bool = False, progress=None
) -> importing.ImportReport:
    """Import a previewed file, once.

    A file with rows that may be artisans already registered is imported only with
    ``duplicates_confirmed`` (the registrar ticked "these are different people"); without it
    nothing changes and the batch stays previewed.

    The batch row is locked for the whole import, so a double click or a second browser tab
    waits and then finds the batch already imported instead of importing it again (which would
    report every row "unchanged" and overwrite the real counts).
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportBatch.Status.PREVIEWED:
            return importing.ImportReport.from_dict(batch.report)
        if batch.content_deleted_at is not None:
            return importing.ImportReport(file_error=content_deleted_message())
        report = importing.import_artisans(
            data=bytes(batch.content),
            governorate=batch.governorate,
            by=by,
            reason=gettext("Import of %(file)s") % {"file": batch.file_name},
            progress=progress,
            duplicates_confirmed=duplicates_confirmed,
            checked=bytes(batch.checked_rows),
        )
        if report.ok and report.needs_confirmation and not report.applied:
            return report  # not confirmed: the preview stands, nothing was written
        _store_report(batch, report)
        batch.checked_rows = b""  # imported or rejected: no confirmation will need them
        if report.applied:
            batch.status = ImportBatch.Status.APPLIED
            batch.applied_at = timezone.now()
        else:
            # The registry changed since the preview in a way that rejects rows now.
            batch.status = ImportBatch.Status.REJECTED
        # Not the file's content: rewriting megabytes that have not changed cost an import
        # half a second.
        batch.save(update_fields=[*_REPORT_FIELDS, "checked_rows", "status", "applied_at"])
    return report


def content_deleted_message() -> str:
    days = settings.CRAFTSREG_IMPORT_RETENTION_DAYS
    return ngettext(
        "This file was not imported within %(days)s day of its upload, so its content has "
        "been deleted. Upload the file again to import it.",
        "This file was not imported within %(days)s days of its upload, so its content has "
        "been deleted. Upload the file again to import it.",
        days,
    ) % {"days": days}


@dataclass(frozen=True)
class ImportPurge:
    files: int
    bytes: int


def import_batches_purge(*, now=None, dry_run: bool = False) -> ImportPurge:
    """Delete the content of import files never imported (rejected, or previews nobody
    confirmed) once ``CRAFTSREG_IMPORT_RETENTION_DAYS`` have passed since their upload.

    Their SHA-256 digest, counts and report stay, so the record still says what was uploaded,
    by whom and why it was refused. Idempotent: a second run finds nothing. Rows are locked, so
    a confirmation running at the same moment either imports first (the file is then kept) or
    finds the content deleted and says so.
    """
    now = now or timezone.now()
    uploaded_before = now - timedelta(days=settings.CRAFTSREG_IMPORT_RETENTION_DAYS)
    with transaction.atomic():
        expired = ImportBatch.objects.content_expired(uploaded_before=uploaded_before)
        if not dry_run:
            expired = expired.select_for_update()
        found = list(expired.order_by("pk").values_list("pk", Length("content")))
        if found and not dry_run:
            ImportBatch.objects.filter(pk__in=[pk for pk, _size in found]).update(
                content=b"", checked_rows=b"", content_deleted_at=now
            )
    purge = ImportPurge(files=len(found), bytes=sum(size or 0 for _pk, size in found))
    if found and not dry_run:
        logger.info("Deleted the content of %s import file(s), %s bytes", purge.files, purge.bytes)
    return purge


_REPORT_FIELDS = [
    "report",
    "created_count",
    "updated_count",
    "unchanged_count",
    "rejected_count",
]


def _store_report(batch: ImportBatch, report: importing.ImportReport) -> None:
    batch.report = report.as_dict()
    batch.created_count = report.to_create
    batch.updated_count = report.to_update
    batch.unchanged_count = report.unchanged
    batch.rejected_count = report.rejected


def not_duplicate_record(*, first: Artisan, second: Artisan, by) -> NotDuplicate:
    """Remember that two artisans are different people (the duplicates list drops the pair)."""
    low, high = sorted([first, second], key=lambda artisan: artisan.pk)
    with transaction.atomic():
        record, _created = NotDuplicate.objects.get_or_create(
            first=low, second=high, defaults={"decided_by": by}
        )
    return record


def artisan_retire_duplicate(*, duplicate: Artisan, kept: Artisan, by) -> Artisan:
    """Retire ``duplicate``, a second record of the person registered as ``kept``.

    The kept record gets the duplicate's crafts (its primary craft and other crafts, as other
    crafts); the duplicate is marked inactive and retired into the kept record, never deleted.
    Both changes are in the history with the other's registration number, so either record
    leads to the other.
    """
    if duplicate.pk == kept.pk:
        raise ValidationError(gettext("An artisan cannot be retired into itself."))
    with transaction.atomic():
        locked = {
            a.pk: a
            for a in Artisan.objects.select_for_update().filter(pk__in=[duplicate.pk, kept.pk])
        }
        duplicate, kept = locked[duplicate.pk], locked[kept.pk]
        if duplicate.retired_into_id or kept.retired_into_id:
            raise ValidationError(gettext("One of these records has already been retired."))
        crafts = {duplicate.primary_craft_id, *duplicate.other_crafts.values_list("pk", flat=True)}
        crafts.discard(kept.primary_craft_id)
        kept._change_reason = gettext("Kept; duplicate %(number)s retired into it") % {
            "number": duplicate.registration_number
        }
        kept.other_crafts.add(*crafts)
        kept.full_clean()
        kept.save()
        duplicate.retired_into = kept
        duplicate.status = Artisan.Status.INACTIVE
        duplicate._change_reason = gettext("Retired as a duplicate of %(number)s") % {
            "number": kept.registration_number
        }
        duplicate.full_clean()
        duplicate.save()
    return duplicate
