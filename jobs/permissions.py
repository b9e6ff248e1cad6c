"""Who may see a job: the user who asked for it, nobody else (404 for everyone else)."""

from django.shortcuts import get_object_or_404

from jobs.models import Job


def get_job_for_user(user, pk: int) -> Job:
    return get_object_or_404(Job.objects.of_user(user), pk=pk)
