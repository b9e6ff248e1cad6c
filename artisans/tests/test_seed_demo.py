"""seed_demo reproduces the 2017 figures (docs/sources.md §1) on either database."""

import datetime
import io
import itertools
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, F

from artisans import demo
from artisans.models import Artisan, search_key_for

pytestmark = pytest.mark.django_db

END_2016 = datetime.date(2016, 12, 31)
END_2017 = datetime.date(2017, 12, 31)


def _by(field):
    return dict(Artisan.objects.values_list(field).annotate(n=Count("pk")).order_by())


def test_seed_demo_reproduces_the_2017_report_and_is_idempotent():
    call_command("seed_demo", i_know_this_is_not_production=True, stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert Artisan.objects.count() == 20_642
    # The seeder bulk-creates: every artisan still has its search key.
    sample = Artisan.objects.order_by("pk")[:50]
    assert all(a.search_key == search_key_for(a.name_ar, a.name_en) for a in sample)
    assert not Artisan.objects.filter(search_key="").exists()
    assert Artisan.objects.registered_by(END_2017).count() == 20_642

    per_governorate = _by("governorate__code")
    assert per_governorate["OM-ZU"] == 6_224
    assert per_governorate["OM-BS"] + per_governorate["OM-BJ"] == 4_685
    assert per_governorate["OM-SS"] + per_governorate["OM-SJ"] == 4_972
    assert per_governorate["OM-DA"] == 2_008
    assert per_governorate["OM-WU"] == 1_329
    assert per_governorate["OM-MA"] == 465
    assert per_governorate["OM-ZA"] == 424
    assert per_governorate["OM-MU"] == 348
    assert per_governorate["OM-BU"] == 187
    # The merged pairs are split plausibly: both governorates of a pair have artisans.
    for code in ("OM-BS", "OM-BJ", "OM-SS", "OM-SJ"):
        assert per_governorate[code] > 1_000

    per_craft = _by("primary_craft__code")
    assert per_craft["cotton-weaving"] == 6_590
    assert per_craft["wool-weaving"] == 5_005
    assert per_craft["incense-cosmetics"] == 3_051
    top_three = {"cotton-weaving", "wool-weaving", "incense-cosmetics"}
    others = {code: n for code, n in per_craft.items() if code not in top_three}
    assert others and all(n < 3_051 for n in others.values())
    assert len(per_craft) == 15

    by_2016 = Artisan.objects.registered_by(END_2016).count()
    growth = (20_642 - by_2016) / by_2016 * 100
    assert 17 < growth < 18

    genders = _by("gender")
    assert set(genders) == {"male", "female"}
    assert min(genders.values()) > 5_000

    # Every wilayat lies in its artisan's governorate.
    assert not Artisan.objects.exclude(wilayat__governorate=F("governorate")).exists()
    # Civil and registration numbers are unique and valid.
    numbers = list(Artisan.objects.values_list("civil_number", "registration_number"))
    assert len({c for c, _ in numbers}) == len({r for _, r in numbers}) == 20_642
    assert all(c.isdigit() and len(c) == 8 for c, _ in numbers)
    # Names are plausible in both languages.
    sample = Artisan.objects.order_by("pk").first()
    assert " بن " in sample.name_ar or " بنت " in sample.name_ar
    assert " bin " in sample.name_en or " bint " in sample.name_en

    # Demo staff accounts exist (never created by migrations).
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert {"admin", "registrar", "dhofar", "committee", "judge", "chair"} <= usernames
    # The regional registrar is limited to Dhofar.
    dhofar = get_user_model().objects.get(username="dhofar")
    assert dhofar.staff_profile.governorate.code == "OM-ZU"

    # Each demo artisan's history starts with its creation, other crafts included.
    assert Artisan.history.filter(history_type="+").count() == 20_642
    with_crafts = Artisan.objects.filter(other_crafts__isnull=False).order_by("pk").first()
    created = with_crafts.history.get()
    assert {c.craft_id for c in created.other_crafts.all()} == {
        c.pk for c in with_crafts.other_crafts.all()
    }

    snapshot = list(Artisan.objects.order_by("pk").values_list("pk", "civil_number", "updated_at"))
    call_command("seed_demo", i_know_this_is_not_production=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(Artisan.objects.order_by("pk").values_list("pk", "civil_number", "updated_at")) == (
        snapshot
    )
    assert Artisan.history.count() == 20_642


def test_demo_rows_are_deterministic():
    import random

    first = demo.build_rows(random.Random(demo.SEED))
    second = demo.build_rows(random.Random(demo.SEED))
    assert first == second


def test_yearly_registrations_add_up_and_grow():
    per_year = demo.registrations_per_year()
    assert sum(per_year.values()) == 20_642
    assert sum(n for year, n in per_year.items() if year <= 2016) == 17_568
    years = sorted(per_year)
    assert all(per_year[a] <= per_year[b] for a, b in itertools.pairwise(years))


def test_craft_totals_are_exact_whatever_the_governorate_order():
    import random

    slots = [code for code, n in demo.GOVERNORATE_COUNTS.items() for _ in range(n)]
    crafts = demo._assign_crafts(random.Random(1), slots)
    assert Counter(crafts) == Counter(demo.CRAFT_COUNTS)


def test_seed_demo_refuses_without_debug_unless_told_it_is_not_production(db, settings):
    # The demo's passwords are public; the penetration test loaded them into PostgreSQL with
    # DEBUG off. Nothing is created without DEBUG or the explicit flag.
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG on"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="admin").exists()
