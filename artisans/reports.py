"""The tables of each statistics page, in the active language, from the aggregated rows.

The same ``Table`` feeds the HTML table, the CSV and the JSON, so the downloads are exactly
what the page shows.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import gettext as _

from artisans.cache import registry_version
from artisans.downloads import WITHHELD, Table
from artisans.models import Artisan, Craft, Governorate
from artisans.statistics import SUPPRESSION_THRESHOLD, Row, YearRow, withheld
from artisans.viability import CraftViability


def _share_rows(rows: list[Row]) -> list[dict]:
    return [
        {"code": row.code, "name": row.name, "artisans": row.artisans, "share": row.share}
        for row in rows
    ]


def _total_row(total: int, label_key: str = "name") -> dict:
    return {label_key: _("Total"), "artisans": total, "share": Decimal("100.00") if total else None}


def _share_table(
    slug: str, name_heading: str, rows: list[Row], *, year: int, total: int, prefix="", **payload
):
    """Name, artisans and share of the total per row, with the total: the JSON lists the rows
    under the table's slug, the file is ``<prefix><slug>-<year>``."""
    return Table(
        slug=slug,
        columns=[
            ("code", _("Code")),
            ("name", name_heading),
            ("artisans", _("Artisans")),
            ("share", _("Share of total (%)")),
        ],
        rows=_share_rows(rows),
        total_row=_total_row(total),
        payload={"year": year, **payload, "total": total, slug: _share_rows(rows)},
        filename=f"{prefix}{slug}-{year}",
    )


def governorates_table(rows: list[Row], **options):
    return _share_table("governorates", _("Governorate"), rows, **options)


def viability_table(rows: list[CraftViability], *, year: int, total: int, **payload):
    """The crafts with their viability figures (the overview's crafts.json and the viability page).

    Counts of 1–4 artisans are withheld with enough others that none can be worked back from the
    total (``statistics.withheld``); a withheld craft's share is withheld with it, and age
    figures computed from fewer than five birth dates are withheld too.
    """
    hidden = withheld([row.artisans for row in rows])
    small = withheld([row.new_last_3_years for row in rows])

    def cell(value, hide):
        return WITHHELD if hide else value

    dicts = []
    for index, row in enumerate(rows):
        ages_hidden = index in hidden or row.ages_suppressed
        dicts.append(
            {
                "code": row.code,
                "name": row.name,
                "artisans": cell(row.artisans, index in hidden),
                "share": cell(row.share, index in hidden),
                # A share of 1–4 people is a small count in disguise (share × ages).
                "under_30": cell(row.under_30, ages_hidden or 0 < row.under_30_count < 5),
                "over_60": cell(row.over_60, ages_hidden or 0 < row.over_60_count < 5),
                "median_age": cell(row.median_age, ages_hidden),
                "new_last_3_years": cell(row.new_last_3_years, index in small),
                "growth": cell(row.growth, index in hidden),
                "status": row.status.value if row.status else None,
                "status_label": row.status.label if row.status else "",
            }
        )
    columns = [
        ("code", _("Code")),
        ("name", _("Craft")),
        ("artisans", _("Artisans")),
        ("share", _("Share of total (%)")),
        ("under_30", _("Aged under 30 (%)")),
        ("over_60", _("Aged 60 or over (%)")),
        ("median_age", _("Median age")),
        ("new_last_3_years", _("New registrations in the last 3 years")),
        ("growth", _("Growth (%)")),
        ("status_label", _("Status")),
    ]
    return Table(
        slug="crafts",
        columns=columns,
        rows=dicts,
        total_row=_total_row(total),
        payload={
            "year": year,
            **payload,
            "total": total,
            "suppression_threshold": SUPPRESSION_THRESHOLD,
            "crafts": [
                {key: value for key, value in row.items() if key != "status_label"} for row in dicts
            ],
        },
        filename=f"crafts-{year}",
    )


def crafts_table(rows: list[Row], **options):
    return _share_table("crafts", _("Craft"), rows, **options)


def gender_table(rows: list[Row], **options):
    return _share_table("gender", _("Gender"), rows, **options)


def years_table(rows: list[YearRow], *, year: int, prefix: str = "", **payload):
    dicts = [
        {
            "year": row.year,
            "registrations": row.registrations,
            "total": row.total,
            "growth": row.growth,
        }
        for row in rows
    ]
    return Table(
        slug="years",
        columns=[
            ("year", _("Year")),
            ("registrations", _("New registrations")),
            ("total", _("Registered by 31 December")),
            ("growth", _("Change on previous year (%)")),
        ],
        rows=dicts,
        payload={"year": year, **payload, "years": dicts},
        filename=f"{prefix}years-{year}",
    )


def wilayats_table(rows: list[Row], *, year: int, total: int, governorate, prefix: str = ""):
    dicts = [
        {
            "name": row.name,
            # Withheld: the marker in the page and the CSV, null in the JSON.
            "artisans": WITHHELD if row.suppressed else row.artisans,
            "suppressed": row.suppressed,
        }
        for row in rows
    ]
    return Table(
        slug="wilayats",
        columns=[("name", _("Wilayat")), ("artisans", _("Artisans"))],
        rows=dicts,
        total_row={"name": _("Total"), "artisans": total},
        payload={
            "year": year,
            "governorate": {"code": governorate.code, "name": governorate.name},
            "total": total,
            "suppression_threshold": SUPPRESSION_THRESHOLD,
            "wilayats": dicts,
        },
        filename=f"{prefix}wilayats-{year}",
    )


def craft_governorates_table(
    rows: list[Row], other: dict[str, int], *, year: int, total: int, craft, prefix: str = ""
):
    """Artisans of a craft per governorate: as primary craft, and (separately) as another craft."""
    dicts = [
        {
            "code": row.code,
            "name": row.name,
            "artisans": row.artisans,
            "share": row.share,
            "other_craft": other.get(row.code, 0),
        }
        for row in rows
    ]
    return Table(
        slug="governorates",
        columns=[
            ("code", _("Code")),
            ("name", _("Governorate")),
            ("artisans", _("Artisans (primary craft)")),
            ("share", _("Share of total (%)")),
            ("other_craft", _("Also practise it besides their primary craft")),
        ],
        rows=dicts,
        total_row={
            "name": _("Total"),
            "artisans": total,
            "share": Decimal("100.00") if total else None,
            "other_craft": sum(other.values()),
        },
        payload={
            "year": year,
            "craft": {"code": craft.code, "name": craft.name},
            "total": total,
            "governorates": dicts,
        },
        filename=f"{prefix}governorates-{year}",
    )


def _count_headline() -> dict:
    return {
        "artisans": Artisan.objects.registered().count(),
        "governorates": Governorate.objects.count(),
        "crafts": Craft.objects.count(),
    }


def home_headline() -> dict:
    """The home page's figures: registered artisans, governorates, crafts.

    Counting a million artisans takes PostgreSQL tens of milliseconds: cached per registry
    version, so a new artisan shows as soon as it is saved.
    """
    return cache.get_or_set(f"home:headline:{registry_version()}", _count_headline, timeout=None)
