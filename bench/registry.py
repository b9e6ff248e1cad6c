"""A registry of N artisans on PostgreSQL for the benchmarks: database helpers and a COPY loader.

Shared by every script under bench/ that needs a big registry (``statistics_pages``, ``scale``,
``run``). Artisans are spread as in the Authority's 2017 report (governorates and crafts),
registered 2003–last year with more registrations in recent years, 56 % women, a quarter with
another craft. The loader appends after whatever the database already holds (for instance the
demo of ``seed_demo``) and continues the registration counters, so the registry stays
consistent for the application's own writes afterwards.
"""

from __future__ import annotations

import datetime
import io
import os
import platform
import random
import time

import psycopg2

from craftsreg.text import name_search_key

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}

# Shares as in the Authority's 2017 report (docs/sources.md §1); the split of the merged
# Batinah and Sharqiyah figures is the demo's.
GOVERNORATE_WEIGHTS = {
    "OM-ZU": 6224, "OM-BS": 2842, "OM-BJ": 1843, "OM-SS": 2611, "OM-SJ": 2361, "OM-DA": 2008,
    "OM-WU": 1329, "OM-MA": 465, "OM-ZA": 424, "OM-MU": 348, "OM-BU": 187,
}  # fmt: skip
CRAFT_WEIGHTS = {
    "cotton-weaving": 6590, "wool-weaving": 5005, "incense-cosmetics": 3051, "palm-frond": 1150,
    "silverware": 980, "embroidery": 720, "khanjar": 620, "woodwork": 610, "pottery": 540,
    "perfumes-rosewater": 361, "leatherwork": 330, "boat-building": 260, "copperware": 210,
    "bone-carving": 120, "coconut-shell": 95,
}  # fmt: skip
# Names as the registry holds them, so that name searches measure realistic result sizes: about
# 3 % of the artisans share each family name, as the large Omani tribes do.
MALE_NAMES = [
    ("محمد", "Mohammed"),
    ("أحمد", "Ahmed"),
    ("سالم", "Salim"),
    ("سعيد", "Saeed"),
    ("علي", "Ali"),
    ("حمد", "Hamad"),
    ("خالد", "Khalid"),
    ("عبدالله", "Abdullah"),
    ("سيف", "Saif"),
    ("ناصر", "Nasser"),
    ("خلفان", "Khalfan"),
    ("سليمان", "Sulaiman"),
    ("راشد", "Rashid"),
    ("يوسف", "Yousuf"),
    ("حمود", "Hamood"),
    ("مبارك", "Mubarak"),
    ("عبد الرحمن", "Abdulrahman"),
    ("زاهر", "Zahir"),
    ("هلال", "Hilal"),
    ("بدر", "Badr"),
]
FEMALE_NAMES = [
    ("فاطمة", "Fatma"),
    ("مريم", "Maryam"),
    ("شيخة", "Shaikha"),
    ("عائشة", "Aisha"),
    ("زينب", "Zainab"),
    ("خديجة", "Khadija"),
    ("آمنة", "Amna"),
    ("موزة", "Moza"),
    ("سلمى", "Salma"),
    ("نورة", "Noora"),
    ("بدرية", "Badriya"),
    ("حليمة", "Halima"),
    ("رحمة", "Rahma"),
    ("زوينة", "Zuwaina"),
    ("شمسة", "Shamsa"),
    ("ثريا", "Thuraya"),
]
FAMILY_NAMES = [
    ("الرواحي", "Al Rawahi"), ("البلوشي", "Al Balushi"), ("الحارثي", "Al Harthi"),
    ("الشحري", "Al Shahri"), ("المعمري", "Al Maamari"), ("البوسعيدي", "Al Busaidi"),
    ("الهنائي", "Al Hinai"), ("الكندي", "Al Kindi"), ("العامري", "Al Amri"),
    ("السيابي", "Al Siyabi"), ("الغافري", "Al Ghafri"), ("الريامي", "Al Riyami"),
    ("المسكري", "Al Maskari"), ("الكثيري", "Al Kathiri"), ("المهري", "Al Mahri"),
    ("الجابري", "Al Jabri"), ("السعدي", "Al Saadi"), ("الحبسي", "Al Habsi"),
    ("الشكيلي", "Al Shukaili"), ("العبري", "Al Abri"), ("الوهيبي", "Al Wahaibi"),
    ("الراشدي", "Al Rashdi"), ("الفارسي", "Al Farsi"), ("البطاشي", "Al Battashi"),
    ("اللواتي", "Al Lawati"), ("النعماني", "Al Nomani"), ("الحوسني", "Al Hosni"),
    ("الزدجالي", "Al Zadjali"), ("العلوي", "Al Alawi"), ("المقبالي", "Al Maqbali"),
]  # fmt: skip


