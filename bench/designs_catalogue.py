"""Benchmark of the public designs catalogue (not a test): response times and query counts.

Builds a throw-away SQLite database (or uses DATABASE_URL), loads the demo's 2017 batch (143
deposited designs with images), measures the pages, then adds synthetic deposited designs and
measures again. Run:  .venv/bin/python bench/designs_catalogue.py [extra_designs] [--json FILE]
Results go to stdout (and to FILE as JSON: ``make bench`` records them in docs/performance.md).
"""

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
workdir = tempfile.mkdtemp(prefix="bench-designs-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ["MEDIA_ROOT"] = f"{workdir}/media"
os.environ.setdefault("SECRET_KEY", "bench-only-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ["DJANGO_SETTINGS_MODULE"] = "craftsreg.settings"
# DEBUG only so static files resolve without collectstatic; templates are cached either way.
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]

PAGES = [
    ("list, Arabic", "/ar/designs/"),
    ("search + 2 filters", "/ar/designs/?q=%D8%B3%D8%B9%D9%81&kind=souvenirs-gifts&year=2016"),
    ("list, page 3", "/en/designs/?page=3"),
    ("detail", "/en/designs/2017-01-0042/"),
    ("thumbnail (cached)", None),
    ("CSV, whole catalogue", "/en/designs/catalogue.csv"),
    ("JSON, whole catalogue", "/en/designs/catalogue.json"),
]


def measure(client, url, repeat=15):
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(timings), p95, max(timings), len(queries)


def add_synthetic(count):
    from designs.models import DepositBatch, Design, Material

    template = Design.objects.public().first()
    batch = template.batch
    materials = list(Material.objects.all())
    start = Design.objects.filter(batch=batch).order_by("-suffix").first().suffix + 1

    def places():
        """(batch, suffix) for each new design: a batch numbers its designs with four digits,
        so when the demo's batch is full, copies of it (numbered YYYY-9N) take the rest."""
        for suffix in range(start, 10_000):
            yield batch, suffix
        for extra in range(10):
            copy = DepositBatch.objects.get(pk=batch.pk)
            copy.pk, copy.number = None, f"{batch.number[:4]}-9{extra}"
            copy.save()
            for suffix in range(1, 10_000):
                yield copy, suffix

    new = []
    for offset, (design_batch, suffix) in zip(range(count), places(), strict=False):
        design = Design(
            batch=design_batch,
            suffix=suffix,
            title_ar=f"{template.title_ar} {offset}",
            title_en=f"{template.title_en} {offset}",
            description_ar=template.description_ar,
            description_en=template.description_en,
            product_kind_id=template.product_kind_id,
            locarno_class_id=template.locarno_class_id,
            year_created=2010 + offset % 8,
            status=Design.Status.DEPOSITED,
            status_date=template.status_date,
            certificate_number=f"BENCH-{offset:06d}",
            certificate_date=template.certificate_date,
        )
        design.number = design.compose_number()
        design.search_text = design.compose_search_text()
        new.append(design)
    created = Design.objects.bulk_create(new, batch_size=500)
    through = Design.materials.through
    through.objects.bulk_create(
        [
            through(design_id=d.pk, material_id=materials[i % len(materials)].pk)
            for i, d in enumerate(created)
        ],
        batch_size=1000,
    )


def report(client, label):
    from designs.models import Design, DesignImage

    image = DesignImage.objects.select_related("design").first()
    designs = Design.objects.public().count()
    print(f"\n{label}: {designs} public designs")
    print(f"{'page':<24}{'median ms':>10}{'p95 ms':>9}{'max ms':>9}{'queries':>9}")
    rows = []
    for name, url in PAGES:
        url = url or image.get_thumbnail_url()
        median, p95, worst, queries = measure(client, url)
        print(f"{name:<24}{median:>10.1f}{p95:>9.1f}{worst:>9.1f}{queries:>9}")
        rows.append({"page": name, "p50": median, "p95": p95, "max": worst, "queries": queries})
    return {"designs": designs, "pages": rows}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("extra", type=int, nargs="?", default=5000, help="synthetic designs")
    parser.add_argument("--json", type=Path, help="also write the results here (bench/run.py)")
    args = parser.parse_args()
    extra = args.extra
    call_command("migrate", verbosity=0)
    from designs import demo

    started = time.perf_counter()
    demo.seed(io.StringIO())
    print(f"designs.demo.seed: {time.perf_counter() - started:.1f} s ({connection.vendor})")
    client = Client()
    demo_results = report(client, "Demo data")
    add_synthetic(extra)
    results = report(client, f"Demo data + {extra} synthetic")
    if args.json:
        results.update(vendor=connection.vendor, demo=demo_results)
        args.json.write_text(json.dumps(results), encoding="utf-8")


if __name__ == "__main__":
    main()
