"""Benchmark: the artisans admin on the demo registry (20,642 artisans) on PostgreSQL.

    .venv/bin/python bench/artisans_admin.py [--runs 7] [--no-record]

Builds a fresh database (default craftsreg_bench_admin on 127.0.0.1; BENCH_DATABASE_URL to
change it), loads the demo with seed_demo, and requests the staff pages through Django's test
client as a superuser: median and worst time of --runs requests after a warm-up, and the SQL
query count of one request. Appends the table to docs/performance.md (unless --no-record).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Python puts this script's folder first on sys.path; the project's root is what it needs.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import datetime  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402


def _import_bench():
    """bench/import_artisans.py, for its fresh-database and recording helpers.

    Loaded by path, so bench/ need not be a package on sys.path.
    """
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "import_artisans_bench", ROOT / "bench" / "import_artisans.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


IMPORT_BENCH = _import_bench()

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/craftsreg_bench_admin"
SECTION = "## Artisans admin (`bench/artisans_admin.py`)"


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "craftsreg.settings"
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's "testserver" host through
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", i_know_this_is_not_production=True, stdout=open(os.devnull, "w"))  # noqa: SIM115


def _measure(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fetch():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            return sum(len(chunk) for chunk in response.streaming_content)
        return len(response.content)

    fetch()  # warm-up
    # DEBUG keeps a log of at most 9,000 queries; seed_demo filled it, and a full log makes
    # CaptureQueriesContext count nothing.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        size = fetch()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fetch()
        times.append((time.perf_counter() - started) * 1000)
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(times), p95, max(times), len(queries), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-record", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the results here (bench/run.py)")
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    IMPORT_BENCH._prepare_database(url)
    _setup(url)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from artisans.models import Artisan, Craft, Governorate

    user = get_user_model().objects.get(username="admin")
    client = Client()
    client.force_login(user)
    changelist = reverse("admin:artisans_artisan_changelist")
    artisan = Artisan.objects.order_by("pk").first()
    dhofar = Governorate.objects.get(code="OM-ZU")
    pottery = Craft.objects.get(code="pottery")
    pages = [
        ("list, first page", changelist),
        ("list sorted by name", f"{changelist}?o=2"),
        ("search, Arabic family name", f"{changelist}?q=الشحري"),
        ("search, civil number", f"{changelist}?q={artisan.civil_number}"),
        ("filter: governorate + year", f"{changelist}?governorate={dhofar.pk}&year=2017"),
        ("filter: craft (primary or other)", f"{changelist}?craft={pottery.pk}"),
        ("change form", reverse("admin:artisans_artisan_change", args=[artisan.pk])),
        ("history", reverse("admin:artisans_artisan_history", args=[artisan.pk])),
        ("export CSV, whole registry", reverse("admin:artisans_artisan_export", args=["csv"])),
        ("export XLSX, whole registry", reverse("admin:artisans_artisan_export", args=["xlsx"])),
    ]
    rows, results = [], []
    for name, page in pages:
        median, p95, worst, queries, size = _measure(client, page, args.runs)
        rows.append(f"| {name} | {median:,.0f} | {worst:,.0f} | {queries} | {size / 1024:,.0f} |")
        results.append({"page": name, "p50": median, "p95": p95, "max": worst, "queries": queries})
        print(rows[-1])

    server = connection.cursor().connection.server_version
    text = "\n".join(
        [
            f"### Artisans admin, {Artisan.objects.count():,} artisans — "
            f"{datetime.date.today().isoformat()}",
            "",
            f"PostgreSQL {server // 10000}.{server % 10000}, Python {platform.python_version()}, "
            f"{os.cpu_count()} cores shared with other work (load average "
            f"{os.getloadavg()[0]:.1f}); Django test client as a superuser, {args.runs} requests "
            "after a warm-up.",
            "",
            "| page | median ms | max ms | queries | KiB |",
            "| --- | ---: | ---: | ---: | ---: |",
            *rows,
            "",
        ]
    )
    print(text)
    if args.json:
        import json

        args.json.write_text(
            json.dumps({"artisans": Artisan.objects.count(), "runs": args.runs, "pages": results}),
            encoding="utf-8",
        )
    if not args.no_record:
        IMPORT_BENCH._record(ROOT / "docs" / "performance.md", text, section=SECTION)


if __name__ == "__main__":
    main()