def artisan_name(rng: random.Random, gender: str) -> tuple[str, str]:
    """An Arabic and English name: given name, bin/bint father's name, family name."""
    given = rng.choice(FEMALE_NAMES if gender == "female" else MALE_NAMES)
    father = rng.choice(MALE_NAMES)
    family = rng.choice(FAMILY_NAMES)
    link_ar, link_en = ("بنت", "bint") if gender == "female" else ("بن", "bin")
    return (
        f"{given[0]} {link_ar} {father[0]} {family[0]}",
        f"{given[1]} {link_en} {father[1]} {family[1]}",
    )


FIRST_YEAR = 2003
# Generated civil numbers have nine digits; the demo's have eight, so the two never collide.
CIVIL_NUMBER_BASE = 100_000_000


def label(size: int) -> str:
    return f"{size // 1_000_000}m" if size % 1_000_000 == 0 else f"{size // 1000}k"


def database_url(name: str) -> str:
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"


def admin_connection():
    connection = psycopg2.connect(dbname="postgres", **PG)
    connection.autocommit = True
    return connection


def create_database(name: str) -> None:
    connection = admin_connection()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def drop_database(name: str) -> None:
    connection = admin_connection()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def loaded_size(name: str) -> int | None:
    """Number of artisans in an existing benchmark database, None if there is none."""
    try:
        connection = psycopg2.connect(dbname=name, **PG)
    except psycopg2.OperationalError:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM artisans_artisan")
            return cursor.fetchone()[0]
    except psycopg2.Error:
        return None
    finally:
        connection.close()


def postgres_version() -> str:
    connection = admin_connection()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    connection.close()
    return version


def machine() -> str:
    """One line naming the machine and the versions, for every results table."""
    import django

    return (
        f"{platform.node()} ({os.cpu_count()} CPU cores, shared; load average "
        f"{os.getloadavg()[0]:.1f}), Python {platform.python_version()}, "
        f"Django {django.get_version()}, PostgreSQL {postgres_version()}"
    )


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation: a value that was actually measured)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(times_ms: list[float]) -> dict:
    return {
        "n": len(times_ms),
        "p50": percentile(times_ms, 0.5),
        "p95": percentile(times_ms, 0.95),
        "max": max(times_ms),
    }


