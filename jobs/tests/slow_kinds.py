"""A slow kind of job for the worker tests, loaded into the test worker with ``-I``.

It writes groups one by one inside one transaction, reporting progress after each, so a test
can kill the worker half-way and check that nothing it wrote remains.
"""

import time

from django.contrib.auth.models import Group
from django.db import transaction

from jobs.registry import Outcome, job_kind

STEPS = 60


@job_kind("test.slow", label="Slow test job")
def slow(job, progress):
    progress.start(STEPS, "groups")
    with transaction.atomic():
        for step in range(STEPS):
            Group.objects.create(name=f"slow-{job.pk}-{step}")
            time.sleep(0.2)
            progress.advance()
    return Outcome(message="all groups written")
