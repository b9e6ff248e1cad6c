"""The real path: jobs queued on Redis and run by a Celery worker process.

Needs PostgreSQL (the worker and the test share the database, SQLite's one-writer rule would
get in the way) and Redis at TEST_REDIS_URL. CI has both; with SQLite these tests are skipped
locally and never in CI (conftest.py fails a CI run that skips anything).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from craftsreg.celery import app as celery_app
from jobs.models import Job
from jobs.services import job_submit

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def _environment(tmp_path, **extra) -> dict:
    settings = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "craftsreg.settings",
        "DATABASE_URL": (
            f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        ),
        "CELERY_BROKER_URL": REDIS_URL,
        "CACHE_URL": "locmem://",
        "DEBUG": "0",
        "SECRET_KEY": "worker-tests-key-" + "w" * 40,
        "CRAFTSREG_JOB_FILES_ROOT": str(tmp_path / "job-files"),
        # A killed worker's job counts as interrupted after 2 s without news, and its message
        # comes back to the queue after 3 s (production: 10 min and 1 h).
        "CRAFTSREG_JOB_STALE_SECONDS": "2",
        "CELERY_VISIBILITY_TIMEOUT": "3",
        **extra,
    }


class Worker:
    def __init__(self, tmp_path, **environment):
        self.tmp_path = tmp_path
        self.environment = environment
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "craftsreg", "worker",
                "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
                "--loglevel=INFO", "-I", "jobs.tests.slow_kinds",
                "--hostname", f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
            ],
            cwd=BASE_DIR,
            env=_environment(self.tmp_path, **self.environment),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def _wait_for(condition, seconds=60, what="condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _job(pk) -> Job:
    return Job.objects.get(pk=pk)


@pytest.fixture
def broker(transactional_db, settings, tmp_path):
    """Jobs of this test go to the Redis queue, not run inside the test."""
    import redis

    if connection.vendor != "postgresql":
        pytest.skip("the worker tests need PostgreSQL; CI runs them on it")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    client.flushdb()  # messages of an earlier, interrupted run
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CRAFTSREG_JOB_FILES_ROOT = tmp_path / "job-files"
    names = ("task_always_eager", "broker_url", "broker_transport_options")
    previous = {name: celery_app.conf[name] for name in names}
    celery_app.conf.update(
        task_always_eager=False, broker_url=REDIS_URL, broker_transport_options={}
    )
    _forget_connections()
    yield client
    celery_app.conf.update(previous)
    _forget_connections()
    client.flushdb()


def _forget_connections():
    """Drop the app's cached connections and producers: a producer made by an earlier test on
    the in-memory broker would otherwise keep sending there, never to Redis."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def worker(broker, tmp_path):
    worker = Worker(tmp_path)
    yield worker
    worker.stop()
    if worker.process and worker.process.returncode not in (0, -signal.SIGKILL, None):
        print(worker.process.stderr.read().decode(errors="replace")[-5000:])


def test_jobs_queued_while_no_worker_runs_are_done_when_one_starts(
    worker, reference_data, superuser
):
    import csv
    import io

    import openpyxl

    from artisans.tests.factories import ArtisanFactory

    ArtisanFactory.create_batch(5)
    # Two exports asked for at once, before any worker runs.
    csv_job = job_submit(kind="artisans.export", owner=superuser, params={"format": "csv"})
    xlsx_job = job_submit(kind="artisans.export", owner=superuser, params={"format": "xlsx"})
    assert broker_queue_length() == 2
    assert _job(csv_job.pk).status == Job.Status.QUEUED

    worker.start()

    for job in (csv_job, xlsx_job):
        _wait_for(lambda job=job: _job(job.pk).is_finished, what=f"job {job.pk}")
    csv_job, xlsx_job = _job(csv_job.pk), _job(xlsx_job.pk)
    assert csv_job.status == xlsx_job.status == Job.Status.SUCCEEDED, (
        csv_job.message,
        xlsx_job.message,
    )
    rows = list(csv.reader(io.StringIO(csv_job.file.read().decode("utf-8-sig"))))
    assert len(rows) == 6 and csv_job.progress_done == csv_job.progress_total == 5
    sheet = openpyxl.load_workbook(xlsx_job.file.path, read_only=True).worksheets[0]
    assert len(list(sheet.iter_rows())) == 6
    assert broker_queue_length() == 0


def broker_queue_length() -> int:
    import redis

    return redis.Redis.from_url(REDIS_URL).llen("celery")


