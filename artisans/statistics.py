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
from django.utils import timezone

from artisans.cache import statistics_version
from artisans.models import Artisan, Craft, Governorate, Wilayat

# Counts of 1–4 artisans in a wilayat could point to individuals in a small village; they are
# withheld (ONS / DHIS2 practice), with as many other cells as it takes so that none can be
# worked back from the published total (``withheld``). Totals stay exact.
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


def _data_key(version: int, name: str) -> str:
    return f"statistics:data:{version}:{name}"


def cube_key(name: str, place: str = "governorate_id", ages: bool = False) -> str:
    """The cache name of a scope's cube (``warm`` stores some under the same names)."""
    return f"cube:{name}:{place}{':ages' if ages else ''}"


_AGES_CUBE = cube_key("registry", ages=True)


def cached(name: str, compute):
    """``compute()`` cached until the registry changes (the version the statistics pages show:
    ``statistics_version()``)."""
    key = _data_key(statistics_version(), name)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


@dataclass(frozen=True)
class Span:
    """What the registry holds: its first and latest registration years, its last change."""

    first_year: int | None
    last_year: int | None
    last_updated: datetime.datetime | None


def registry_span() -> Span:
    """The registry's span in one query.

    ``updated_at`` has no index, so this scans the table: it is cached with the cubes.
    """
    span = Artisan.objects.aggregate(
        first=Min("registered_on"), last=Max("registered_on"), updated=Max("updated_at")
    )
    return Span(
        first_year=span["first"].year if span["first"] else None,
        last_year=span["last"].year if span["last"] else None,
        last_updated=span["updated"],
    )


# "span2": the value's shape changed from a tuple; never read an old entry as the new one.
_SPAN = "span2"


def cached_registry_span() -> Span:
    return cached(_SPAN, registry_span)


def latest_year(span: Span, today: datetime.date) -> int:
    """The period a page shows by default: the latest year with registrations.

    Years after it have no data: defaulting to the calendar year would show "growth 0.00 %" and
    rows of zeros. An empty registry shows the current year.
    """
    return min(span.last_year or today.year, today.year)


def selectable_years(span: Span, today: datetime.date) -> list[int]:
    """Years a visitor can choose, newest first: from the Authority's first year (or older
    carried-over registrations) to the latest year with data."""
    first = min(span.first_year or FIRST_REGISTRY_YEAR, FIRST_REGISTRY_YEAR)
    return list(range(latest_year(span, today), first - 1, -1))


@dataclass(frozen=True)
class Period:
    """The period a page shows and the two complete years its growth headline compares.

    A year is complete once it has ended. ``in_progress`` is the current calendar year (shown
    "to date"); its growth would compare part of a year with a whole one, so the headline then
    compares the two years before it.
    """

    year: int
    in_progress: bool

    @classmethod
    def of(cls, year: int, today: datetime.date) -> Period:
        return cls(year=year, in_progress=year >= today.year)

    @property
    def growth_year(self) -> int:
        return self.year - 1 if self.in_progress else self.year

    @property
    def growth_base_year(self) -> int:
        return self.growth_year - 1


@dataclass(frozen=True)
class Cube:
    """Artisan counts grouped by a place, primary craft, gender and registration year.

    ``place`` is ``"governorate_id"`` or ``"wilayat_id"``. At most places × crafts × 2 × years
    rows (about 8,000 for the whole country over 25 years), whatever the number of artisans.
    """

    place: str
    # place, craft, gender, year, [birth year,] artisans: the count is always the last item.
    rows: tuple[tuple, ...]

    @classmethod
    def of(cls, artisans: QuerySet, place: str = "governorate_id", ages: bool = False) -> Cube:
        """``ages`` adds the year of birth (None when unknown) as a fifth dimension: about
        sixty times the rows, so only the craft figures that need ages use it."""
        dimensions = [place, "primary_craft_id", "gender", "registration_year"]
        annotations = {"registration_year": ExtractYear("registered_on")}
        if ages:
            dimensions.append("birth_year")
            annotations["birth_year"] = ExtractYear("date_of_birth")
        rows = (
            artisans.order_by()
            .annotate(**annotations)
            .values_list(*dimensions)
            .annotate(artisans=Count("pk"))
        )
        return cls(place=place, rows=tuple(rows))

    @classmethod
    def cached(
        cls, name: str, artisans: QuerySet, place: str = "governorate_id", ages: bool = False
    ) -> Cube:
        """The cube of a scope (``name`` identifies ``artisans``), cached until the registry
        changes."""
        return cached(cube_key(name, place, ages), lambda: cls.of(artisans, place, ages))

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
        return sum(row[-1] for row in self.rows)

    def _by(self, *positions: int) -> Counter:
        counts: Counter = Counter()
        if len(positions) == 1:
            (position,) = positions
            for row in self.rows:
                counts[row[position]] += row[-1]
        else:
            for row in self.rows:
                counts[tuple(row[p] for p in positions)] += row[-1]
        return counts

    def by_place(self) -> Counter:
        return self._by(0)

    def by_craft(self) -> Counter:
        return self._by(1)

    def by_gender(self) -> Counter:
        return self._by(2)

    def by_year(self) -> Counter:
        return self._by(3)

    def by_craft_and_year(self) -> Counter:
        return self._by(1, 3)

    def by_craft_and_birth_year(self) -> Counter:
        """Needs a cube built with ``ages=True``."""
        return self._by(1, 4)


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


