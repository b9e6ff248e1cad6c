"""Craft viability: is each craft being passed on to young people?

The source article's award criteria reward "passing the craft on to young Omanis"; the Heritage
Crafts Red List (UK) grades crafts by how many practise them and whether new people are learning.
From the registry's birth dates and registration years each craft gets: its artisans, the share
aged under 30 and aged 60 or over, the median age, the new registrations of the last three years,
its growth, and a status on the rule below (also printed in the page's methodology note):

- **endangered** — fewer than ``ENDANGERED_BELOW`` artisans, or at least ``ENDANGERED_OLDER``
  per cent aged 60 or over, or under ``ENDANGERED_YOUNG`` per cent aged under 30;
- **at risk** — otherwise, fewer than ``AT_RISK_BELOW`` artisans, or at least ``AT_RISK_OLDER``
  per cent aged 60 or over, or under ``AT_RISK_YOUNG`` per cent aged under 30, or new
  registrations in the last three years under ``AT_RISK_NEW`` per cent of its artisans;
- **viable** — otherwise.

Ages are reached during the period's year (year minus year of birth), over the artisans whose
birth date is recorded. The status is assessed for the whole country only: thresholds on the
number of artisans mean nothing inside one governorate or for one gender.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from artisans.statistics import SUPPRESSION_THRESHOLD, Cube, Period, cached, percentage

YOUNG_BELOW = 30  # "under 30"
OLDER_FROM = 60  # "60 or over"
RECENT_YEARS = 3

ENDANGERED_BELOW = 100
ENDANGERED_OLDER = Decimal(50)
ENDANGERED_YOUNG = Decimal(5)
AT_RISK_BELOW = 300
AT_RISK_OLDER = Decimal(30)
AT_RISK_YOUNG = Decimal(10)
AT_RISK_NEW = Decimal(10)

# Age bands of a craft's age profile: (lowest age, highest age or None).
AGE_BANDS = ((0, 29), (30, 39), (40, 49), (50, 59), (60, 69), (70, None))


class Status(models.TextChoices):
    VIABLE = "viable", _("Viable")
    AT_RISK = "at_risk", _("At risk")
    ENDANGERED = "endangered", _("Endangered")


# Most worrying first: the order of the viability page.
STATUS_ORDER = (Status.ENDANGERED, Status.AT_RISK, Status.VIABLE)


@dataclass(frozen=True)
class CraftViability:
    code: str
    name: str
    artisans: int
    share: Decimal | None  # of all artisans in the table, per cent
    known_ages: int  # artisans with a recorded birth date
    under_30: Decimal | None  # per cent of known ages
    over_60: Decimal | None
    under_30_count: int
    over_60_count: int
    median_age: Decimal | None
    new_last_3_years: int
    growth: Decimal | None  # per cent, over the period's growth year
    status: Status | None  # None: no artisans, or not assessed (a filtered table)

    @property
    def suppressed(self) -> bool:
        return 0 < self.artisans < SUPPRESSION_THRESHOLD

    @property
    def ages_suppressed(self) -> bool:
        """Shares and the median of fewer than five ages could point to individuals."""
        return self.known_ages < SUPPRESSION_THRESHOLD


def status_of(
    artisans: int, under_30: Decimal | None, over_60: Decimal | None, new: int
) -> Status | None:
    """The rule of the module docstring (and of the page's methodology note)."""
    if not artisans:
        return None
    new_share = percentage(new, artisans)
    if (
        artisans < ENDANGERED_BELOW
        or (over_60 is not None and over_60 >= ENDANGERED_OLDER)
        or (under_30 is not None and under_30 < ENDANGERED_YOUNG)
    ):
        return Status.ENDANGERED
    if (
        artisans < AT_RISK_BELOW
        or (over_60 is not None and over_60 >= AT_RISK_OLDER)
        or (under_30 is not None and under_30 < AT_RISK_YOUNG)
        or new_share < AT_RISK_NEW
    ):
        return Status.AT_RISK
    return Status.VIABLE


def median_age(ages: Counter) -> Decimal | None:
    """Median of ``{age: artisans}``, to one decimal (the mean of the two middle ages)."""
    total = sum(n for n in ages.values() if n > 0)
    if not total:
        return None
    # Walk the counts instead of expanding them into a list: a craft of the 1 M benchmark
    # would otherwise build a list of hundreds of thousands of ages per page.
    wanted = {(total - 1) // 2, total // 2}  # the one or two middle positions
    middle = []
    seen = 0
    for age, n in sorted(ages.items()):
        if n <= 0:
            continue
        middle.extend(age for position in sorted(wanted) if seen <= position < seen + n)
        seen += n
        if len(middle) == len(wanted):
            break
    return (Decimal(sum(middle)) / len(middle)).quantize(Decimal("0.1"))


def ages_by_craft(cube: Cube, year: int) -> dict[int, Counter]:
    """``{craft id: {age reached in year: artisans}}`` (unknown birth dates left out)."""
    ages: dict[int, Counter] = {}
    for (craft_id, birth_year), n in cube.by_craft_and_birth_year().items():
        if birth_year is None:
            continue
        ages.setdefault(craft_id, Counter())[year - birth_year] += n
    return ages


def craft_viability(
    cube: Cube, crafts, period: Period, *, assess: bool = True
) -> list[CraftViability]:
    """Every craft's figures for ``period`` from a cube built with ``ages=True`` and sliced to
    the period; ranked by artisans. ``assess=False`` leaves the status out (filtered tables)."""
    year = period.year
    by_craft_year = cube.by_craft_and_year()
    ages = ages_by_craft(cube, year)
    total = cube.total
    rows = []
    for craft in crafts:
        per_year = {y: n for (c, y), n in by_craft_year.items() if c == craft.pk}
        artisans = sum(n for y, n in per_year.items() if y <= year)
        new = sum(n for y, n in per_year.items() if year - RECENT_YEARS < y <= year)
        by_growth_year = sum(n for y, n in per_year.items() if y <= period.growth_year)
        by_base_year = sum(n for y, n in per_year.items() if y <= period.growth_base_year)
        craft_ages = ages.get(craft.pk, Counter())
        known = sum(craft_ages.values())
        under = sum(n for age, n in craft_ages.items() if age < YOUNG_BELOW)
        older = sum(n for age, n in craft_ages.items() if age >= OLDER_FROM)
        under_30, over_60 = percentage(under, known), percentage(older, known)
        rows.append(
            CraftViability(
                code=craft.code,
                name=craft.name,
                artisans=artisans,
                share=percentage(artisans, total),
                known_ages=known,
                under_30=under_30,
                over_60=over_60,
                under_30_count=under,
                over_60_count=older,
                median_age=median_age(craft_ages),
                new_last_3_years=new,
                growth=percentage(by_growth_year - by_base_year, by_base_year),
                status=status_of(artisans, under_30, over_60, new) if assess else None,
            )
        )
    return sorted(rows, key=lambda row: (-row.artisans, row.name))


def by_status(rows: list[CraftViability]) -> list[tuple[Status, list[CraftViability]]]:
    """The crafts grouped by status, most worrying first (groups without crafts left out)."""
    groups = [(status, [row for row in rows if row.status == status]) for status in STATUS_ORDER]
    return [(status, members) for status, members in groups if members]


def age_profile(cube: Cube, craft_id: int, year: int) -> tuple[list[tuple[str, int]], int]:
    """(artisans per age band of one craft, artisans whose birth date is not recorded)."""
    ages = ages_by_craft(cube, year).get(craft_id, Counter())
    unknown = sum(
        n
        for (c, birth_year), n in cube.by_craft_and_birth_year().items()
        if c == craft_id and birth_year is None
    )
    bands = []
    for low, high in AGE_BANDS:
        n = sum(
            count for age, count in ages.items() if age >= low and (high is None or age <= high)
        )
        bands.append((band_label(low, high), n))
    return bands, unknown


def band_label(low: int, high: int | None) -> str:
    if low == 0:
        return str(_("Under %(age)d") % {"age": high + 1})
    if high is None:
        return str(_("%(age)d or over") % {"age": low})
    # In words, not "30–39": a dash between digits reads backwards in right-to-left text.
    return str(_("%(low)d to %(high)d") % {"low": low, "high": high})


def ages_cube(filterset) -> Cube:
    """The registry's cube with birth years, sliced by a page's filters."""
    from artisans.models import Artisan

    return filterset.filter_cube(Cube.cached("registry", Artisan.objects.registered(), ages=True))


def _cache_name(kind: str, *parts) -> str:
    """The name figures of one view are cached under, besides the registry's version: they
    depend on the language (the crafts' names, the age bands' labels) and on ``parts`` (the
    period, the filters, the crafts)."""
    signature = repr((kind, get_language(), *parts))
    return f"viability:{kind}:" + hashlib.sha256(signature.encode()).hexdigest()[:32]


def _crafts_named(crafts) -> list:
    return [(craft.pk, craft.code, craft.name) for craft in crafts]


def cached_craft_viability(filterset, crafts, period: Period, *, assess: bool):
    """``craft_viability`` of a page's filters, computed once per registry version (as the
    cubes are), filters, period, crafts and language. Grouping the cube with birth years took
    0.3–0.5 s of every request of the statistics overview at 1 M artisans, cube cached or not.
    """
    params = sorted(filterset.query_params().items())
    name = _cache_name("crafts", period, assess, params, _crafts_named(crafts))
    return cached(
        name, lambda: craft_viability(ages_cube(filterset), crafts, period, assess=assess)
    )


def cached_age_profile(filterset, craft, year: int):
    """``age_profile`` of one craft under a craft page's filters, cached the same way: the
    page grouped the whole cube with birth years for it on every request."""
    params = sorted(filterset.query_params().items())
    name = _cache_name("ages", year, params, _crafts_named([craft]))
    return cached(name, lambda: age_profile(ages_cube(filterset), craft.pk, year))


def cached_national_figures(craft, period: Period) -> CraftViability:
    """One craft's figures for the whole country in ``period`` (its status is assessed
    nationally whatever a page's filters), cached the same way."""
    from artisans.models import Artisan

    def compute():
        cube = Cube.cached("registry", Artisan.objects.registered(), ages=True)
        return craft_viability(cube.sliced(last_year=period.year), [craft], period)[0]

    return cached(_cache_name("national", period, _crafts_named([craft])), compute)


def default_figures(cube: Cube, span, today) -> dict[str, list[CraftViability]]:
    """{cache name: figures} of the default view of the overview and the crafts page (the
    whole country, the latest year, no filter) in every language, from the registry's cube
    with birth years. ``statistics.warm`` stores them with the cubes: the first visitor after a
    refresh finds them computed."""
    from django.conf import settings
    from django.utils import translation

    from artisans.models import Craft
    from artisans.statistics import latest_year

    period = Period.of(latest_year(span, today), today)
    figures = {}
    for language, _label in settings.LANGUAGES:
        with translation.override(language):
            crafts = list(Craft.objects.order_by_name())  # as the pages list them
            name = _cache_name("crafts", period, True, [], _crafts_named(crafts))
            figures[name] = craft_viability(cube, crafts, period, assess=True)
    return figures
