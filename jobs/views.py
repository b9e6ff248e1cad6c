"""My jobs: the list of a user's jobs, one job's progress page, its status as JSON, its file."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from jobs import files
from jobs.models import Job
from jobs.permissions import get_job_for_user


class FollowForm(forms.Form):
    follow = forms.BooleanField(required=False)


def job_state(job: Job) -> dict:
    """What the progress bar shows, for the page and for its script."""
    seconds_left = job.seconds_left
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "finished": job.is_finished,
        "done": job.progress_done,
        "total": job.progress_total,
        "label": job.progress_label,
        "counts": counts_text(job),
        "percent": job.percent,
        "seconds_left": seconds_left,
        "time_left": time_left_text(seconds_left),
        "message": job.message,
        "download": reverse("jobs:download", args=[job.pk]) if job.has_file else "",
    }


def counts_text(job: Job) -> str:
    if not job.progress_total:
        return ""
    return gettext("%(done)s of %(total)s %(label)s") % {
        "done": intcomma(job.progress_done),
        "total": intcomma(job.progress_total),
        "label": job.progress_label,
    }


def time_left_text(seconds: int | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return gettext("less than a minute left")
    minutes = round(seconds / 60)
    if minutes < 60:
        return gettext("about %(minutes)s min left") % {"minutes": minutes}
    return gettext("about %(hours)s h %(minutes)s min left") % {
        "hours": minutes // 60,
        "minutes": minutes % 60,
    }


@method_decorator([login_required, never_cache], name="dispatch")
class JobListView(ListView):
    template_name = "jobs/job_list.html"
    context_object_name = "jobs"
    paginate_by = 25
    extra_context = {"title": gettext_lazy("My jobs")}

    def get_queryset(self):
        return Job.objects.of_user(self.request.user).listed()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for job in context["jobs"]:
            job.state = job_state(job)
        context["file_days"] = settings.CRAFTSREG_JOB_FILE_DAYS
        return context


def job_follow_url(job: Job) -> str:
    """The job's page, which goes on to the job's result page (an import's preview) once the
    job has ended: for jobs whose outcome is best read on a page of their own."""
    return reverse("jobs:detail", args=[job.pk]) + "?follow=1"


@method_decorator([login_required, never_cache], name="dispatch")
class JobDetailView(DetailView):
    template_name = "jobs/job_detail.html"
    context_object_name = "job"

    def get_object(self, queryset=None):
        return get_job_for_user(self.request.user, self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        follow = FollowForm(request.GET)
        target = job.result.get("next") if isinstance(job.result, dict) else None
        if job.is_finished and target and follow.is_valid() and follow.cleaned_data["follow"]:
            # The job's outcome goes with the user to the page it concerns.
            if job.message:
                level = messages.SUCCESS if job.status == Job.Status.SUCCEEDED else messages.ERROR
                messages.add_message(request, level, job.message)
            return redirect(target)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "title": self.object.kind_label,
            "state": job_state(self.object),
        }


@login_required
@never_cache
def job_status(request, pk: int):
    return JsonResponse(job_state(get_job_for_user(request.user, pk)))


@login_required
@never_cache
def job_download(request, pk: int):
    job = get_job_for_user(request.user, pk)
    if not job.has_file:
        raise Http404
    # A job's file is its owner's alone: kept out of every cache, the browser's too.
    return files.serve(job)


def start_job(request, *, kind: str, params: dict, back: str):
    """Start a job for the signed-in user and go to its progress page; back to ``back`` with
    the reason when the job service cannot take it (nothing is left pending then)."""
    from jobs.services import JobNotQueued, job_submit

    try:
        job = job_submit(kind=kind, owner=request.user, params=params)
    except JobNotQueued as refused:
        messages.error(request, refused.job.message)
        return redirect(back)
    return redirect("jobs:detail", pk=job.pk)
