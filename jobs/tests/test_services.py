import datetime
from pathlib import Path

import pytest
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from jobs import registry, services
from jobs.models import Job
from jobs.services import JobNotQueued, job_run, job_submit, jobs_fail_interrupted, jobs_purge
from jobs.tasks import run_job
from jobs.tests.conftest import make_job

pytestmark = pytest.mark.django_db


def test_a_job_runs_to_its_file_and_message(owner, test_kinds):
    job = job_submit(kind="test.write", owner=owner)

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.progress_done, job.progress_total, job.percent) == (3, 3, 100)
    assert job.message == "written" and job.file_name == "lines.csv"
    assert job.file.read() == b"line 0\nline 1\nline 2\n"
    assert job.expires_at > timezone.now() + datetime.timedelta(days=6)
    assert job.started_at and job.finished_at and job.attempts == 1


def test_a_refused_job_ends_failed_with_its_report(owner, test_kinds):
    job = job_submit(kind="test.refuse", owner=owner)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "row 3: unknown wilayat" and job.result == {"rows": [3]}
    assert not job.file


def test_an_unexpected_error_fails_the_job_without_details(owner, test_kinds, monkeypatch):
    def broken(job, progress):
        raise ZeroDivisionError("internal detail")

    job = make_job(owner)
    kinds = services.registry.kinds()
    monkeypatch.setitem(kinds, "test.write", services.registry.JobKind("test.write", "T", broken))

    job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "internal detail" not in job.message and job.message


def test_a_message_delivered_twice_runs_the_job_once(owner, test_kinds):
    job = make_job(owner)
    job_run(job_id=job.pk)
    first = Job.objects.get(pk=job.pk)

    job_run(job_id=job.pk)  # the broker hands the same message back

    again = Job.objects.get(pk=job.pk)
    assert again.attempts == 1 and again.file.name == first.file.name


def test_a_job_whose_worker_stopped_reporting_is_marked_failed(owner, settings):
    settings.CRAFTSREG_JOB_STALE_SECONDS = 60
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    dead = make_job(owner, status=Job.Status.RUNNING, heartbeat_at=long_ago)
    alive = make_job(owner, status=Job.Status.RUNNING, heartbeat_at=timezone.now())

    assert jobs_fail_interrupted() == 1

    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == Job.Status.FAILED and dead.finished_at
    assert dead.message == services._interrupted_message()
    assert alive.status == Job.Status.RUNNING


def test_an_interrupted_job_is_not_run_when_its_message_comes_back(owner, test_kinds, settings):
    settings.CRAFTSREG_JOB_STALE_SECONDS = 60
    job = make_job(
        owner,
        status=Job.Status.RUNNING,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    jobs_fail_interrupted()

    job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and not job.file


def test_a_job_refused_by_a_broker_that_is_down_is_failed_with_a_clear_message(
    owner, test_kinds, settings, monkeypatch
):
    # What kombu raises when the broker does not answer (the real path is tested with a
    # worker process in test_worker.py).
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(run_job, "apply_async", down)

    with translation.override("en"), pytest.raises(JobNotQueued) as refused:
        job_submit(kind="test.write", owner=owner)

    job = Job.objects.get()
    assert refused.value.job == job
    assert job.status == Job.Status.FAILED and job.finished_at
    assert job.message.startswith(
        "The job could not be started: the background job service is not answering."
    )


def test_purge_removes_expired_files_old_jobs_and_dead_temporary_files(owner, test_kinds):
    expired = job_submit(kind="test.write", owner=owner)
    kept = job_submit(kind="test.write", owner=owner)
    old = job_submit(kind="test.write", owner=owner)
    now = timezone.now()
    Job.objects.filter(pk=expired.pk).update(expires_at=now - datetime.timedelta(minutes=1))
    Job.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(days=400))
    expired_path = Job.objects.get(pk=expired.pk).file.path
    old_path = Job.objects.get(pk=old.pk).file.path
    kept_path = Job.objects.get(pk=kept.pk).file.path

    removed = jobs_purge()

    assert removed["files"] == 1 and removed["jobs"] == 1
    expired.refresh_from_db()
    assert not expired.file and not expired.has_file
    assert not Job.objects.filter(pk=old.pk).exists()
    assert not Path(expired_path).exists() and not Path(old_path).exists()
    assert Path(kept_path).exists()


def test_seconds_left_comes_from_the_pace_so_far(owner):
    job = make_job(
        owner,
        status=Job.Status.RUNNING,
        started_at=timezone.now() - datetime.timedelta(seconds=10),
        progress_done=250,
        progress_total=1000,
    )
    assert job.percent == 25
    assert 29 <= job.seconds_left <= 31


def test_beat_schedules_the_periodic_work_by_name(settings):
    from celery.schedules import crontab

    from craftsreg.celery import app

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert {entry["task"] for entry in schedule.values()} <= set(app.tasks)
    reminders = schedule["award-judging-reminders"]
    assert reminders["args"][0] == "award_reminders"
    assert isinstance(reminders["schedule"], crontab)
    assert schedule["purge-expired-job-files"]["task"] == "jobs.purge"


def test_the_command_task_runs_a_management_command(owner, test_kinds, monkeypatch):
    from jobs.tasks import command

    expired = job_submit(kind="test.write", owner=owner)
    Job.objects.filter(pk=expired.pk).update(expires_at=timezone.now())

    command("purge_jobs")

    expired.refresh_from_db()
    assert not expired.file


def test_an_export_of_personal_data_stays_on_record_as_long_as_the_access_log(
    owner, test_kinds, settings
):
    settings.CRAFTSREG_JOB_KEEP_DAYS = 90
    settings.CRAFTSREG_ACCESS_LOG_DAYS = 730
    registry.job_kind("test.personal", label="Test export", personal_data=True)(lambda j, p: None)
    now = timezone.now()

    def made(kind, days):
        job = Job.objects.create(kind=kind, owner=owner, status=Job.Status.SUCCEEDED)
        Job.objects.filter(pk=job.pk).update(created_at=now - datetime.timedelta(days=days))
        return job.pk

    try:
        other_old = made("test.write", 100)
        export_kept = made("test.personal", 100)
        export_gone = made("test.personal", 800)
        listed_now = made("test.personal", 1)

        jobs_purge(now=now)

        assert set(Job.objects.values_list("pk", flat=True)) == {export_kept, listed_now}
        # Kept as a record, not as the owner's list: "My jobs" shows the last 90 days only.
        assert list(Job.objects.of_user(owner).listed(now).values_list("pk", flat=True)) == [
            listed_now
        ]
        assert not Job.objects.filter(pk__in=[other_old, export_gone]).exists()
    finally:
        registry.kinds().pop("test.personal")


def test_the_artisans_export_is_a_personal_data_kind():
    assert "artisans.export" in registry.personal_data_kinds()
    assert "artisans.import_check" not in registry.personal_data_kinds()
