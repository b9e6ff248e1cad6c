"""Benchmark at 1 M artisans: governorate page, admin changelist against stock ModelAdmin, a
bounded load test and the memory of a gunicorn worker.

    .venv/bin/python -m bench.scale [--size 1000000] [--keep] [--reuse] [--json FILE]

(Run it as a module from the project's root; ``make bench`` runs it through bench/run.py.)

1. Builds ``craftsreg_bench_<size>`` on PostgreSQL: migrate, ``seed_demo`` (the 2017 registry,
   the award with its published winners, the designs catalogue, the demo users), then COPY
   artisans up to ``--size`` with bench/registry.py. ``--reuse`` measures a kept database.
2. In one Django process (test client, no network; query counts with CaptureQueriesContext):
   - the governorate statistics page (Dhofar): after a registry change (the governorate's
     aggregation is paid), uncached (figures cached, page built) and cached;
   - the artisans admin changelist as a superuser — first page, governorate filter, search —
     on the tuned admin and on a stock ``ModelAdmin`` of the same table
     (bench/statistics_urls.py).
3. Starts redis and gunicorn (the project's gunicorn.conf.py, 2 sync workers, the shared redis
   cache) and runs wrk against 127.0.0.1 only: ``--connections`` connections for
   ``--seconds`` seconds over the public pages in both languages. It stops by itself.
4. Reads the resident memory (RSS) of each gunicorn worker after the load test (worker
   recycling is turned off for it, so each worker has served half of the requests).

Targets (issue 8): admin changelist p50 <= 300 ms at 1 M and <= 1/5 of stock; load test with 0
errors; a gunicorn worker <= 200 MB after the run.

Also measured in step 2: the public statistics' birth-year (age) aggregate — the registry's cube
with birth years (``Cube.of(..., ages=True)``, what the crafts' viability page pays after a
registry change) and ``craft_viability`` on it — and the viability page after a change.

``--database NAME`` gives the run its own database (default ``craftsreg_bench_<size>``), so that
two engineers' runs on one machine do not drop each other's registry; ``--skip-load-test``
measures step 2 only (no redis, gunicorn or wrk needed).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import statistics_pages as http
from bench.registry import (
    create_database,
    drop_database,
    label,
    load_artisans,
    loaded_size,
    summary,
)

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GOVERNORATE = "OM-ZU"
PUBLIC_PAGES = [
    "/{lang}/",
    "/{lang}/statistics/",
    f"/{{lang}}/statistics/governorates/{GOVERNORATE}/",
    "/{lang}/designs/",
    "/{lang}/awards/4/winners/",
]
WRK_SCRIPT = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, "read": %%d, '
    .. '"write": %%d, "status": %%d, "timeout": %%d, "p50": %%.3f, "p90": %%.3f, '
    .. '"p95": %%.3f, "p99": %%.3f, "max": %%.3f, "mean": %%.3f}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    latency.mean / 1000))
end
"""


def env(name: str, **extra) -> dict:
    return {**http.server_env(name), **extra}


def build(name: str, size: int, media: str) -> dict:
    """A registry of ``size`` artisans: the demo, then generated artisans up to ``size``."""
    create_database(name)
    http.migrate(name)
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, "manage.py", "seed_demo"],
        cwd=ROOT,
        env=env(name, DEBUG="1", MEDIA_ROOT=media),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    demo_seconds = time.perf_counter() - started
    demo = loaded_size(name)
    load_seconds = load_artisans(name, size - demo)
    return {"demo_artisans": demo, "demo_s": demo_seconds, "copy_s": load_seconds}


# --- measured inside Django (a child process) -----------------------------------------------


