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


# Map labels: a numbered disc on each governorate, keyed to the list under the map, so a phone
# user without hover can tell the regions apart. Sizes are viewBox units: the 600-unit map is
# about 360 px wide on a 390 px phone, so 20 units print at 12 px.
LABEL_RADIUS = 14
LABEL_FONT_SIZE = 20
# Where the centre of a region's largest part would put two discs on top of each other (the
# small governorates around Muscat), the disc moves by this many units.
LABEL_NUDGE = {"OM-MA": (12, -6), "OM-BS": (-10, -8), "OM-BJ": (0, 10), "OM-DA": (-6, 8)}


def _polygons(path: str) -> list[list[tuple[float, float]]]:
    polygons = []
    for part in path.split("M")[1:]:
        points = []
        for pair in part.replace("Z", "").split("L"):
            if pair.strip():
                x, y = pair.split(",")
                points.append((float(x), float(y)))
        polygons.append(points)
    return polygons


def _centroid(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(area, x, y) of a polygon (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        return 0.0, points[0][0], points[0][1]
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


@cache
def label_points() -> dict[str, tuple[float, float]]:
    """Where each governorate's number goes: the centre of its largest part, nudged apart."""
    points = {}
    for code, path in map_outline()["regions"].items():
        _area, x, y = max(_centroid(polygon) for polygon in _polygons(path))
        dx, dy = LABEL_NUDGE.get(code, (0, 0))
        points[code] = (round(x + dx, 1), round(y + dy, 1))
    return points


@dataclass(frozen=True)
class MapRegion:
    code: str
    name: str
    artisans: int
    path: str
    shade: int  # 0 = no artisans, 1..MAP_CLASSES = darker for more
    url: str
    number: int = 0  # the label on the map and in the key: the governorate's rank
    label_x: float = 0
    label_y: float = 0

    @property
    def label_dark(self) -> bool:
        """Dark shades carry a light label."""
        return self.shade >= 4


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
    points = label_points()
    shades, legend = map_shades({row.code: row.artisans for row in rows})
    numbers = {row.code: index for index, row in enumerate(rows, start=1)}
    regions = [
        MapRegion(
            row.code,
            row.name,
            row.artisans,
            paths[row.code],
            shades[row.code],
            url_for(row),
            number=numbers[row.code],
            label_x=points[row.code][0],
            label_y=points[row.code][1],
        )
        for row in sorted(rows, key=lambda r: r.code)
        if row.code in paths
    ]
    return regions, legend
