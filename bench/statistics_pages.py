"""Benchmark of the statistics overview on PostgreSQL at 20 k, 200 k and 1 M artisans.

    .venv/bin/python -m bench.statistics_pages                    # all three sizes
    .venv/bin/python -m bench.statistics_pages --sizes 20000      # one size
    .venv/bin/python -m bench.statistics_pages --keep             # keep the databases afterwards

(Run it as a module, from the project's root, so that ``bench.statistics_settings`` imports.)

For each size it creates ``craftsreg_bench_<size>``, migrates it, loads artisans with COPY
(plus their other crafts), runs VACUUM ANALYZE, starts gunicorn with the project's production
settings (bench.statistics_settings: the project's, plus /bench/bare/) and measures, over HTTP:

- the overview uncached: every request carries a unique throw-away parameter, so it misses the
  page cache and builds the page (filters, tables, charts, map, template) from the figures
  cached for the current registry version (sequential requests: latency percentiles);
- the aggregation a registry change costs once, before the figures are cached again: the
  registry-wide cube and the first-year/last-update span, timed in a separate process with the
  ORM (``--aggregation-only``);
- the overview cached: the same URL again and again (latency, then throughput with concurrent
  clients);
- the bare view on the same server, the same way.

Targets (issue 4): uncached p50 <= 300 ms at 1 M; cached throughput >= 80 % of the bare view's.
Results are printed and appended to docs/performance.md. Databases are dropped at the end
unless --keep is given.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import http.client
import json
import os
import platform
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.registry import (
    admin_connection,
    create_database,
    database_url,
    drop_database,
    label,
    load_artisans,
    loaded_size,
    percentile,
)

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# A port of its own (BRIEF: 81N0; issue 8 runs the suite); BENCH_PORT overrides it, and the
# private redis-server for the benchmark's shared cache listens on the next port.
PORT = int(os.environ.get("BENCH_PORT", "8180"))
REDIS_PORT = PORT + 1
OVERVIEW = "/en/statistics/"
BARE = "/en/bench/bare/"


def server_env(name: str, cache: str = "locmem") -> dict:
    return {
        **os.environ,
        "CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/0" if cache == "redis" else "locmem://",
        "DATABASE_URL": database_url(name),
        "DJANGO_SETTINGS_MODULE": "bench.statistics_settings",
        "SECRET_KEY": "benchmark-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "CRAFTSREG_REQUIRE_MFA": "0",
        "PYTHONPATH": str(ROOT),
    }


def migrate(name: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=server_env(name),
        check=True,
    )


def start_redis() -> subprocess.Popen:
    """A throw-away redis-server (no persistence) like the production shared cache."""
    process = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ping = subprocess.run(
            ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True
        )
        if ping.stdout.strip() == "PONG":
            return process
        time.sleep(0.1)
    stop_server(process)
    raise RuntimeError("redis-server did not start")


def start_server(name: str, workers: int, cache: str, *options: str) -> subprocess.Popen:
    # The project's gunicorn.conf.py applies (worker recycling, access log); the access log
    # is discarded here so it does not flood the benchmark's output.
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "craftsreg.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            *options,
        ],
        cwd=ROOT,
        env=server_env(name, cache),
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if get(BARE)[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise RuntimeError("gunicorn did not start")


def stop_server(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def get(path: str) -> tuple[int, float]:
    """(status, seconds) of one GET on a fresh connection, body read."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, time.perf_counter() - started


