"""Benchmark: import 100,000 generated artisans (target ≥ 5,000 rows/s on PostgreSQL).

    .venv/bin/python bench/import_artisans.py [--rows 100000] [--format csv|xlsx] [--no-record]

Uses its own PostgreSQL database (dropped and created afresh, default craftsreg_bench_import on
127.0.0.1; set BENCH_DATABASE_URL to change it). Measures, for one file:

1. preview  — read and check every row, nothing written (what the admin preview does), keeping
              the checked rows as the preview job does (importing.check_import);
2. confirm  — the write of those kept rows inside the transaction (the registry has not changed:
              only the possible duplicates are looked up again), then artisans, other crafts,
              history entries and registration numbers (all-or-nothing); the import as a user
              makes it is preview + confirm;
3. re-import — the same file again without a preview (as ``manage.py import_artisans``): every
              row checked and found unchanged, nothing written.

Besides wall and Python CPU time, each step's "DB CPU" is the CPU time of the PostgreSQL backend
serving this process (from /proc: the server must be on this machine), deferred foreign-key
checks at commit included.

Prints a table and appends it to docs/performance.md (unless --no-record).
"""

import argparse
import datetime
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from itertools import chain
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/craftsreg_bench_import"


def _prepare_database(url: str) -> None:
    import psycopg2

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def _setup(url: str, max_bytes: int) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")  # a local secret key; no production checks needed
    os.environ["CRAFTSREG_IMPORT_MAX_BYTES"] = str(max_bytes)
    os.environ["DJANGO_SETTINGS_MODULE"] = "craftsreg.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _rows(count: int):
    """Deterministic, valid rows spread over every governorate, wilayat and craft."""
    from artisans.models import Craft, Wilayat

    rng = random.Random(2017)
    wilayats = list(Wilayat.objects.select_related("governorate").order_by("pk"))
    crafts = list(Craft.objects.order_by("pk"))
    rows = []
    for index in range(count):
        wilayat = rng.choice(wilayats)
        primary = rng.choice(crafts)
        others = rng.sample([c for c in crafts if c != primary], rng.choice((0, 0, 0, 1, 2)))
        registered = datetime.date(2003, 1, 1) + datetime.timedelta(days=rng.randrange(5_400))
        born = registered - datetime.timedelta(days=rng.randrange(18 * 365, 70 * 365))
        rows.append(
            {
                "civil_number": str(10_000_000 + index),
                "name_ar": f"حرفي تجريبي رقم {index}",
                "name_en": f"Bench artisan {index}",
                "gender": rng.choice(("male", "female")),
                "birth_date": born.isoformat(),
                "governorate": wilayat.governorate.code,
                "wilayat": wilayat.name_ar,
                "primary_craft": primary.code,
                "other_crafts": "; ".join(c.code for c in others),
                "registered_on": registered.isoformat(),
                "phone": f"9{rng.randrange(10**7):07d}",
                "status": "active",
            }
        )
    return rows


def _file(rows, file_format: str) -> bytes:
    from artisans.tabular import COLUMNS
    from craftsreg import tabular

    table = chain([COLUMNS], ([row[column] for column in COLUMNS] for row in rows))
    if file_format == "xlsx":
        return tabular.xlsx_bytes(table, sheet_title="artisans")
    return "".join(tabular.csv_lines(table)).encode("utf-8")


def _copy_floor(rows) -> tuple[float, float, float]:
    """Raw COPY of the same rows into the same (empty) tables: the floor of any import.

    Only the artisans and their other crafts, with no check, history or registration counter;
    emptied again afterwards so that the real import starts from the same state.
    """
    import io

    from django.db import connection
    from django.utils import timezone

    from artisans.models import Craft, Governorate, Wilayat, search_key_for

    # The rows as the registry stores them: the search key (computed here, outside the timing:
    # the floor is the database's work alone) and phones in their stored +968 form.
    keys = [search_key_for(row["name_ar"], row["name_en"]) for row in rows]
    phones = [
        p if not p or p.startswith("+968") else "+968" + p[-8:]
        for p in (row["phone"] for row in rows)
    ]

    def run():
        governorates = dict(Governorate.objects.values_list("code", "pk"))
        wilayats = {
            (code, name): pk
            for code, name, pk in Wilayat.objects.values_list("governorate__code", "name_ar", "pk")
        }
        crafts = dict(Craft.objects.values_list("code", "pk"))
        now = timezone.now().isoformat()
        artisans, links = io.StringIO(), io.StringIO()
        for pk, row in enumerate(rows, start=1):
            year = row["registered_on"][:4]
            artisans.write(
                f"{pk}\t{row['civil_number']}\t{year}-{pk:06d}\t{row['name_ar']}\t"
                f"{row['name_en']}\t{row['gender']}\t{row['birth_date']}\t{phones[pk - 1]}\t"
                f"{row['registered_on']}\t{row['status']}\t{now}\t{now}\t"
                f"{crafts[row['primary_craft']]}\t{governorates[row['governorate']]}\t"
                f"{wilayats[row['governorate'], row['wilayat']]}\t{keys[pk - 1]}\t\n"
            )
            for code in filter(None, row["other_crafts"].split("; ")):
                links.write(f"{pk}\t{crafts[code]}\n")
        artisans.seek(0)
        links.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                "COPY artisans_artisan (id, civil_number, registration_number, name_ar, name_en, "
                "gender, date_of_birth, phone, registered_on, status, created_at, updated_at, "
                "primary_craft_id, governorate_id, wilayat_id, search_key, workshop_address) "
                "FROM STDIN",
                artisans,
            )
            cursor.copy_expert(
                "COPY artisans_artisan_other_crafts (artisan_id, craft_id) FROM STDIN", links
            )
        connection.commit()

    connection.set_autocommit(False)
    try:
        _, seconds = _timed(run)
    finally:
        connection.set_autocommit(True)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE artisans_artisan, artisans_artisan_other_crafts RESTART IDENTITY CASCADE"
        )
    return seconds


