"""Background jobs as the product records them: who asked for what, how far it got, its file.

The job's state lives here, in the product's own database, not in Celery's result backend: the
admin lists jobs, "My jobs" shows them, and nothing depends on Redis keeping results.
"""

from __future__ import annotations

import datetime
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from jobs import registry


class JobFilesStorage(FileSystemStorage):
    """Private storage of job files (never under MEDIA_URL). The folder is read from the
    settings each time, not once at start-up, so tests can point it elsewhere."""

    @property
    def base_location(self):
        return settings.CRAFTSREG_JOB_FILES_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def job_files_storage() -> FileSystemStorage:
    return JobFilesStorage()


class JobQuerySet(models.QuerySet):
    def of_user(self, user):
        """The jobs ``user`` asked for: the only ones they may see."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def listed(self, now: datetime.datetime | None = None):
        """The jobs "My jobs" lists: those of the last CRAFTSREG_JOB_KEEP_DAYS (the rows of
        personal-data exports are kept longer, as records, not as the owner's list)."""
        now = now or timezone.now()
        return self.filter(
            created_at__gte=now - datetime.timedelta(days=settings.CRAFTSREG_JOB_KEEP_DAYS)
        )

    def unfinished(self):
        return self.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])

    def stale(self, now: datetime.datetime | None = None):
        """Running jobs whose worker stopped reporting: it died (killed, machine lost)."""
        now = now or timezone.now()
        limit = now - datetime.timedelta(seconds=settings.CRAFTSREG_JOB_STALE_SECONDS)
        return self.filter(status=Job.Status.RUNNING, heartbeat_at__lt=limit)

    def with_expired_files(self, now: datetime.datetime | None = None):
        return self.exclude(file="").filter(expires_at__lte=now or timezone.now())


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("requested by"),
    )
    # The language the user asked in: the job's messages and files are written in it.
    language = models.CharField(max_length=10, default="ar")
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Written with every progress report: a running job whose heartbeat stops lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    progress_done = models.PositiveBigIntegerField(_("done"), default=0)
    progress_total = models.PositiveBigIntegerField(_("total"), default=0)
    # What the progress counts ("rows checked", "artisans written"), in the job's language.
    progress_label = models.CharField(max_length=100, blank=True)
    message = models.TextField(_("message"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    file = models.FileField(
        _("file"), storage=job_files_storage, upload_to="%Y/%m/", max_length=255, blank=True
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    expires_at = models.DateTimeField(_("file available until"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "succeeded", "failed"]),
                name="job_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(progress_total=0) | Q(progress_done__lte=F("progress_total")),
                name="job_progress_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.kind_label} #{self.pk}"

    @property
    def kind_label(self) -> str:
        kind = registry.kinds().get(self.kind)
        return str(kind.label) if kind else self.kind

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        """Whole per cent done, None while the total is unknown."""
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.progress_total:
            return None
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def seconds_left(self) -> int | None:
        """Estimated from the pace so far; None until there is a pace to go by."""
        if self.status != self.Status.RUNNING or not self.started_at or not self.progress_total:
            return None
        if not self.progress_done:
            return None
        elapsed = (timezone.now() - self.started_at).total_seconds()
        if elapsed < 1:
            return None
        remaining = self.progress_total - self.progress_done
        return max(0, round(elapsed * remaining / self.progress_done))

    @cached_property
    def has_file(self) -> bool:
        return bool(self.file) and self.status == self.Status.SUCCEEDED and not self.file_expired

    @property
    def file_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()
