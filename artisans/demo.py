"""Demo registry that reproduces the Authority's 2017 statistical report.

Deterministic (fixed random seed) and idempotent: artisans are matched by civil number, so a
second run creates nothing. The figures below are the source article's (docs/sources.md §1);
the statistics pages compute them back from these rows.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from artisans import roles
from artisans.cache import registry_changed
from artisans.models import (
    Artisan,
    Craft,
    Governorate,
    RegistrationCounter,
    StaffProfile,
    Wilayat,
    format_registration_number,
    search_key_for,
)

SEED = 2017
REPORT_YEAR = 2017
TOTAL_ARTISANS = 20_642

# Artisans per governorate. The report gives North+South Al Batinah together (4,685) and
# North+South Ash Sharqiyah together (4,972); the split between each pair is ours.
GOVERNORATE_COUNTS = {
    "OM-ZU": 6_224,  # Dhofar
    "OM-BS": 2_842,  # Al Batinah North  } 4,685
    "OM-BJ": 1_843,  # Al Batinah South  }
    "OM-SS": 2_611,  # Ash Sharqiyah North } 4,972
    "OM-SJ": 2_361,  # Ash Sharqiyah South }
    "OM-DA": 2_008,  # Ad Dakhiliyah
    "OM-WU": 1_329,  # Al Wusta
    "OM-MA": 465,  # Muscat
    "OM-ZA": 424,  # Ad Dhahirah
    "OM-MU": 348,  # Musandam
    "OM-BU": 187,  # Al Buraimi
}

# Artisans per primary craft: the report's top three, then the rest (each below 3,051).
CRAFT_COUNTS = {
    "cotton-weaving": 6_590,
    "wool-weaving": 5_005,
    "incense-cosmetics": 3_051,
    "palm-frond": 1_150,
    "silverware": 980,
    "embroidery": 720,
    "khanjar": 620,
    "woodwork": 610,
    "pottery": 540,
    "perfumes-rosewater": 361,
    "leatherwork": 330,
    "boat-building": 260,
    "copperware": 210,
    "bone-carving": 120,
    "coconut-shell": 95,
}

# Registered by 31 Dec 2016: 17,568, so 2017's 20,642 is 17.50 % more
# (the report: "more than 17 %").
REGISTERED_BY_END_OF_2016 = 17_568
FIRST_YEAR = 2003  # the Authority was created by Royal Decree 24/2003

# How much more likely a craft is in a governorate than elsewhere (craft geography of Oman:
# frankincense and coconuts in Dhofar, Sur's boatyards, Nizwa's silver and Bahla's pottery…).
AFFINITY = {
    "OM-ZU": {"incense-cosmetics": 4, "coconut-shell": 6, "bone-carving": 3, "wool-weaving": 1.5},
    "OM-SJ": {"boat-building": 5, "wool-weaving": 1.5},
    "OM-SS": {"wool-weaving": 2, "cotton-weaving": 1.3},
    "OM-BS": {"cotton-weaving": 1.5, "palm-frond": 2, "boat-building": 2},
    "OM-BJ": {"cotton-weaving": 1.5, "palm-frond": 2},
    "OM-DA": {
        "silverware": 4,
        "khanjar": 4,
        "pottery": 5,
        "perfumes-rosewater": 5,
        "copperware": 2,
    },
    "OM-WU": {"wool-weaving": 2.5, "leatherwork": 3},
    "OM-MA": {"silverware": 3, "khanjar": 3, "embroidery": 2},
    "OM-ZA": {"palm-frond": 2, "pottery": 2},
    "OM-MU": {"boat-building": 4, "woodwork": 2},
    "OM-BU": {"palm-frond": 2, "leatherwork": 2},
}

MALE_NAMES = [
    ("محمد", "Mohammed"),
    ("أحمد", "Ahmed"),
    ("سالم", "Salim"),
    ("سعيد", "Saeed"),
    ("علي", "Ali"),
    ("خالد", "Khalid"),
    ("سليمان", "Sulaiman"),
    ("حمد", "Hamad"),
    ("ناصر", "Nasser"),
    ("عبدالله", "Abdullah"),
    ("سيف", "Saif"),
    ("راشد", "Rashid"),
    ("مبارك", "Mubarak"),
    ("حمود", "Hamood"),
    ("خلفان", "Khalfan"),
    ("يوسف", "Yousuf"),
    ("هلال", "Hilal"),
    ("زاهر", "Zahir"),
    ("بدر", "Badr"),
    ("عامر", "Amer"),
    ("مسلم", "Musallam"),
    ("سعود", "Saud"),
    ("ماجد", "Majid"),
    ("طالب", "Talib"),
]
FEMALE_NAMES = [
    ("فاطمة", "Fatma"),
    ("مريم", "Maryam"),
    ("عائشة", "Aisha"),
    ("زينب", "Zainab"),
    ("شيخة", "Shaikha"),
    ("خديجة", "Khadija"),
    ("سلمى", "Salma"),
    ("موزة", "Moza"),
    ("نورة", "Noora"),
    ("ثريا", "Thuraya"),
    ("بدرية", "Badriya"),
    ("رحمة", "Rahma"),
    ("عزيزة", "Aziza"),
    ("جميلة", "Jamila"),
    ("حليمة", "Halima"),
    ("سعاد", "Suad"),
    ("منى", "Muna"),
    ("أمل", "Amal"),
    ("ليلى", "Laila"),
    ("شريفة", "Sharifa"),
]
FAMILY_NAMES = [
    ("البلوشي", "Al Balushi"),
    ("الحارثي", "Al Harthi"),
    ("الكندي", "Al Kindi"),
    ("الهنائي", "Al Hinai"),
    ("الشحي", "Al Shehhi"),
    ("المعمري", "Al Maamari"),
    ("الرواحي", "Al Rawahi"),
    ("البوسعيدي", "Al Busaidi"),
    ("الغافري", "Al Ghafri"),
    ("العامري", "Al Amri"),
    ("المشيخي", "Al Mashikhi"),
    ("الكثيري", "Al Kathiri"),
    ("الشحري", "Al Shahri"),
    ("الجابري", "Al Jabri"),
    ("السيابي", "Al Siyabi"),
    ("الفارسي", "Al Farsi"),
    ("العبري", "Al Abri"),
    ("اليحيائي", "Al Yahyai"),
    ("المحروقي", "Al Mahrouqi"),
    ("الحبسي", "Al Habsi"),
    ("الوهيبي", "Al Wahaibi"),
    ("المسكري", "Al Maskari"),
    ("الريامي", "Al Riyami"),
    ("البادي", "Al Badi"),
    ("الغيلاني", "Al Ghailani"),
    ("المخيني", "Al Mukhaini"),
    ("العلوي", "Al Alawi"),
    ("الشكيلي", "Al Shukaili"),
]

DEMO_PASSWORD_SUFFIX = "-demo-2017"
# username, role description, superuser?, staff?, groups
DEMO_USERS = [
    ("admin", "superuser", True, True, []),
    ("registrar", "registrar (whole registry)", False, True, [roles.REGISTRAR]),
    ("dhofar", "registrar of the Dhofar department (Dhofar only)", False, True, [roles.REGISTRAR]),
    ("viewer", "viewer (read and export only)", False, True, [roles.VIEWER]),
    ("committee", "initial-evaluation committee member (Dhofar)", False, False, []),
    ("judge", "juror (final judging)", False, False, []),
    ("chair", "award committee chair", False, False, []),
]


def demo_password(username: str) -> str:
    return f"{username}{DEMO_PASSWORD_SUFFIX}"


def _exact_counts(weights: dict, total: int) -> dict:
    """Split ``total`` in proportion to ``weights``; largest-remainder rounding sums exactly."""
    weight_sum = sum(weights.values())
    raw = {key: total * weight / weight_sum for key, weight in weights.items()}
    counts = {key: int(value) for key, value in raw.items()}
    short = total - sum(counts.values())
    for key in sorted(raw, key=lambda k: raw[k] - counts[k], reverse=True)[:short]:
        counts[key] += 1
    return counts


def registrations_per_year() -> dict[int, int]:
    """New registrations per year, growing steadily, that add up to the report's figures."""
    years = range(FIRST_YEAR, REPORT_YEAR)
    counts = _exact_counts(
        {year: 1 + 0.25 * (year - FIRST_YEAR) for year in years}, REGISTERED_BY_END_OF_2016
    )
    counts[REPORT_YEAR] = TOTAL_ARTISANS - REGISTERED_BY_END_OF_2016
    return counts


