"""Aggregated figures of the registry for the public statistics pages.

Each page's figures come from one grouped COUNT over its artisans — a small "cube" of counts by
governorate or wilayat, primary craft, gender and registration year — rolled up into each table
in Python. The cube of a scope (the whole registry, one governorate, one primary craft) is
cached until the registry changes (``registry_version()``), and every filter combination is a
slice of it: at a million artisans the scan costs about a second, the slice milliseconds. The
number of queries stays constant whatever the registry's size.

Public outputs carry counts only: no query here selects a name, civil number, phone or birth
date, and wilayat counts below ``SUPPRESSION_THRESHOLD`` are published as "< 5".
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Count, Max, Min, QuerySet
from django.db.models.functions import ExtractYear

from artisans.cache import registry_version
from artisans.models import Artisan, Craft, Governorate, Wilayat

# Counts of 1–4 artisans in a wilayat could point to individuals in a small village; they are
# published as "< 5" (ONS / DHIS2 practice). Totals stay exact.
SUPPRESSION_THRESHOLD = 5
# The Authority was created by Royal Decree 24/2003; the year selector starts there unless older
# registrations (carried over from before the Authority) exist.
FIRST_REGISTRY_YEAR = 2003
# The 2017 report gave these pairs of governorates as one figure each (docs/sources.md §1).
REPORTED_TOGETHER_IN_2017 = (("OM-BS", "OM-BJ"), ("OM-SS", "OM-SJ"))

_HUNDREDTH = Decimal("0.01")


def percentage(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to two decimals (half up), None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


def end_of_year(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


# --- Queries ---------------------------------------------------------------------------------


def registered_by_end_of(artisans: QuerySet, year: int) -> QuerySet:
    """The register "as of 31 December of ``year``": everyone registered on or before that day."""
    return artisans.registered_by(end_of_year(year))


CACHE_SECONDS = 24 * 60 * 60  # an upper bound: a registry change retires entries at once


def cached(name: str, compute):
    """``compute()`` cached until the registry changes."""
    key = f"statistics:data:{registry_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def registry_span() -> tuple[int | None, datetime.datetime | None]:
    """(year of the first registration, time of the last change to any artisan) in one query.

    ``updated_at`` has no index, so this scans the table: it is cached with the cubes.
    """
    span = Artisan.objects.aggregate(first=Min("registered_on"), last=Max("updated_at"))
    return (span["first"].year if span["first"] else None), span["last"]


def cached_registry_span():
    return cached("span", registry_span)


def selectable_years(first_registration_year: int | None, today: datetime.date) -> list[int]:
    """Years a visitor can choose, newest first."""
    first = min(first_registration_year or FIRST_REGISTRY_YEAR, FIRST_REGISTRY_YEAR)
    return list(range(today.year, first - 1, -1))


@dataclass(frozen=True)
class Cube:
    """Artisan counts grouped by a place, primary craft, gender and registration year.

    ``place`` is ``"governorate_id"`` or ``"wilayat_id"``. At most places × crafts × 2 × years
    rows (about 8,000 for the whole country over 25 years), whatever the number of artisans.
    """

    place: str
    rows: tuple[tuple[int, int, str, int, int], ...]  # place, craft, gender, year, artisans

    @classmethod
    def of(cls, artisans: QuerySet, place: str = "governorate_id") -> Cube:
        rows = (
            artisans.order_by()
            .annotate(registration_year=ExtractYear("registered_on"))
            .values_list(place, "primary_craft_id", "gender", "registration_year")
            .annotate(artisans=Count("pk"))
        )
        return cls(place=place, rows=tuple(rows))

    @classmethod
    def cached(cls, name: str, artisans: QuerySet, place: str = "governorate_id") -> Cube:
        """The cube of a scope (``name`` identifies ``artisans``), cached until the registry
        changes."""
        return cached(f"cube:{name}:{place}", lambda: cls.of(artisans, place))

    def sliced(
        self,
        *,
        last_year: int | None = None,
        gender: str | None = None,
        craft_id: int | None = None,
        place_id: int | None = None,
    ) -> Cube:
        """The cube of the artisans registered by the end of ``last_year`` of that gender,
        primary craft and place — what the same filters give on the queryset."""
        rows = tuple(
            row
            for row in self.rows
            if (last_year is None or row[3] <= last_year)
            and (gender is None or row[2] == gender)
            and (craft_id is None or row[1] == craft_id)
            and (place_id is None or row[0] == place_id)
        )
        return Cube(place=self.place, rows=rows)

    @property
    def total(self) -> int:
        return sum(row[4] for row in self.rows)

    def _by(self, position: int) -> Counter:
        counts: Counter = Counter()
        for row in self.rows:
            counts[row[position]] += row[4]
        return counts

    def by_place(self) -> Counter:
        return self._by(0)

    def by_craft(self) -> Counter:
        return self._by(1)

    def by_gender(self) -> Counter:
        return self._by(2)

    def by_year(self) -> Counter:
        return self._by(3)


def other_craft_counts_by_governorate(artisans: QuerySet, craft: Craft) -> Counter:
    """Artisans who practise ``craft`` besides their primary craft, per governorate id."""
    rows = (
        artisans.order_by()
        .filter(other_crafts=craft)
        .values_list("governorate_id")
        .annotate(artisans=Count("pk", distinct=True))
    )
    return Counter(dict(rows))


# --- Tables ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    code: str  # ISO code, craft code or gender value; "" for wilayats (they have no code)
    name: str
    artisans: int
    share: Decimal | None = None
    extra: dict = field(default_factory=dict)

    @property
    def suppressed(self) -> bool:
        return 0 < self.artisans < SUPPRESSION_THRESHOLD


@dataclass(frozen=True)
class YearRow:
    year: int
    registrations: int  # new registrations during the year
    total: int  # registered by 31 December
    growth: Decimal | None  # % change of ``total`` against the previous year's


def ranked(rows: list[Row]) -> list[Row]:
    """Most artisans first; ties by name so the order is stable."""
    return sorted(rows, key=lambda row: (-row.artisans, row.name))


def governorate_rows(cube: Cube, governorates: list[Governorate]) -> list[Row]:
    """Every governorate (those without artisans too), ranked, with its share of the total."""
    counts, total = cube.by_place(), cube.total
    return ranked(
        [Row(g.code, g.name, counts[g.pk], percentage(counts[g.pk], total)) for g in governorates]
    )


def craft_rows(cube: Cube, crafts: list[Craft]) -> list[Row]:
    counts, total = cube.by_craft(), cube.total
    return ranked(
        [Row(c.code, c.name, counts[c.pk], percentage(counts[c.pk], total)) for c in crafts]
    )


def gender_rows(cube: Cube) -> list[Row]:
    counts, total = cube.by_gender(), cube.total
    return [
        Row(value, str(label), counts[value], percentage(counts[value], total))
        for value, label in Artisan.Gender.choices
    ]


def wilayat_rows(cube: Cube, wilayats: list[Wilayat]) -> list[Row]:
    """Every wilayat of a governorate, ranked; shares are left out so "< 5" cannot be undone."""
    counts = cube.by_place()
    rows = [Row("", w.name, counts[w.pk], extra={"is_seat": w.is_seat}) for w in wilayats]
    # Suppressed counts sort together (as "< 5") so their order does not reveal them either.
    return sorted(
        rows,
        key=lambda row: (
            -(row.artisans if not row.suppressed else SUPPRESSION_THRESHOLD - 1),
            row.name,
        ),
    )


def year_rows(cube: Cube, last_year: int) -> list[YearRow]:
    """Registrations per year up to ``last_year``, the running total and its growth."""
    per_year = cube.by_year()
    if not per_year:
        return []
    first_year = min(per_year)
    rows, running, previous = [], 0, None
    for year in range(first_year, last_year + 1):
        running += per_year[year]
        growth = percentage(running - previous, previous) if previous else None
        rows.append(YearRow(year, per_year[year], running, growth))
        previous = running
    return rows


def reported_together(rows: list[Row], governorates: list[Governorate]) -> list[dict]:
    """The 2017 report's merged figures (North + South Batinah, North + South Sharqiyah)."""
    by_code = {row.code: row for row in rows}
    names = {g.code: g.name for g in governorates}
    groups = []
    for codes in REPORTED_TOGETHER_IN_2017:
        if all(code in by_code for code in codes):
            groups.append(
                {
                    "names": [names[code] for code in codes],
                    "artisans": sum(by_code[code].artisans for code in codes),
                }
            )
    return groups
