"""Benchmark: the award chair's dashboard and results pages at 200 finalists × 15 judges.

    .venv/bin/python bench/awards.py [--runs 10] [--no-record]

Uses its own PostgreSQL database (craftsreg_bench_awards, created and migrated if missing;
override with DATABASE_URL). Builds an edition in final judging with 200 finalists in two
categories and 15 jurors who submitted every sheet (3,000 sheets, 9,000 scores), then times
each page through Django's test client (the full view and template, without a network server),
counts its queries, and appends the results to docs/performance.md.
"""

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Set, not defaulted: bench/run.py's own environment already names craftsreg.settings (importing
# the craftsreg package sets it up for Celery), which needs a SECRET_KEY or DEBUG.
os.environ["DJANGO_SETTINGS_MODULE"] = "craftsreg.settings_test"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/craftsreg_bench_awards")

FINALISTS = 200
JUDGES = 15
EDITION = 90  # a number no real edition uses


def ensure_database():
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        return
    import psycopg2
    from psycopg2 import sql

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def build():
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from artisans.models import Artisan, Craft, Wilayat
    from awards import services
    from awards.models import (
        Category,
        Committee,
        CommitteeKind,
        CommitteeMembership,
        Criterion,
        Edition,
        Nomination,
        NominationStatus,
        Score,
        ScoreSheet,
        SheetStatus,
        Stage,
    )

    edition = Edition.objects.filter(number=EDITION).first()
    if edition is not None:
        return edition
    users = get_user_model()
    with transaction.atomic():
        edition = Edition.objects.create(
            number=EDITION,
            year=2017,
            title_ar="دورة القياس",
            title_en="Benchmark edition",
            nominations_open=datetime.date(2017, 1, 1),
            nominations_close=datetime.date(2017, 3, 1),
        )
        services.edition_setup_defaults(edition=edition)
        chair = users.objects.get_or_create(username="bench-chair")[0]
        main = Committee.objects.create(edition=edition, kind=CommitteeKind.MAIN)
        CommitteeMembership.objects.create(committee=main, user=chair, is_chair=True)
        jury = Committee.objects.create(edition=edition, kind=CommitteeKind.JURY)
        judges = [
            users.objects.get_or_create(username=f"bench-judge-{i}")[0] for i in range(JUDGES)
        ]
        CommitteeMembership.objects.bulk_create(
            CommitteeMembership(committee=jury, user=j) for j in judges
        )
        wilayats = list(Wilayat.objects.select_related("governorate").order_by("pk"))
        crafts = list(Craft.objects.order_by("pk"))
        artisans = [
            Artisan(
                civil_number=f"{90_000_000 + i}",
                registration_number=f"B-{i:06d}",
                name_ar=f"حرفي القياس {i}",
                name_en=f"Benchmark artisan {i}",
                gender="female" if i % 2 else "male",
                wilayat=wilayats[i % len(wilayats)],
                governorate=wilayats[i % len(wilayats)].governorate,
                primary_craft=crafts[i % len(crafts)],
                registered_on=datetime.date(2016, 1, 1),
            )
            for i in range(FINALISTS)
        ]
        Artisan.objects.bulk_create(artisans)
        artisans = list(Artisan.objects.filter(civil_number__startswith="9000").order_by("pk"))
        product = edition.categories.get(code=Category.PRODUCT)
        project = edition.categories.get(code=Category.PROJECT)
        Nomination.objects.bulk_create(
            Nomination(
                category=project if i % 10 == 0 else product,
                artisan=a,
                governorate=a.governorate,
                craft_id=a.primary_craft_id,  # a nomination names its craft
                title_ar=f"عمل {i}",
                title_en=f"Work {i}",
                submitted_on=datetime.date(2017, 2, 1),
                status=NominationStatus.FINALIST,
            )
            for i, a in enumerate(artisans)
        )
        nominations = list(Nomination.objects.of_edition(edition).order_by("pk"))
        submitted = datetime.datetime(2017, 6, 1, tzinfo=datetime.UTC)
        ScoreSheet.objects.bulk_create(
            ScoreSheet(
                judge=j,
                nomination=n,
                stage="final",
                status=SheetStatus.SUBMITTED,
                submitted_at=submitted,
            )
            for n in nominations
            for j in judges
        )
        criteria = {}
        for c in Criterion.objects.filter(category__edition=edition, stage="final"):
            criteria.setdefault(c.category_id, []).append(c)
        category_of = {n.pk: n.category_id for n in nominations}
        scores = []
        for index, sheet in enumerate(ScoreSheet.objects.of_edition(edition, "final")):
            for offset, criterion in enumerate(criteria[category_of[sheet.nomination_id]]):
                scores.append(
                    Score(sheet=sheet, criterion=criterion, value=(index * 7 + offset * 3) % 11)
                )
        Score.objects.bulk_create(scores, batch_size=5_000)
        Edition.objects.filter(pk=edition.pk).update(stage=Stage.REVIEW)
    return Edition.objects.get(pk=edition.pk)


def measure(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up (template loading, first queries)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    ordered = sorted(timings)
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "max_ms": max(timings),
        "queries": len(queries),
        "bytes": len(response.content),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-record", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the results here (bench/run.py)")
    args = parser.parse_args()

    ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    settings.ALLOWED_HOSTS = ["testserver"]
    setup_test_environment()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    edition = build()
    print(f"data ready in {time.perf_counter() - started:.1f} s")
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-chair"))
    results = {}
    for name, path in (
        ("chair dashboard", f"/en/awards/{edition.number}/chair/"),
        ("results review", f"/en/awards/{edition.number}/chair/results/"),
        ("transparency report", f"/en/awards/{edition.number}/transparency/"),
        ("score sheets (product)", f"/en/awards/{edition.number}/chair/sheets/"),
        ("CSV export", f"/en/awards/{edition.number}/chair/export.csv"),
    ):
        results[name] = measure(client, path, args.runs)
        r = results[name]
        print(
            f"{name:<20} median {r['median_ms']:7.1f} ms  max {r['max_ms']:7.1f} ms  "
            f"{r['queries']:3d} queries  {r['bytes'] / 1024:8.1f} KiB"
        )
    if not args.no_record:
        record(results, args.runs)
    if args.json:
        import json

        args.json.write_text(json.dumps({"runs": args.runs, "pages": results}), encoding="utf-8")


def record(results, runs):
    from django.db import connection

    path = ROOT / "docs" / "performance.md"
    server = ""
    if connection.vendor == "postgresql":
        server = str(connection.cursor().connection.server_version)
    lines = [
        "",
        f"### Award chair pages, {FINALISTS} finalists × {JUDGES} judges "
        f"({datetime.date.today().isoformat()})",
        "",
        f"`bench/awards.py`, {runs} runs each after a warm-up; {connection.vendor} {server}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores. "
        f"{FINALISTS * JUDGES:,} submitted sheets.",
        "",
        "| page | median (ms) | max (ms) | queries | size (KiB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['median_ms']:.0f} | {r['max_ms']:.0f} | {r['queries']} | "
            f"{r['bytes'] / 1024:.0f} |"
        )
    text = path.read_text() if path.exists() else "# Performance\n"
    if "## Award" not in text:
        text += "\n## Award (issue 5)\n"
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n")
    print(f"recorded in {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
