"""Background jobs at scale: export time and the worker's peak memory, and the first
statistics request after a registry change (refreshed by a worker).

    .venv/bin/python -m bench.jobs --quick        # 100 k artisans, a few minutes
    .venv/bin/python -m bench.jobs                # 1 M artisans (run late: CPU is shared)

Builds ``craftsreg_bench_jobs`` on the PostgreSQL at 127.0.0.1 (dropped afterwards unless
--keep), uses the Redis at 127.0.0.1:6379 (database --redis-db) as broker and shared cache,
starts one real Celery worker (solo pool), and measures through the product's own code path:
``jobs.services.job_submit`` → worker → file. The worker's peak memory is its VmHWM (peak
resident set) from /proc. Targets: worker ≤ 300 MB; first statistics request after a change
≤ 300 ms p50.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics as stats
import subprocess
import sys
import time
from pathlib import Path

from bench.registry import create_database, database_url, drop_database, load_artisans

ROOT = Path(__file__).resolve().parent.parent
NAME = "craftsreg_bench_jobs"


def _environment(redis_url: str, files: Path) -> dict:
    return {
        "DATABASE_URL": database_url(NAME),
        "DEBUG": "1",
        "ALLOWED_HOSTS": "testserver,127.0.0.1",  # django.test.Client's host
        "CELERY_BROKER_URL": redis_url,
        "CACHE_URL": redis_url,
        "CRAFTSREG_STATISTICS_REFRESH_JOB": "1",
        "CRAFTSREG_STATISTICS_VERSION_SECONDS": "0",
        "CRAFTSREG_JOB_FILES_ROOT": str(files),
        "DJANGO_SETTINGS_MODULE": "craftsreg.settings",
    }


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _wait(job_pk: int, timeout: float = 3600) -> float:
    from jobs.models import Job

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        job = Job.objects.get(pk=job_pk)
        if job.is_finished:
            assert job.status == Job.Status.SUCCEEDED, job.message
            return time.perf_counter() - started
        time.sleep(0.05)
    raise RuntimeError(f"job {job_pk} did not finish")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="100 k artisans")
    parser.add_argument("--redis-db", type=int, default=8)
    parser.add_argument("--runs", type=int, default=7, help="statistics changes measured")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    size = 100_000 if args.quick else args.size
    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
    files = Path(f"/tmp/{NAME}-files")
    env = {**os.environ, **_environment(redis_url, files)}
    os.environ.update(_environment(redis_url, files))

    create_database(NAME)
    worker = None
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env,
            check=True,
        )  # fmt: skip
        load_seconds = load_artisans(NAME, size)
        import django

        django.setup()
        import redis
        from django.contrib.auth import get_user_model
        from django.core.cache import cache
        from django.test import Client

        from artisans.cache import registry_version, statistics_version
        from artisans.models import Artisan
        from craftsreg.celery import app
        from jobs.services import job_submit

        redis.Redis.from_url(redis_url).flushdb()
        app.conf.update(broker_url=redis_url, task_always_eager=False)
        user = get_user_model().objects.create_superuser("bench", "bench@example.invalid", "pw")
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "craftsreg", "worker", "--pool=solo",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "WARNING"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        time.sleep(5)
        baseline_mb = _peak_mb(worker.pid)

        results = {"size": size, "load_seconds": round(load_seconds, 1)}
        for extension in ("csv", "xlsx"):
            job = job_submit(kind="artisans.export", owner=user, params={"format": extension})
            seconds = _wait(job.pk)
            job.refresh_from_db()
            results[f"export_{extension}"] = {
                "seconds": round(seconds, 1),
                "rows_per_second": round(size / seconds),
                "file_mb": round(Path(job.file.path).stat().st_size / 1e6, 1),
                "worker_peak_mb": round(_peak_mb(worker.pid), 1),
            }
            print(extension, results[f"export_{extension}"], flush=True)
        results["worker_idle_mb"] = round(baseline_mb, 1)

        # First statistics request after a change, while the worker refreshes the figures.
        client = Client()
        client.get("/en/statistics/")  # the figures of now, cached
        while statistics_version() != registry_version():
            time.sleep(0.1)
        artisan = Artisan.objects.order_by("pk").first()
        first, refresh = [], []
        for run in range(args.runs):
            artisan.name_en = f"Bench change {run}"
            artisan.save()  # queues a refresh on commit (autocommit here)
            started = time.perf_counter()
            response = client.get("/en/statistics/")
            first.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            while statistics_version() != registry_version():
                time.sleep(0.05)
            refresh.append((time.perf_counter() - started) * 1000)
            client.get("/en/statistics/")  # rebuilt from the refreshed figures
        results["statistics_first_request_ms"] = {
            "p50": round(stats.median(first), 1),
            "max": round(max(first), 1),
        }
        results["statistics_refresh_ms"] = {"p50": round(stats.median(refresh), 1)}
        results["worker_peak_mb"] = round(_peak_mb(worker.pid), 1)
        cache.clear()
        print(json.dumps(results, indent=2))
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
    finally:
        if worker:
            worker.terminate()
            worker.wait(timeout=60)
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database(NAME)


if __name__ == "__main__":
    main()
