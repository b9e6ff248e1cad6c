"""Background jobs at scale: export time and the worker's peak memory, the first statistics
request after a registry change (refreshed by a worker), and an import through the job path.

    .venv/bin/python -m bench.jobs --quick        # 100 k artisans, a few minutes
    .venv/bin/python -m bench.jobs                # 1 M artisans (run late: CPU is shared)
    .venv/bin/python -m bench.jobs --reuse        # the registry kept by an earlier --keep run

Builds ``craftsreg_bench_jobs`` (or ``--database NAME``) on the PostgreSQL at 127.0.0.1 (dropped
afterwards unless --keep), uses the Redis at 127.0.0.1:6379 (database --redis-db) as broker and
shared cache, starts one real Celery worker (solo pool), and measures through the product's own code
path: ``jobs.services.job_submit`` → worker → file. The worker's peak memory is its VmHWM (peak
resident set) from /proc. Targets: worker ≤ 300 MB during the exports; first statistics request
after a change ≤ 300 ms p50; import through the jobs (check, then write) ≥ 5,000 rows/s.

The import is the admin's: an uploaded CSV of --import-rows new artisans (bench/import_artisans.py's
rows, with civil numbers and names not yet in the registry, so a --reuse run imports new people
again; ``--import-names registry`` gives them the registry's own names instead) is checked by one
job and written by a second, exactly as "Import" then "Confirm" do; it runs last, on the registry of
--size artisans.
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

from bench.registry import (
    create_database,
    database_url,
    drop_database,
    load_artisans,
    loaded_size,
)

ROOT = Path(__file__).resolve().parent.parent
NAME = "craftsreg_bench_jobs"


def _environment(redis_url: str, files: Path, name: str = NAME) -> dict:
    return {
        "DATABASE_URL": database_url(name),
        "DEBUG": "1",
        "ALLOWED_HOSTS": "testserver,127.0.0.1",  # django.test.Client's host
        "CELERY_BROKER_URL": redis_url,
        "CACHE_URL": redis_url,
        "CRAFTSREG_STATISTICS_REFRESH_JOB": "1",
        "CRAFTSREG_STATISTICS_VERSION_SECONDS": "0",
        "CRAFTSREG_JOB_FILES_ROOT": str(files),
        # A 100,000-row CSV is about 14 MB: past the upload limit of a real registry's admin.
        "CRAFTSREG_IMPORT_MAX_BYTES": str(64 * 1024 * 1024),
        "DJANGO_SETTINGS_MODULE": "craftsreg.settings",
    }


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _cpu_seconds(pid: int) -> float:
    """CPU time the process has used so far (user + system): what a job costs whatever the
    load of the machine, unlike its wall time on a shared one."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait(job_pk: int, timeout: float = 3600) -> float:
    """Seconds from now until the job ends (it must succeed)."""
    from jobs.models import Job

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        job = Job.objects.get(pk=job_pk)
        if job.is_finished:
            assert job.status == Job.Status.SUCCEEDED, job.message
            return time.perf_counter() - started
        time.sleep(0.05)
    raise RuntimeError(f"job {job_pk} did not finish")


def _import_file(rows: int, names: str = "new") -> bytes:
    """A CSV of ``rows`` valid new artisans: civil numbers after the highest eight-digit one in
    the registry (generated artisans have nine digits).

    ``names="new"``: names made from the civil numbers, so nobody in the file has a namesake in
    the registry. ``names="registry"``: names drawn from the generated registry's own small pool
    (bench/registry.py), so every row has dozens of namesakes at 1 M artisans — the worst case
    for the possible-duplicates check, and a few rows are flagged as possible duplicates.
    """
    import random

    from django.db import connection

    from bench.import_artisans import _file, _rows
    from bench.registry import artisan_name

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT max(civil_number) FROM artisans_artisan WHERE length(civil_number) = 8"
        )
        highest = cursor.fetchone()[0]
    first = int(highest) + 1 if highest else 10_000_000
    generated = _rows(rows)
    rng = random.Random(first)
    for offset, row in enumerate(generated):
        number = first + offset
        row["civil_number"] = str(number)
        if names == "registry":
            row["name_ar"], row["name_en"] = artisan_name(rng, row["gender"])
        else:
            row["name_ar"] = f"حرفي تجريبي رقم {number}"
            row["name_en"] = f"Bench artisan {number}"
    return _file(generated, "csv")


