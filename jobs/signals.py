"""A starting worker fails the jobs a dead worker left running (their heartbeat stopped)."""

import logging

from celery.signals import worker_ready

logger = logging.getLogger("craftsreg.jobs")


@worker_ready.connect
def fail_interrupted_jobs(**kwargs):
    from jobs.services import jobs_fail_interrupted

    count = jobs_fail_interrupted()
    if count:
        logger.warning("marked %s interrupted job(s) failed", count)
