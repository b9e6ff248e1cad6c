"""Benchmark: peak memory of the artisans import for a normal file and for decompression bombs.

    .venv/bin/python bench/import_bombs.py [--rows 100000] [--quick] [--no-record]

Targets (penetration test H2): the import process stays at or under 300 MB (RSS high-water) for
a normal 100,000-row XLSX file and for each bomb, and refuses each bomb in under 2 s:

- "one-cell rows": 4.3 million rows of one number each (the test's 612 KB file, 200 MB unpacked);
- "one long text": a single 2 GB text node in the shared-strings table (the test's 2 MB file).

The bombs are written member by member (craftsreg/tests/xlsx_archives.py), so this script never
holds them. Each file is imported (``importing.plan_import``: read and check every row, as the
admin's upload does) in a fresh child process, whose RSS high-water mark is the peak: ``VmHWM``
from /proc/self/status, which belongs to the child's own address space (``ru_maxrss`` would do
elsewhere, but Linux carries the parent's high-water mark into it across exec, and the parent
has just written a 100,000-row XLSX file). The child uses a migrated SQLite database in a
temporary folder; nothing is written to it.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MB = 300
TARGET_REFUSAL_SECONDS = 2.0
SECTION = "## Import decompression bombs (`bench/import_bombs.py`)"


def _django(database: Path, migrate: bool = False) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "craftsreg.settings"
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def _peak_mb() -> float:
    """This process's RSS high-water mark in MB (see the module's docstring)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(path: str, database: str) -> None:
    """Import one file and report time and this process's memory high-water mark."""
    _django(Path(database))
    import openpyxl  # noqa: F401  (a web worker has it loaded after its first import)
    from django.utils import translation
    from django.utils.translation import gettext

    from artisans import importing

    translation.activate("en")  # the refusals in the table read in English
    gettext("The file is empty.")  # and its translation catalogues
    before = _peak_mb()
    data = Path(path).read_bytes()
    started = time.perf_counter()
    report = importing.plan_import(data)
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak,
                "before_mb": before,
                "file_error": report.file_error,
                "rows": report.to_create + report.to_update + report.unchanged + report.rejected,
            }
        )
    )


def _measure(path: Path, database: Path) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(path), str(database)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the normal file")
    parser.add_argument("--quick", action="store_true", help="10,000 rows and smaller bombs")
    parser.add_argument("--no-record", action="store_true", help="do not write docs/performance.md")
    parser.add_argument("--bombs-only", action="store_true", help="skip the normal file")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return

    rows = 10_000 if args.quick else args.rows
    bomb_rows = 430_000 if args.quick else 4_300_000
    bomb_chars = 200 * 2**20 if args.quick else 2 * 2**30
    with tempfile.TemporaryDirectory(prefix="craftsreg-bombs-") as folder:
        folder = Path(folder)
        database = folder / "bench.sqlite3"
        _django(database, migrate=True)
        from bench.import_artisans import _file, _rows
        from craftsreg.tests.xlsx_archives import one_cell_rows, one_long_text, write_xlsx

        files = {}
        if not args.bombs_only:
            files[f"normal file, {rows:,} rows"] = folder / "normal.xlsx"
            files[f"normal file, {rows:,} rows"].write_bytes(_file(_rows(rows), "xlsx"))
        files[f"bomb: {bomb_rows:,} one-cell rows"] = folder / "rows.xlsx"
        write_xlsx(files[f"bomb: {bomb_rows:,} one-cell rows"], one_cell_rows(bomb_rows))
        sheet, strings = one_long_text(bomb_chars)
        files[f"bomb: one {bomb_chars / 2**30:.1f} GB text node"] = folder / "text.xlsx"
        write_xlsx(files[f"bomb: one {bomb_chars / 2**30:.1f} GB text node"], sheet, strings)

        lines = [
            f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, Python "
            f"{sys.version.split()[0]}, {os.cpu_count()} CPUs shared with other work (load "
            f"average {os.getloadavg()[0]:.1f} when the rows were written). Peak = the import "
            f"process's RSS high-water mark (VmHWM; Django loaded: the 'RSS before' column).",
            "",
            "| file | size | result | seconds | RSS before | peak RSS | target |",
            "|---|---:|---|---:|---:|---:|---|",
        ]
        failed = False
        for label, path in files.items():
            result = _measure(path, database)
            bomb = label.startswith("bomb")
            ok = result["peak_mb"] <= TARGET_MB and (
                not bomb or (result["file_error"] and result["seconds"] < TARGET_REFUSAL_SECONDS)
            )
            failed |= not ok
            outcome = (
                f"refused: {result['file_error'][:60]}…"
                if result["file_error"]
                else f"{result['rows']:,} rows read"
            )
            target = f"≤ {TARGET_MB} MB" + (
                f", refused < {TARGET_REFUSAL_SECONDS:.0f} s" if bomb else ""
            )
            lines.append(
                f"| {label} | {path.stat().st_size / 2**20:.2f} MB | {outcome} "
                f"| {result['seconds']:.2f} | {result['before_mb']:.0f} MB "
                f"| {result['peak_mb']:.0f} MB | {target} {'✓' if ok else '✗'} |"
            )
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_record and not args.quick:
        from bench.import_artisans import _record

        _record(ROOT / "docs" / "performance.md", text, SECTION)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