def load_artisans(name: str, count: int, seed: int = 4) -> float:
    """COPY ``count`` more artisans (and other crafts for a quarter of them); seconds taken.

    Appends after the artisans already in the database; then VACUUM ANALYZE and CHECKPOINT,
    so that the measurements that follow see settled statistics and no pending writes.
    """
    started = time.perf_counter()
    rng = random.Random(seed)
    connection = psycopg2.connect(dbname=name, **PG)
    cursor = connection.cursor()
    cursor.execute("SELECT code, id FROM artisans_governorate")
    governorate_ids = dict(cursor.fetchall())
    cursor.execute("SELECT governorate_id, id FROM artisans_wilayat ORDER BY id")
    wilayats: dict[int, list[int]] = {}
    for governorate_id, wilayat_id in cursor.fetchall():
        wilayats.setdefault(governorate_id, []).append(wilayat_id)
    cursor.execute("SELECT code, id FROM artisans_craft")
    craft_ids = dict(cursor.fetchall())
    cursor.execute("SELECT coalesce(max(id), 0) FROM artisans_artisan")
    first_pk = cursor.fetchone()[0] + 1
    cursor.execute("SELECT year, last_number FROM artisans_registrationcounter")
    sequence: dict[int, int] = dict(cursor.fetchall())

    codes = list(GOVERNORATE_WEIGHTS)
    code_weights = list(GOVERNORATE_WEIGHTS.values())
    crafts = [craft_ids[c] for c in CRAFT_WEIGHTS]
    craft_weights = list(CRAFT_WEIGHTS.values())
    today = datetime.date.today()
    years = list(range(FIRST_YEAR, today.year))
    year_weights = [1 + 0.25 * (y - FIRST_YEAR) for y in years]
    now = datetime.datetime.now(datetime.UTC).isoformat()
    columns = (
        "id, civil_number, registration_number, name_ar, name_en, gender, date_of_birth, phone, "
        "registered_on, status, created_at, updated_at, primary_craft_id, governorate_id, "
        "wilayat_id, search_key, workshop_address"
    )
    # A GIN index, or one on an expression, is much cheaper built once than kept up row by row
    # through a million-row COPY: dropped here and created again, exactly as the migration
    # defined it, afterwards.
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'artisans_artisan' "
        "AND (indexdef LIKE '%USING gin%' OR indexname = 'artisan_name_key_idx')"
    )
    rebuilt_indexes = cursor.fetchall()
    for index_name, _definition in rebuilt_indexes:
        cursor.execute(f'DROP INDEX "{index_name}"')
    chunk = 100_000
    for start in range(0, count, chunk):
        size = min(chunk, count - start)
        artisans, links = io.StringIO(), io.StringIO()
        governorate_draws = rng.choices(codes, code_weights, k=size)
        craft_draws = rng.choices(crafts, craft_weights, k=size)
        year_draws = rng.choices(years, year_weights, k=size)
        for offset in range(size):
            pk = first_pk + start + offset
            governorate_id = governorate_ids[governorate_draws[offset]]
            year = year_draws[offset]
            sequence[year] = sequence.get(year, 0) + 1
            registered_on = datetime.date(year, 1, 1) + datetime.timedelta(rng.randrange(365))
            born = registered_on.year - rng.randint(18, 75)
            gender = "female" if rng.random() < 0.56 else "male"
            name_ar, name_en = artisan_name(rng, gender)
            artisans.write(
                f"{pk}\t{CIVIL_NUMBER_BASE + pk}\t{year}-{sequence[year]:06d}\t{name_ar}\t"
                f"{name_en}\t{gender}\t{born}-06-15\t+9689{pk % 10_000_000:07d}\t"
                f"{registered_on}\tactive\t{now}\t{now}\t{craft_draws[offset]}\t"
                f"{governorate_id}\t{rng.choice(wilayats[governorate_id])}\t"
                f"{name_search_key(name_ar, name_en)}\t\n"
            )
            if pk % 4 == 0:
                other = rng.choice(crafts)
                if other != craft_draws[offset]:
                    links.write(f"{pk}\t{other}\n")
        artisans.seek(0)
        links.seek(0)
        cursor.copy_expert(f"COPY artisans_artisan ({columns}) FROM STDIN", artisans)
        cursor.copy_expert(
            "COPY artisans_artisan_other_crafts (artisan_id, craft_id) FROM STDIN", links
        )
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('artisans_artisan', 'id'), %s)",
        [max(first_pk + count - 1, 1)],
    )
    # The registry's own next registrations continue after the loaded numbers.
    for year, last in sequence.items():
        cursor.execute(
            "INSERT INTO artisans_registrationcounter (year, last_number) VALUES (%s, %s) "
            "ON CONFLICT (year) DO UPDATE SET last_number = EXCLUDED.last_number",
            [year, last],
        )
    connection.commit()
    connection.autocommit = True
    # After the commit: the foreign keys' deferred checks must have run first.
    for _index_name, definition in rebuilt_indexes:
        cursor.execute(definition)
    cursor.execute("VACUUM ANALYZE")
    # Write the loaded pages out now: otherwise the checkpoint after a 1 M-row COPY runs during
    # the measurements and takes CPU and disk from whichever is being measured.
    cursor.execute("CHECKPOINT")
    connection.close()
    return time.perf_counter() - started