def _assign_crafts(rng: random.Random, governorate_slots: list[str]) -> list[str]:
    """One primary craft per slot: craft totals exact, craft geography plausible.

    Each slot draws a craft weighted by the craft's remaining quota times the governorate's
    affinity for it, so the quotas run out together and every total comes out exact.
    """
    remaining = dict(CRAFT_COUNTS)
    crafts = []
    for code in governorate_slots:
        affinity = AFFINITY.get(code, {})
        candidates = [craft for craft, left in remaining.items() if left > 0]
        weights = [remaining[craft] * affinity.get(craft, 1.0) for craft in candidates]
        craft = rng.choices(candidates, weights)[0]
        remaining[craft] -= 1
        crafts.append(craft)
    return crafts


# How young a craft's newcomers are: an exponent applied to a uniform draw of the age at
# registration (above 1 skews young, below 1 skews old). Weaving, incense and embroidery draw
# young women through the Authority's training programmes; silver, khanjars, pottery and boats
# are learnt late; bone carving is left to a few elders. The viability page shows the result.
AGE_PROFILE = {
    "cotton-weaving": 1.8,
    "wool-weaving": 1.6,
    "incense-cosmetics": 2.0,
    "palm-frond": 1.6,
    "embroidery": 2.2,
    "perfumes-rosewater": 1.8,
    "bone-carving": 0.5,
    "coconut-shell": 0.7,
}


