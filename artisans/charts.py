"""Geometry of the map of Oman for the statistics pages (bar charts: ``craftsreg.charts``).

Templates draw what these functions compute, so the map needs no JavaScript. The map is
geography and is never mirrored for right-to-left pages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MAP_DATA = Path(__file__).resolve().parent / "data" / "oman-map.json"

MAP_CLASSES = 5


@cache
def map_outline() -> dict:
    """Width, height and SVG path of each governorate (built by ``manage.py build_oman_map``)."""
    return json.loads(MAP_DATA.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class MapRegion:
    code: str
    name: str
    artisans: int
    path: str
    shade: int  # 0 = no artisans, 1..MAP_CLASSES = darker for more
    url: str


@dataclass(frozen=True)
class LegendEntry:
    shade: int
    low: int
    high: int


def map_shades(counts: dict[str, int]) -> tuple[dict[str, int], list[LegendEntry]]:
    """Shade class per code and the legend, by rank (quantiles).

    Counts range from a few hundred to several thousand, so equal-width classes would paint ten
    governorates alike; ranking spreads them over the classes. Governorates without artisans
    get class 0.
    """
    positive = sorted((n, code) for code, n in counts.items() if n > 0)
    shades = {code: 0 for code, n in counts.items() if n <= 0}
    classes = min(MAP_CLASSES, len({n for n, _ in positive}))
    members: dict[int, list[int]] = {}
    for rank, (n, code) in enumerate(positive):
        shade = rank * classes // len(positive) + 1
        # Equal counts share a class, whatever their rank.
        if rank and n == positive[rank - 1][0]:
            shade = shades[positive[rank - 1][1]]
        shades[code] = shade
        members.setdefault(shade, []).append(n)
    legend = []
    if len(shades) > len(positive):
        legend.append(LegendEntry(0, 0, 0))
    legend += [LegendEntry(s, min(ns), max(ns)) for s, ns in sorted(members.items())]
    return shades, legend


def map_regions(rows, url_for) -> tuple[list[MapRegion], list[LegendEntry]]:
    """Regions of the choropleth for governorate ``rows`` (objects with code, name, artisans)."""
    paths = map_outline()["regions"]
    shades, legend = map_shades({row.code: row.artisans for row in rows})
    regions = [
        MapRegion(row.code, row.name, row.artisans, paths[row.code], shades[row.code], url_for(row))
        for row in sorted(rows, key=lambda r: r.code)
        if row.code in paths
    ]
    return regions, legend