def _import_through_jobs(user, rows: int, names: str = "new", worker_cpu=None) -> dict:
    """Upload → check job → write job, as the admin's import and confirm buttons do (with the
    box "these are different people" ticked when the check flagged possible duplicates).

    ``worker_cpu`` (the worker's CPU seconds so far) splits the worker's CPU between the jobs."""
    worker_cpu = worker_cpu or (lambda: float("nan"))
    from artisans.models import ImportBatch
    from jobs.files import save_upload
    from jobs.models import Job
    from jobs.services import job_submit

    data = _import_file(rows, names)
    started, cpu_started = time.perf_counter(), worker_cpu()
    check = job_submit(
        kind="artisans.import_check",
        owner=user,
        params={"upload": save_upload(data, suffix=".csv"), "file_name": "bench.csv"},
    )
    check_s = _wait(check.pk)
    cpu_checked = worker_cpu()
    batch = ImportBatch.objects.get(pk=Job.objects.get(pk=check.pk).result["batch"])
    assert batch.created_count == rows, (batch.created_count, batch.rejected_count)
    flagged = batch.report.get("possible_duplicates", 0)
    write = job_submit(
        kind="artisans.import_write",
        owner=user,
        params={"batch": batch.pk, "duplicates_confirmed": bool(flagged)},
    )
    write_s = _wait(write.pk)
    total_s = time.perf_counter() - started
    cpu_written = worker_cpu()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    return {
        "rows": rows,
        "names": names,
        "possible_duplicates": flagged,
        "file_mb": round(len(data) / 1e6, 1),
        "check_seconds": round(check_s, 1),
        "write_seconds": round(write_s, 1),
        "check_worker_cpu_seconds": round(cpu_checked - cpu_started, 1),
        "write_worker_cpu_seconds": round(cpu_written - cpu_checked, 1),
        "total_seconds": round(total_s, 1),
        "write_rows_per_second": round(rows / write_s),
        "total_rows_per_second": round(rows / total_s),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="100 k artisans")
    parser.add_argument("--redis-db", type=int, default=8)
    parser.add_argument("--runs", type=int, default=7, help="statistics changes measured")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the registry an earlier --keep run left"
    )
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument(
        "--import-names",
        choices=["new", "registry"],
        default="new",
        help="names of the imported artisans: new ones (default), or the registry's own pool "
        "(every row has namesakes: the possible-duplicates check's worst case)",
    )
    parser.add_argument(
        "--database",
        default=NAME,
        help=f"the benchmark's own PostgreSQL database (default {NAME}); created afresh "
        "unless --reuse, dropped afterwards unless --keep",
    )
    parser.add_argument(
        "--steps",
        nargs="+",
        choices=["exports", "statistics", "import"],
        default=["exports", "statistics", "import"],
        help="what to measure (all by default)",
    )
    args = parser.parse_args()
    size = 100_000 if args.quick else args.size
    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
    name = args.database
    files = Path(f"/tmp/{name}-files")
    env = {**os.environ, **_environment(redis_url, files, name)}
    os.environ.update(_environment(redis_url, files, name))

    kept = loaded_size(name) if args.reuse else None
    if args.reuse and not kept:
        parser.error(f"--reuse: no {name} database with artisans to reuse")
    if not args.reuse:
        create_database(name)
    worker = None
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env,
            check=True,
        )  # fmt: skip
        load_seconds = None if args.reuse else load_artisans(name, size)
        size = kept or size
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
        user = get_user_model().objects.filter(username="bench").first() or (
            get_user_model().objects.create_superuser("bench", "bench@example.invalid", "pw")
        )
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "craftsreg", "worker", "--pool=solo",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "WARNING"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        time.sleep(5)
        baseline_mb = _peak_mb(worker.pid)

        results = {
            "size": size,
            "load_seconds": round(load_seconds, 1) if load_seconds else "reused",
            "load_average_start": os.getloadavg(),
        }
        for extension in ("csv", "xlsx") if "exports" in args.steps else ():
            cpu_before = _cpu_seconds(worker.pid)
            job = job_submit(kind="artisans.export", owner=user, params={"format": extension})
            seconds = _wait(job.pk)
            cpu = _cpu_seconds(worker.pid) - cpu_before
            job.refresh_from_db()
            results[f"export_{extension}"] = {
                "seconds": round(seconds, 1),
                "rows_per_second": round(size / seconds),
                "file_mb": round(Path(job.file.path).stat().st_size / 1e6, 1),
                "worker_peak_mb": round(_peak_mb(worker.pid), 1),
                "worker_cpu_seconds": round(cpu, 1),
            }
            print(extension, results[f"export_{extension}"], flush=True)
        results["worker_idle_mb"] = round(baseline_mb, 1)

        if "statistics" in args.steps:
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
        results["worker_peak_mb_before_import"] = round(_peak_mb(worker.pid), 1)
        if args.import_rows and "import" in args.steps:
            cpu_before = _cpu_seconds(worker.pid)
            results["import"] = _import_through_jobs(
                user, args.import_rows, args.import_names, lambda: _cpu_seconds(worker.pid)
            )
            results["import"]["worker_cpu_seconds"] = round(
                _cpu_seconds(worker.pid) - cpu_before, 1
            )
            results["import"]["worker_peak_mb"] = round(_peak_mb(worker.pid), 1)
            print("import", results["import"], flush=True)
        results["load_average_end"] = os.getloadavg()
        cache.clear()
        print(json.dumps(results, indent=2))
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
    finally:
        if worker:
            worker.terminate()
            worker.wait(timeout=60)
        if not (args.keep or args.reuse):
            from django.db import connections

            connections.close_all()
            drop_database(name)


if __name__ == "__main__":
    main()