def age_at_registration(craft: str, uniform_age: int) -> int:
    """``uniform_age`` (18–75, uniform) reshaped by the craft's ``AGE_PROFILE``.

    A function of the one draw, so the random sequence — and every other figure of the demo —
    stays what it was.
    """
    share = (uniform_age - 18) / 57
    return 18 + round(57 * share ** AGE_PROFILE.get(craft, 1.0))


def build_rows(rng: random.Random):
    """The demo artisans as plain dicts (no database access beyond reference lookups)."""
    governorate_slots = [code for code, count in GOVERNORATE_COUNTS.items() for _ in range(count)]
    rng.shuffle(governorate_slots)
    craft_slots = _assign_crafts(rng, governorate_slots)
    year_slots = [year for year, count in registrations_per_year().items() for _ in range(count)]
    rng.shuffle(year_slots)
    civil_numbers = rng.sample(range(10_000_000, 100_000_000), TOTAL_ARTISANS)
    craft_codes = list(CRAFT_COUNTS)

    rows = []
    for index in range(TOTAL_ARTISANS):
        year = year_slots[index]
        registered_on = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        # Women are most of the registry's weavers and incense makers.
        gender = Artisan.Gender.FEMALE if rng.random() < 0.56 else Artisan.Gender.MALE
        first = rng.choice(FEMALE_NAMES if gender == Artisan.Gender.FEMALE else MALE_NAMES)
        father = rng.choice(MALE_NAMES)
        family = rng.choice(FAMILY_NAMES)
        link_ar, link_en = ("بنت", "bint") if gender == Artisan.Gender.FEMALE else ("بن", "bin")
        primary = craft_slots[index]
        age = age_at_registration(primary, rng.randint(18, 75))
        birth = registered_on - datetime.timedelta(days=int(age * 365.25) + rng.randrange(365))
        others = []
        if rng.random() < 0.25:
            others = rng.sample([c for c in craft_codes if c != primary], rng.choice((1, 1, 2)))
        rows.append(
            {
                "civil_number": str(civil_numbers[index]),
                "name_ar": f"{first[0]} {link_ar} {father[0]} {family[0]}",
                "name_en": f"{first[1]} {link_en} {father[1]} {family[1]}",
                "gender": gender,
                "date_of_birth": birth,
                "phone": f"+968{rng.choice('79')}{rng.randrange(10**7):07d}"
                if rng.random() < 0.85
                else "",
                "governorate": governorate_slots[index],
                "registered_on": registered_on,
                "primary_craft": primary,
                "other_crafts": others,
            }
        )
    return rows


def _pick_wilayat(rng: random.Random, wilayats: list[Wilayat]) -> Wilayat:
    # The governorate seat is the busiest wilayat.
    weights = [3 if w.is_seat else 1 for w in wilayats]
    return rng.choices(wilayats, weights)[0]