def withheld(counts: list[int], threshold: int = SUPPRESSION_THRESHOLD) -> set[int]:
    """Indexes of the cells to withhold from a table that publishes its total.

    Primary: every count from 1 to ``threshold - 1``. Secondary: the reader knows the withheld
    cells' sum (total minus the published cells) and, zeros being published, that each is at
    least 1 — so each lies between 1 and ``sum - (withheld - 1)``. The smallest published
    non-zero cells are withheld too until that upper bound reaches ``threshold``: no withheld
    cell can then be pinned down, or even told to be small. When the non-zero cells run out
    first (a table of a few tiny counts), zero cells are withheld as well, so a withheld cell
    may be 0 and none can be pinned down. Cases no cell suppression can protect: a table whose
    only non-zero cell is its total, and one whose counts are all 1 with no zero among them.
    """
    hidden = {i for i, n in enumerate(counts) if 0 < n < threshold}
    if not hidden:
        return hidden
    nonzero = sorted((n, i) for i, n in enumerate(counts) if n > 0 and i not in hidden)
    zeros = [i for i, n in enumerate(counts) if n == 0]

    def bound() -> int:
        return sum(counts[i] for i in hidden) - (len(hidden) - 1)

    while (len(hidden) < 2 or bound() < threshold) and nonzero:
        hidden.add(nonzero.pop(0)[1])
    if (len(hidden) >= 2 and bound() < 2 and zeros) or (len(hidden) < 2 and zeros):
        hidden.add(zeros[0])
    return hidden


@dataclass(frozen=True)
class Row:
    code: str  # ISO code, craft code or gender value; "" for wilayats (they have no code)
    name: str
    artisans: int
    share: Decimal | None = None
    extra: dict = field(default_factory=dict)
    withheld: bool = False  # secondary suppression (see ``withheld()``)

    @property
    def suppressed(self) -> bool:
        return self.withheld or 0 < self.artisans < SUPPRESSION_THRESHOLD


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


def top_published(rows: list[Row]) -> Row | None:
    """The row with the most artisans, for a headline that names it: None when its count is
    withheld or zero.

    ``rows`` may be in display order (withheld counts last, ``wilayat_rows``): the first
    published row is then not always the largest, and naming it "the most" would be false —
    and it would tell in words what the table withholds. "0 of 2" is no headline either.
    """
    top = next(iter(ranked(rows)), None)
    if top is None or top.suppressed or not top.artisans:
        return None
    return top


def wilayat_rows(cube: Cube, wilayats: list[Wilayat]) -> list[Row]:
    """Every wilayat of a governorate, ranked; shares are left out so withheld counts cannot be
    undone."""
    counts = cube.by_place()
    hidden = withheld([counts[w.pk] for w in wilayats])
    rows = [
        Row("", w.name, counts[w.pk], extra={"is_seat": w.is_seat}, withheld=i in hidden)
        for i, w in enumerate(wilayats)
    ]
    # Withheld counts sort together, after the published ones, so their order reveals nothing.
    return sorted(
        rows,
        key=lambda row: (row.suppressed, 0 if row.suppressed else -row.artisans, row.name),
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


# --- Refresh by a background job (artisans.tasks.refresh_statistics) --------------------------


def scope_cubes() -> dict[str, Cube]:
    """Every cube the statistics pages use, from one grouped scan of the registry.

    The scan groups by governorate, wilayat, primary craft, gender and year (at most about
    60,000 rows whatever the registry's size); each page's cube is a roll-up of it, equal to
    what ``Cube.of`` gives on that page's queryset.
    """
    fine = (
        Artisan.objects.registered()
        .order_by()
        .annotate(registration_year=ExtractYear("registered_on"))
        .values_list(
            "governorate_id", "wilayat_id", "primary_craft_id", "gender", "registration_year"
        )
        .annotate(artisans=Count("pk"))
    )
    registry: Counter = Counter()
    by_governorate: dict[int, Counter] = {
        pk: Counter() for pk in Governorate.objects.values_list("pk", flat=True)
    }
    by_craft: dict[int, Counter] = {
        pk: Counter() for pk in Craft.objects.values_list("pk", flat=True)
    }
    for governorate, wilayat, craft, gender, year, count in fine:
        registry[(governorate, craft, gender, year)] += count
        by_governorate.setdefault(governorate, Counter())[(wilayat, craft, gender, year)] += count
        by_craft.setdefault(craft, Counter())[(governorate, craft, gender, year)] += count

    def cube(place: str, counts: Counter) -> Cube:
        return Cube(place=place, rows=tuple((*key, value) for key, value in counts.items()))

    cubes = {"cube:registry:governorate_id": cube("governorate_id", registry)}
    for pk, counts in by_governorate.items():
        cubes[f"cube:governorate:{pk}:wilayat_id"] = cube("wilayat_id", counts)
    for pk, counts in by_craft.items():
        cubes[f"cube:craft:{pk}:governorate_id"] = cube("governorate_id", counts)
    return cubes


def warm(version: int) -> int:
    """Compute and cache, for ``version``, every figure the pages take from the cache.
    Returns how many entries were stored."""
    entries = {_SPAN: registry_span(), **scope_cubes()}
    # The crafts' pages (viability, age profiles) read the registry's cube with birth years:
    # about 5 s of grouping at 1 M artisans, which no visitor should pay after a change.
    entries[_AGES_CUBE] = ages = Cube.of(Artisan.objects.registered(), ages=True)
    # And the crafts' figures the overview shows by default, grouped from that cube.
    from artisans import viability  # it builds on this module

    entries.update(viability.default_figures(ages, entries[_SPAN], timezone.localdate()))
    cache.set_many(
        {_data_key(version, name): value for name, value in entries.items()}, CACHE_SECONDS
    )
    return len(entries)
