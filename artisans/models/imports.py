"""The record of an uploaded import file (the importer itself is artisans.importing)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from artisans.models.reference import Governorate
from craftsreg.fields import acting_user, optional_foreign_key, status_field


class ImportBatchQuerySet(models.QuerySet):
    def awaiting_confirmation(self, user):
        """Files ``user`` uploaded and previewed but has not confirmed yet, while they still may:
        only the uploader confirms a file, and not once its content is deleted."""
        return self.filter(
            status=ImportBatch.Status.PREVIEWED,
            uploaded_by=user,
            content_deleted_at__isnull=True,
        )

    def content_expired(self, *, uploaded_before):
        """Batches never imported (rejected, or previews nobody confirmed: superseded by a
        corrected file or abandoned) uploaded before ``uploaded_before`` whose file content
        is still kept. Imported files are kept: they are the record of what was imported."""
        return self.filter(
            status__in=[ImportBatch.Status.REJECTED, ImportBatch.Status.PREVIEWED],
            created_at__lt=uploaded_before,
            content_deleted_at__isnull=True,
        )


class ImportBatch(models.Model):
    """One uploaded import file: kept from preview to confirmation, and afterwards as a record.

    The file itself is stored in the database so the preview and the confirmation may be
    served by different application servers, and so the Authority keeps what was imported.
    The content of a file that was never imported is deleted after a retention period
    (``CRAFTSREG_IMPORT_RETENTION_DAYS``, ``artisans.services.import_batches_purge``); its
    digest and report stay.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        APPLIED = "applied", _("Imported")
        REJECTED = "rejected", _("Rejected")

    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = acting_user(_("uploaded by"), related_name="artisan_imports")
    governorate = optional_foreign_key(
        Governorate, related_name="+", verbose_name=_("limited to governorate")
    )
    status = status_field(Status, default=Status.PREVIEWED, max_length=10)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    # The preview's report (rejected rows with line, column and reason), shown until confirmed.
    report = models.JSONField(_("report"), default=dict, blank=True)
    # The preview's checked plan (artisans.importing.checked): the confirmation writes it
    # without checking every row again when the registry has not changed under it. Only a
    # previewed file has one; it goes when the file is imported, rejected or its content purged.
    checked_rows = models.BinaryField(_("checked rows"), default=b"", blank=True)
    content_deleted_at = models.DateTimeField(_("file content deleted"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("artisan import")
        verbose_name_plural = _("artisan imports")
        constraints = [
            # Deleted content is gone, and an imported file's content is never deleted.
            models.CheckConstraint(
                condition=Q(content_deleted_at__isnull=True)
                | (Q(content=b"") & ~Q(status="applied")),
                name="import_batch_content_deleted_only_if_not_imported",
            ),
            # The checked rows are personal data like the file: kept only while the file waits
            # for its confirmation, never after its content is deleted.
            models.CheckConstraint(
                condition=Q(checked_rows=b"")
                | Q(status="previewed", content_deleted_at__isnull=True),
                name="import_batch_checked_rows_only_while_previewed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"