def latencies(paths) -> dict:
    times = []
    for path in paths:
        status, seconds = get(path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        times.append(seconds * 1000)
    return {
        "n": len(times),
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "max": max(times),
    }


def throughput(path: str, seconds: float, clients: int) -> float:
    """Requests per second with ``clients`` concurrent clients for ``seconds``."""
    deadline = time.perf_counter() + seconds

    def client() -> int:
        done = 0
        while time.perf_counter() < deadline:
            status, _ = get(path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            done += 1
        return done

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        total = sum(pool.map(lambda _: client(), range(clients)))
    return total / (time.perf_counter() - started)


def measure_aggregation(name: str, runs: int) -> dict:
    """Time the uncached aggregation (what the first request after a change pays), in ms."""
    code = (
        "import django, json, time; django.setup()\n"
        "from artisans.models import Artisan\n"
        "from artisans.statistics import Cube, registry_span\n"
        "times = []\n"
        f"for _ in range({runs}):\n"
        "    started = time.perf_counter()\n"
        "    Cube.of(Artisan.objects.all()); registry_span()\n"
        "    times.append((time.perf_counter() - started) * 1000)\n"
        "print(json.dumps(sorted(times)))\n"
    )
    output = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=server_env(name), check=True, capture_output=True
    ).stdout
    times = json.loads(output)
    return {"n": len(times), "p50": percentile(times, 0.5), "max": max(times)}


def run_size(size: int, args) -> dict:
    name = f"craftsreg_bench_{label(size)}"
    print(f"\n== {size:,} artisans ({name})", flush=True)
    reuse = args.reuse and loaded_size(name) == size
    if not reuse:
        create_database(name)
    try:
        if reuse:
            load_seconds = None
            print("reusing the loaded database", flush=True)
        else:
            migrate(name)
            load_seconds = load_artisans(name, size)
            print(f"loaded in {load_seconds:.1f} s", flush=True)
        aggregation = measure_aggregation(name, args.aggregations)
        print(f"aggregation {aggregation}", flush=True)
        redis = start_redis() if args.cache == "redis" else None
        server = start_server(name, args.workers, args.cache)
        try:
            for _ in range(3):  # warm up: imports, template loading, connections
                get(OVERVIEW + "?warm=1")
                get(OVERVIEW)
                get(BARE)
            uncached = latencies(f"{OVERVIEW}?_bench={i}" for i in range(args.uncached))
            print(f"uncached {uncached}", flush=True)
            cached = latencies([OVERVIEW] * args.requests)
            bare = latencies([BARE] * args.requests)
            print(f"cached {cached}\nbare {bare}", flush=True)
            # Alternated, so both see the same background load on a shared machine.
            cached_runs, bare_runs = [], []
            for _ in range(args.rounds):
                cached_runs.append(throughput(OVERVIEW, args.seconds, args.clients))
                bare_runs.append(throughput(BARE, args.seconds, args.clients))
            print(
                "rounds cached "
                + ", ".join(f"{rps:.0f}" for rps in cached_runs)
                + " / bare "
                + ", ".join(f"{rps:.0f}" for rps in bare_runs),
                flush=True,
            )
            cached_rps = sum(cached_runs) / len(cached_runs)
            bare_rps = sum(bare_runs) / len(bare_runs)
            print(f"throughput cached {cached_rps:.0f}/s, bare {bare_rps:.0f}/s", flush=True)
        finally:
            stop_server(server)
            if redis:
                stop_server(redis)
    finally:
        if not args.keep:
            drop_database(name)
    return {
        "size": size,
        "load": load_seconds,
        "aggregation": aggregation,
        "uncached": uncached,
        "cached": cached,
        "bare": bare,
        "cached_rps": cached_rps,
        "bare_rps": bare_rps,
    }


def markdown(results: list[dict], args) -> str:
    def versions() -> str:
        connection = admin_connection()
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgres = cursor.fetchone()[0]
        connection.close()
        import django

        return (
            f"Python {platform.python_version()}, Django {django.get_version()}, "
            f"PostgreSQL {postgres}"
        )

    lines = [
        "",
        f"### Statistics overview — {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"`python -m bench.statistics_pages` on {platform.node()} ({os.cpu_count()} CPU cores, "
        f"shared), {versions()}; gunicorn (the project's gunicorn.conf.py) with {args.workers} "
        f"sync workers and a {args.cache} cache, on the same machine as the database and the "
        f"load client. Uncached: {args.uncached} sequential requests to "
        f"`{OVERVIEW}?_bench=N` (a new URL each time: the page is built from the figures "
        f"cached for the registry version); aggregation: what the first request after a "
        f"registry change adds (cube + span, ORM in a separate process, p50 of "
        f"{args.aggregations}); "
        f"cached and bare: {args.requests} sequential requests, then {args.clients} concurrent "
        f"clients, {args.rounds} alternated rounds of {args.seconds:g} s each (mean). Latency in "
        "ms; a new connection per request.",
        "",
        "| artisans | load (COPY) | aggregation after a change | uncached p50 / p95 "
        "| cached p50 / p95 | bare p50 / p95 | cached req/s | bare req/s | cached / bare |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        load = "reused" if r["load"] is None else f"{r['load']:.0f} s"
        lines.append(
            f"| {r['size']:,} | {load} "
            f"| {r['aggregation']['p50']:.0f} "
            f"| {r['uncached']['p50']:.0f} / {r['uncached']['p95']:.0f} "
            f"| {r['cached']['p50']:.1f} / {r['cached']['p95']:.1f} "
            f"| {r['bare']['p50']:.1f} / {r['bare']['p95']:.1f} "
            f"| {r['cached_rps']:.0f} | {r['bare_rps']:.0f} "
            f"| {100 * r['cached_rps'] / r['bare_rps']:.0f} % |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000, 1_000_000])
    parser.add_argument("--uncached", type=int, default=30, help="uncached requests")
    parser.add_argument("--requests", type=int, default=300, help="cached/bare requests")
    parser.add_argument("--aggregations", type=int, default=5, help="uncached aggregations")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5, help="per throughput round")
    parser.add_argument("--rounds", type=int, default=3, help="alternated throughput rounds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--cache",
        choices=["redis", "locmem"],
        default="redis",
        help="redis: a shared cache as in production (docs/deployment.md); locmem: per worker",
    )
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a kept database again instead of reloading"
    )
    parser.add_argument("--no-write", action="store_true", help="do not touch performance.md")
    parser.add_argument("--json", type=Path, help="also write the results here (bench/run.py)")
    args = parser.parse_args()

    results = [run_size(size, args) for size in args.sizes]
    table = markdown(results, args)
    print(table)
    if args.json:
        args.json.write_text(json.dumps({"results": results, "table": table}), encoding="utf-8")
    if not args.no_write:
        write_results(table)


SECTION = "## Public statistics (issue 4)"


def write_results(table: str) -> None:
    """Add the table at the end of this benchmark's section of docs/performance.md."""
    target = ROOT / "docs" / "performance.md"
    text = target.read_text(encoding="utf-8") if target.exists() else "# Performance\n"
    if SECTION not in text:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n"
    start = text.index(SECTION)
    following = text.find("\n## ", start + len(SECTION))
    end = len(text) if following == -1 else following + 1
    section = text[:end].rstrip("\n") + "\n" + table
    target.write_text(section + ("\n" + text[end:] if following != -1 else ""), encoding="utf-8")


if __name__ == "__main__":
    main()