_BACKEND = {}


def _backend_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL backend of this process's connection, or NaN
    when its /proc entry cannot be read (a server on another machine)."""
    from django.db import connection

    if "pid" not in _BACKEND:  # asked once, outside the timed transactions
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _BACKEND["pid"] = cursor.fetchone()[0]
    pid = _BACKEND["pid"]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timed(function):
    """Result, wall seconds, this process's CPU seconds and its database backend's CPU seconds
    (the machine is shared: the CPU times show how much of the wall time was work, ours and
    PostgreSQL's, rather than waiting for a core)."""
    started, cpu, db = time.perf_counter(), time.process_time(), _backend_cpu()
    result = function()
    return result, (
        time.perf_counter() - started,
        time.process_time() - cpu,
        _backend_cpu() - db,
    )


SECTION = "## Artisans import (`bench/import_artisans.py`)"


def _record(path: Path, text: str, section: str = SECTION) -> None:
    """Add this run at the end of a benchmark's section, keeping other sections as they are."""
    document = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if section not in document:
        document = document.rstrip("\n") + f"\n\n{section}\n"
    start = document.index(section)
    end = document.find("\n## ", start + len(section))
    end = len(document) if end == -1 else end
    section = document[start:end].rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n"
    path.write_text(document[:start] + section + document[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--no-record", action="store_true", help="do not append to the docs")
    parser.add_argument("--json", type=Path, help="also write the results here (bench/run.py)")
    parser.add_argument(
        "--without-search-index",
        action="store_true",
        help="drop the people search's trigram index and word triggers first (their cost)",
    )
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    _prepare_database(url)
    _setup(url, max_bytes=1024 * 1024 * 1024)

    from django.db import connection

    if args.without_search_index:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX artisan_search_key_trgm")
            cursor.execute("DROP TRIGGER artisans_search_words_insert ON artisans_artisan")
            cursor.execute("DROP TRIGGER artisans_search_words_update ON artisans_artisan")

    from artisans import importing
    from artisans.models import Artisan

    rows = _rows(args.rows)
    data = _file(rows, args.format)
    print(f"{args.rows:,} rows, {args.format}, {len(data) / 1024 / 1024:.1f} MB")

    _backend_cpu()
    copy_s = _copy_floor(rows)
    assert not Artisan.objects.exists()
    (preview, kept), preview_s = _timed(lambda: importing.check_import(data))
    assert preview.ok and preview.to_create == args.rows, preview.file_error or preview.errors[:3]
    report, confirm_s = _timed(
        lambda: importing.import_artisans(
            data=data, reason="bench", duplicates_confirmed=True, checked=kept
        )
    )
    assert report.applied and report.to_create == args.rows
    import_s = tuple(a + b for a, b in zip(preview_s, confirm_s, strict=True))
    again, reimport_s = _timed(
        lambda: importing.import_artisans(data=data, reason="bench", duplicates_confirmed=True)
    )
    assert again.applied and again.unchanged == args.rows and again.to_create == 0
    assert Artisan.objects.count() == args.rows
    assert Artisan.history.count() == args.rows
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    server = connection.cursor().connection.server_version
    results = [
        ("raw COPY of the same rows (floor)", copy_s),
        ("preview (check, rows kept)", preview_s),
        ("confirm (write of the kept rows)", confirm_s),
        ("import = preview + confirm", import_s),
        ("re-import without preview (check again, all unchanged)", reimport_s),
    ]
    lines = [
        f"### Import of {args.rows:,} artisans ({args.format.upper()}, "
        f"{len(data) / 1024 / 1024:.1f} MB) — {datetime.date.today().isoformat()}",
        "",
        f"PostgreSQL {server // 10000}.{server % 10000}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores shared with other work (load average "
        f"{os.getloadavg()[0]:.1f} at the end); `bench/import_artisans.py "
        f"--rows {args.rows} --format {args.format}`.",
        "",
        "| step | wall s | rows/s | CPU s (Python) | DB CPU s |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(
            f"| {name} | {wall:.1f} | {args.rows / wall:,.0f} | {cpu:.1f} | {db:.1f} |"
            for name, (wall, cpu, db) in results
        ),
        "",
        f"Peak memory of the process (file, rows and report together): {peak_mb:,.0f} MB; "
        f"the preview's kept rows: {len(kept) / 1024 / 1024:.1f} MB. "
        f"Target: import ≥ 5,000 rows/s — "
        f"{'met' if args.rows / import_s[0] >= 5_000 else 'NOT met'} on this run; "
        f"import / COPY = {import_s[0] / copy_s[0]:.1f}× (target ≤ 5×: "
        f"{'met' if import_s[0] <= 5 * copy_s[0] else 'NOT met'}).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_record:
        _record(ROOT / "docs" / "performance.md", text)
    if args.json:
        steps = {
            name: {"wall_s": wall, "cpu_s": cpu, "db_cpu_s": db}
            for name, (wall, cpu, db) in results
        }
        args.json.write_text(
            json.dumps(
                {
                    "rows": args.rows,
                    "format": args.format,
                    "mb": len(data) / 1024 / 1024,
                    "steps": steps,
                    "copy_s": copy_s[0],
                    "import_s": import_s[0],
                    "peak_mb": peak_mb,
                    "table": text,
                }
            ),
            encoding="utf-8",
        )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    print(f"(commit {commit})")


if __name__ == "__main__":
    main()