@transaction.atomic
def seed_artisans(stdout=None) -> int:
    """Create the demo artisans that do not exist yet; returns how many were created."""
    rng = random.Random(SEED)
    rows = build_rows(rng)
    governorates = {g.code: g for g in Governorate.objects.all()}
    wilayats_by_gov = {}
    for wilayat in Wilayat.objects.order_by("pk"):
        wilayats_by_gov.setdefault(wilayat.governorate_id, []).append(wilayat)
    crafts = {c.code: c for c in Craft.objects.all()}

    # Wilayats are drawn for every row (even existing ones) so a re-run draws the same ones.
    for row in rows:
        governorate = governorates[row["governorate"]]
        row["wilayat"] = _pick_wilayat(rng, wilayats_by_gov[governorate.pk])

    existing = set(
        Artisan.objects.filter(civil_number__in=[r["civil_number"] for r in rows]).values_list(
            "civil_number", flat=True
        )
    )
    new_rows = sorted(
        (r for r in rows if r["civil_number"] not in existing),
        key=lambda r: (r["registered_on"], r["civil_number"]),
    )
    if not new_rows:
        return 0

    numbers = {}
    for year in sorted({r["registered_on"].year for r in new_rows}):
        count = sum(1 for r in new_rows if r["registered_on"].year == year)
        numbers[year] = iter(RegistrationCounter.reserve(year, count))

    artisans = []
    for row in new_rows:
        year = row["registered_on"].year
        artisans.append(
            Artisan(
                civil_number=row["civil_number"],
                registration_number=format_registration_number(year, next(numbers[year])),
                name_ar=row["name_ar"],
                name_en=row["name_en"],
                # bulk_create skips save(), which keeps the key elsewhere.
                search_key=search_key_for(row["name_ar"], row["name_en"]),
                gender=row["gender"],
                date_of_birth=row["date_of_birth"],
                phone=row["phone"],
                governorate=governorates[row["governorate"]],
                wilayat=row["wilayat"],
                primary_craft=crafts[row["primary_craft"]],
                registered_on=row["registered_on"],
                status=Artisan.Status.ACTIVE,
            )
        )
    Artisan.objects.bulk_create(artisans, batch_size=2_000)

    # bulk_create does not return primary keys on every backend; look them up.
    ids = dict(
        Artisan.objects.filter(civil_number__in=[r["civil_number"] for r in new_rows]).values_list(
            "civil_number", "pk"
        )
    )
    through = Artisan.other_crafts.through
    links = [
        through(artisan_id=ids[row["civil_number"]], craft_id=crafts[code].pk)
        for row in new_rows
        for code in row["other_crafts"]
    ]
    through.objects.bulk_create(links, batch_size=5_000)
    # Their history starts with their creation, like every other artisan's.
    from artisans.importing import record_creation

    record_creation(ids.values(), reason="seed_demo")
    registry_changed()  # bulk_create sends no signals
    return len(artisans)


@transaction.atomic
def seed_users() -> list[tuple[str, str, str]]:
    """Create the demo accounts (never in migrations); returns (username, password, role)."""
    user_model = get_user_model()
    logins = []
    for username, role, is_superuser, is_staff, groups in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "is_superuser": is_superuser,
                "is_staff": is_staff,
                "email": f"{username}@demo.invalid",
            },
        )
        if created:
            user.set_password(demo_password(username))
            user.save(update_fields=["password"])
            user.groups.set(Group.objects.filter(name__in=groups))
        logins.append((username, demo_password(username), role))
    # A regional department's registrar sees and changes only their governorate's artisans.
    StaffProfile.objects.get_or_create(
        user=user_model.objects.get(username="dhofar"),
        defaults={"governorate": Governorate.objects.get(code="OM-ZU")},
    )
    return logins


def seed(stdout) -> list[tuple[str, list[str]]]:
    """The demo accounts and the 2017 registry (``manage.py seed_demo``); returns the logins,
    for seed_demo to print last."""
    logins = seed_users()
    created = seed_artisans()
    stdout.write(f"Artisans: {created} created.")
    lines = [f"  {username:<10} {password:<22} {role}" for username, password, role in logins]
    return [("Demo logins (staff sign-in at /ar/admin/):", lines)]
