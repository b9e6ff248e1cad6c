"""The Celery tasks: one that runs any job, and the periodic housekeeping."""

from celery import shared_task

from jobs import services


@shared_task(name="jobs.run", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_job(job_id: int) -> None:
    # Acknowledged when the job ends: a worker that dies mid-job hands the message back, and
    # job_claim makes sure a job is never run twice at once.
    services.job_run(job_id=job_id)


@shared_task(name="jobs.reap", ignore_result=True)
def reap() -> int:
    return services.jobs_fail_interrupted()


@shared_task(name="jobs.purge", ignore_result=True)
def purge() -> dict:
    return services.jobs_purge()


@shared_task(name="jobs.command", ignore_result=True)
def command(name: str, *arguments: str) -> None:
    """Periodic work that is also a management command (beat calls it by name, so cron can
    run the very same thing)."""
    from django.core.management import call_command

    call_command(name, *arguments)
