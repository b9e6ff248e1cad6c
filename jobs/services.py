"""Writes of the jobs app: submit a job, run it on a worker, fail jobs a dead worker left."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from jobs import files, registry
from jobs.models import Job
from jobs.progress import Progress

logger = logging.getLogger("craftsreg.jobs")

# A job handed back by a dying worker is run again at most this many times in all.
MAX_ATTEMPTS = 2


class JobNotQueued(Exception):
    """The broker did not take the job; the job is recorded as failed with the reason."""

    def __init__(self, job: Job):
        super().__init__(job.message)
        self.job = job


def job_submit(*, kind: str, owner, params: dict | None = None) -> Job:
    """Record a job and hand it to the workers.

    Called outside any transaction: a worker may start on the job before this returns, and
    must find its row. When the broker is down the job is kept as failed with a message that
    says so, and ``JobNotQueued`` tells the caller: nothing was done, nothing is left pending.
    """
    if kind not in registry.kinds():
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(
        kind=kind,
        owner=owner,
        params=params or {},
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    job.full_clean()
    job.save()
    _send(job)
    return job


def _send(job: Job) -> None:
    from jobs.tasks import run_job

    try:
        run_job.apply_async(args=[job.pk])
    except Exception as error:  # kombu OperationalError, redis/socket errors: the broker is down
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise
        logger.error("job %s could not be queued: %s: %s", job.pk, type(error).__name__, error)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            message=gettext(
                "The job could not be started: the background job service is not answering. "
                "Nothing was done. Please try again in a few minutes."
            ),
        )
        job.refresh_from_db()
        raise JobNotQueued(job) from error


def job_claim(job_id: int) -> Job | None:
    """Mark a queued job running, once: the same message delivered twice (a worker died
    and handed it back) runs the job once. Returns None when there is nothing to run."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.CRAFTSREG_JOB_STALE_SECONDS)
    claimed = (
        Job.objects.filter(pk=job_id)
        .filter(Q(status=Job.Status.QUEUED) | Q(status=Job.Status.RUNNING, heartbeat_at__lt=stale))
        .update(
            status=Job.Status.RUNNING,
            started_at=now,
            heartbeat_at=now,
            progress_done=0,
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)
    if job.attempts > MAX_ATTEMPTS:
        _fail(job, _interrupted_message())
        return None
    return job


def job_run(*, job_id: int) -> None:
    """Run one job on this worker: its kind's function, then its outcome or failure."""
    job = job_claim(job_id)
    if job is None:
        return
    kind = registry.kinds().get(job.kind)
    progress = Progress(job)
    with translation.override(job.language):
        if kind is None:
            _fail(job, gettext("Unknown kind of job."))
            return
        try:
            outcome = kind.run(job, progress)
        except registry.JobFailed as failure:
            _fail(job, failure.message, result=failure.result, progress=progress)
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            _fail(
                job,
                gettext(
                    "The job failed because of an error in the registry. Nothing was changed; "
                    "the administrators have been told."
                ),
                progress=progress,
            )
        else:
            _succeed(job, outcome, progress)


def _succeed(job: Job, outcome: registry.Outcome, progress: Progress) -> None:
    file_name = ""
    expires_at = None
    if outcome.file is not None:
        file_name = files.keep(outcome.file, job_id=job.pk)
        expires_at = timezone.now() + datetime.timedelta(days=settings.CRAFTSREG_JOB_FILE_DAYS)
    _finish(
        job,
        status=Job.Status.SUCCEEDED,
        message=outcome.message,
        result=outcome.result,
        progress=progress,
        file=file_name,
        file_name=outcome.file_name[:200],
        expires_at=expires_at,
        complete=True,
    )


def _fail(job: Job, message: str, **fields) -> None:
    _finish(job, status=Job.Status.FAILED, message=message, **fields)


def _finish(job: Job, *, status, message="", result=None, progress=None, complete=False, **extra):
    fields = {"status": status, "finished_at": timezone.now(), "message": message, **extra}
    if result is not None:
        fields["result"] = result
    if progress is not None:
        fields.update(progress.fields())
        if complete and progress.total:
            fields["progress_done"] = progress.total
    # Only a job still marked running is finished here: one failed meanwhile (as interrupted)
    # stays failed.
    Job.objects.filter(pk=job.pk, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).update(
        **fields
    )


def _interrupted_message() -> str:
    return gettext(
        "The job was interrupted (its worker stopped) and nothing was kept from it. "
        "Please start it again."
    )


def jobs_fail_interrupted() -> int:
    """Mark failed the running jobs whose worker stopped reporting (killed, machine lost).

    Whatever they were writing was in a transaction that died with them, or in a temporary
    file: nothing half-written remains. Returns how many were marked.
    """
    count = 0
    for job in Job.objects.stale():
        with translation.override(job.language):
            message = _interrupted_message()
        # Conditional: a job that reported meanwhile (a slow worker, not a dead one) is kept.
        count += (
            Job.objects.stale()
            .filter(pk=job.pk)
            .update(status=Job.Status.FAILED, finished_at=timezone.now(), message=message)
        )
    return count


def jobs_purge(*, now: datetime.datetime | None = None) -> dict:
    """Delete files whose download period ended, jobs past their keeping period, and
    temporary files dead workers left. Returns what was removed."""
    now = now or timezone.now()
    removed_files = 0
    for job in Job.objects.with_expired_files(now):
        job.file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(file="")
        removed_files += 1
    keep_from = now - datetime.timedelta(days=settings.CRAFTSREG_JOB_KEEP_DAYS)
    # An export of personal data stays the record of who took it as long as the access log
    # keeps its reads (its file goes as any other, above).
    record_from = now - datetime.timedelta(
        days=max(settings.CRAFTSREG_JOB_KEEP_DAYS, settings.CRAFTSREG_ACCESS_LOG_DAYS)
    )
    personal = registry.personal_data_kinds()
    old = (
        Job.objects.filter(created_at__lt=keep_from)
        .exclude(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
        .exclude(Q(kind__in=personal) & Q(created_at__gte=record_from))
    )
    for job in old.exclude(file=""):
        job.file.delete(save=False)
    removed_jobs, _ = old.delete()
    removed_temporary = 0
    temporary = files.root() / "tmp"
    if temporary.is_dir():
        cutoff = (now - datetime.timedelta(days=1)).timestamp()
        for path in temporary.iterdir():
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed_temporary += 1
    return {"files": removed_files, "jobs": removed_jobs, "temporary": removed_temporary}