def test_a_worker_killed_mid_job_leaves_a_failed_job_and_nothing_half_written(
    worker, django_user_model
):
    from django.contrib.auth.models import Group

    owner = django_user_model.objects.create_user("owner", password="pw")
    from jobs.tests import slow_kinds  # noqa: F401  (registers test.slow in this process too)

    worker.start()
    job = job_submit(kind="test.slow", owner=owner)
    # Progress is reported from inside the job's transaction (a second connection).
    _wait_for(lambda: _job(job.pk).progress_done >= 3, what="progress")
    assert not Group.objects.filter(name__startswith=f"slow-{job.pk}-").exists()

    worker.kill()

    assert _job(job.pk).status == Job.Status.RUNNING
    time.sleep(2.5)  # the killed worker's heartbeat is now stale
    replacement = Worker(worker.tmp_path)
    replacement.start()
    try:
        failed = _wait_for(
            lambda: _job(job.pk).status == Job.Status.FAILED and _job(job.pk),
            what="the interrupted job to be marked failed",
        )
        assert failed.message.startswith("انقطعت المهمة")  # "The job was interrupted"
        # The message came back to the queue (acks late) and was not run again.
        time.sleep(4)
        assert _job(job.pk).status == Job.Status.FAILED and _job(job.pk).attempts == 1
    finally:
        replacement.stop()
    assert not Group.objects.filter(name__startswith=f"slow-{job.pk}-").exists()


def test_with_the_broker_down_a_job_is_refused_with_a_clear_message(
    broker, tmp_path, django_user_model
):
    owner = django_user_model.objects.create_user("owner", password="pw")
    script = (
        "import django; django.setup();"
        "from django.contrib.auth import get_user_model;"
        "from jobs.services import job_submit, JobNotQueued;"
        "user = get_user_model().objects.get(username='owner');"
        "\ntry:\n  job_submit(kind='artisans.export', owner=user, params={'format': 'csv'})"
        "\nexcept JobNotQueued as refused:\n  print('refused', refused.job.pk)"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=_environment(tmp_path, CELERY_BROKER_URL="redis://127.0.0.1:1/0"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.startswith("refused"), result.stderr[-3000:]
    assert time.monotonic() - started < 20
    job = Job.objects.get(owner=owner)
    assert job.status == Job.Status.FAILED
    assert job.message.startswith("تعذّر بدء المهمة")


def test_a_registry_change_is_refreshed_into_the_statistics_by_a_worker(
    broker, tmp_path, settings, reference_data
):
    from django.core.cache import cache

    from artisans import statistics
    from artisans.cache import registry_version, statistics_version
    from artisans.tests.factories import ArtisanFactory

    # The web side and the worker share the cache, as in production.
    settings.CACHES = {
        "default": {
            "BACKEND": "craftsreg.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "craftsreg",  # what CACHE_URL gives the worker
        }
    }
    settings.CRAFTSREG_STATISTICS_REFRESH_JOB = True
    statistics.cached_registry_span()  # the figures visitors see now
    ArtisanFactory.create_batch(3)  # committed: queues one refresh
    assert statistics_version() < registry_version()

    worker = Worker(
        tmp_path,
        CACHE_URL=REDIS_URL,
        CRAFTSREG_STATISTICS_REFRESH_JOB="1",
    )
    worker.start()
    try:
        _wait_for(lambda: statistics_version() == registry_version(), what="the statistics refresh")
    finally:
        worker.stop()
    version = registry_version()
    cube = cache.get(f"statistics:data:{version}:cube:registry:governorate_id")
    assert cube is not None and cube.total == 3


def test_an_import_is_checked_then_written_by_a_worker(worker, reference_data, superuser):
    from artisans.models import Artisan, ImportBatch
    from artisans.tests.importdata import OTHER_PERSON, csv_file, row
    from jobs.files import save_upload

    data = csv_file([row(), row(**OTHER_PERSON)])
    worker.start()

    check = job_submit(
        kind="artisans.import_check",
        owner=superuser,
        params={"upload": save_upload(data), "file_name": "two.csv", "governorate": None},
    )
    _wait_for(lambda: _job(check.pk).is_finished, what="the check")
    check = _job(check.pk)
    assert check.status == Job.Status.SUCCEEDED, check.message
    assert (check.progress_done, check.progress_total) == (2, 2)
    batch = ImportBatch.objects.get(pk=check.result["batch"])
    assert batch.status == ImportBatch.Status.PREVIEWED and not Artisan.objects.exists()

    write = job_submit(kind="artisans.import_write", owner=superuser, params={"batch": batch.pk})
    _wait_for(lambda: _job(write.pk).is_finished, what="the import")
    write = _job(write.pk)
    assert write.status == Job.Status.SUCCEEDED, write.message
    assert Artisan.objects.count() == 2
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.created_count == 2