def in_django(runs: int) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from artisans.cache import registry_changed
    from artisans.models import Artisan, Governorate

    setup_test_environment()  # the test client's "testserver" host

    def timed(client, url, before=None):
        times = []
        for index in range(runs + 1):
            if before:
                before()
            started = time.perf_counter()
            response = client.get(url(index) if callable(url) else url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        if before:
            before()
        with CaptureQueriesContext(connection) as queries:
            client.get(url(runs + 1) if callable(url) else url)
        # The first request warms templates and connections; it is not counted.
        return {**summary(times[1:]), "queries": len(queries)}

    results = {"artisans": Artisan.objects.count()}
    public = Client()
    page = reverse("artisans:governorate_statistics", kwargs={"code": GOVERNORATE})
    results["governorate"] = {
        "after a registry change": timed(public, page, before=registry_changed),
        "uncached (figures cached)": timed(public, lambda i: f"{page}?_bench={i}"),
        "cached": timed(public, page),
    }

    user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    staff = Client()
    staff.force_login(user)
    dhofar = Governorate.objects.get(code=GOVERNORATE)
    tuned = reverse("admin:artisans_artisan_changelist")
    stock = reverse("stock_admin:artisans_artisan_changelist")
    # Names of bench/registry.py's generated artisans (and of the demo's Dhofar artisans).
    family = "الشحري"
    civil, number = Artisan.objects.order_by("-pk").values_list(
        "civil_number", "registration_number"
    )[0]
    cases = [
        ("first page", "", ""),
        ("governorate filter", f"?governorate={dhofar.pk}", f"?governorate__id__exact={dhofar.pk}"),
        ("search, Arabic family name", f"?q={family}", f"?q={family}"),
        ("search, English name", "?q=Rawahi", "?q=Rawahi"),
        ("search, partial name", "?q=رواح", "?q=رواح"),
        # "Maamary" for Al Maamari: no spelling rule covers it, only similarity.
        ("search, misspelt name", "?q=Maamary", "?q=Maamary"),
        ("search, registration number", f"?q={number}", f"?q={number}"),
        ("search, civil number", f"?q={civil}", f"?q={civil}"),
    ]
    results["admin"] = [
        {"case": case, "tuned": timed(staff, tuned + t), "stock": timed(staff, stock + s)}
        for case, t, s in cases
    ]
    results["ages"] = ages_aggregate(runs)
    viability_page = reverse("artisans:craft_index")
    results["viability_page"] = {
        "after a registry change": timed(public, viability_page, before=registry_changed),
        "cached": timed(public, viability_page),
    }
    return results


def ages_aggregate(runs: int) -> dict:
    """The birth-year aggregate alone (no cache): the cube with and without ages, and the
    viability figures computed from the cube with ages."""
    from django.utils import timezone

    from artisans.models import Artisan, Craft
    from artisans.statistics import Cube, Period, latest_year, registry_span
    from artisans.viability import craft_viability

    crafts = list(Craft.objects.all())
    today = timezone.localdate()
    period = Period.of(latest_year(registry_span(), today), today)
    plain, with_ages, figures = [], [], []
    rows = 0
    for _ in range(max(3, runs // 3)):
        started = time.perf_counter()
        Cube.of(Artisan.objects.registered())
        plain.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        cube = Cube.of(Artisan.objects.registered(), ages=True)
        with_ages.append((time.perf_counter() - started) * 1000)
        rows = len(cube.rows)
        started = time.perf_counter()
        craft_viability(cube.sliced(last_year=period.year), crafts, period)
        figures.append((time.perf_counter() - started) * 1000)
    return {
        "cube": summary(plain),
        "cube_with_ages": summary(with_ages),
        "rows": rows,
        "viability_figures": summary(figures),
    }


# --- over HTTP ------------------------------------------------------------------------------


def workers_memory(master: int) -> list[dict]:
    """RSS and peak RSS (MB) of the gunicorn master's worker processes."""
    workers = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        if int(fields.get("PPid", "0")) == master:
            workers.append(
                {
                    "pid": int(entry.name),
                    "rss_mb": int(fields["VmRSS"].split()[0]) / 1024,
                    "peak_mb": int(fields["VmHWM"].split()[0]) / 1024,
                }
            )
    return sorted(workers, key=lambda w: w["pid"])


def load_test(name: str, args) -> dict:
    paths = [p.format(lang=lang) for p in PUBLIC_PAGES for lang in ("ar", "en")]
    redis = http.start_redis()
    # Worker recycling off (gunicorn.conf.py recycles after ~2,000 requests): the memory read
    # afterwards is that of workers that served the whole load test.
    server = http.start_server(name, args.workers, "redis", "--max-requests", "0")
    try:
        for path in paths:  # every page once: caches filled, templates loaded in both workers
            for _ in range(2 * args.workers):
                status, _ = http.get(path)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
        output = subprocess.run(
            ["wrk", "--threads", "2", "--connections", str(args.connections), "--duration",
             f"{args.seconds}s", "--timeout", "30s", "--script", script.name,
             f"http://127.0.0.1:{http.PORT}"],
            capture_output=True, text=True, check=True, timeout=args.seconds + 120,
        ).stdout  # fmt: skip
        os.unlink(script.name)
        print(output, flush=True)
        result = json.loads(re.search(r"^WRKJSON (.*)$", output, re.M).group(1))
        result["paths"] = paths
        result["workers"] = workers_memory(server.pid)
    finally:
        http.stop_server(server)
        http.stop_server(redis)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15, help="requests per measured page")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure a kept database again")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument(
        "--database", help="the benchmark database's name (default craftsreg_bench_<size>)"
    )
    parser.add_argument(
        "--skip-load-test", action="store_true", help="measure in Django only (no wrk, gunicorn)"
    )
    parser.add_argument("--in-django", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.in_django:
        print("INDJANGO " + json.dumps(in_django(args.runs)))
        return

    name = args.database or f"craftsreg_bench_{label(args.size)}"
    if not name.startswith("craftsreg_bench_"):
        parser.error("--database must start with craftsreg_bench_ (the suite drops those)")
    media = tempfile.mkdtemp(prefix="craftsreg-bench-media-")
    os.environ["MEDIA_ROOT"] = media  # the demo's design pictures, for every child process
    results: dict = {"size": args.size, "database": name}
    try:
        if args.reuse and loaded_size(name) == args.size:
            print(f"reusing {name}", flush=True)
            results["build"] = None
        else:
            results["build"] = build(name, args.size, media)
            print(f"built {name}: {results['build']}", flush=True)
        # A registry change is seen at once (no 1 s delay), as the tests set it.
        django_env = env(name, CACHE_URL="locmem://", CRAFTSREG_STATISTICS_VERSION_SECONDS="0")
        output = subprocess.run(
            [PYTHON, "-m", "bench.scale", "--in-django", "--runs", str(args.runs)],
            cwd=ROOT, env=django_env, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        results.update(json.loads(re.search(r"^INDJANGO (.*)$", output, re.M).group(1)))
        print(json.dumps(results, indent=1), flush=True)
        if not args.skip_load_test:
            results["load_test"] = load_test(name, args)
            results["load_test"].update(connections=args.connections, seconds=args.seconds)
            results["workers"] = args.workers
    finally:
        if not args.keep:
            drop_database(name)
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results), encoding="utf-8")


if __name__ == "__main__":
    main()
