"""Geometry of the server-rendered SVG charts and of the map of Oman.

Templates draw what these functions compute, so charts need no JavaScript. Bar charts are laid out
in logical coordinates (distance from the inline start) and mirrored for right-to-left pages; the
map is geography and is never mirrored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.contrib.humanize.templatetags.humanize import intcomma

MAP_DATA = Path(__file__).resolve().parent / "data" / "oman-map.json"

CHART_WIDTH = 720
LABEL_WIDTH = 250
VALUE_WIDTH = 110
ROW_HEIGHT = 28
BAR_HEIGHT = 18
GAP = 8
MAP_CLASSES = 5


@dataclass(frozen=True)
class Bar:
    label: str
    value_label: str
    y: float  # top of the row
    bar_x: float
    bar_width: float
    label_x: float
    value_x: float
    highlight: bool = False

    @property
    def text_y(self) -> float:
        return self.y + ROW_HEIGHT / 2

    @property
    def bar_y(self) -> float:
        return self.y + (ROW_HEIGHT - BAR_HEIGHT) / 2


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    rtl: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


def bar_chart(items: list[tuple[str, int, bool]], *, rtl: bool) -> BarChart:
    """Horizontal bars for ``(label, value, highlight)`` items, in the given order.

    Labels sit at the inline start and end at the bars; values follow the bars. With the SVG's
    ``direction`` set to the page's, ``text-anchor="end"``/``"start"`` are logical too, so only
    the x coordinates are mirrored here.
    """
    bar_space = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max((value for _, value, _ in items), default=0)

    def x(logical: float) -> float:
        return round(CHART_WIDTH - logical if rtl else logical, 1)

    bars = []
    for index, (label, value, highlight) in enumerate(items):
        length = round(bar_space * value / largest, 1) if largest else 0
        start = LABEL_WIDTH
        bars.append(
            Bar(
                label=label,
                value_label=intcomma(value),
                y=index * ROW_HEIGHT,
                # A rect grows rightwards from x whatever the direction.
                bar_x=x(start + length) if rtl else x(start),
                bar_width=length,
                label_x=x(LABEL_WIDTH - GAP),
                value_x=x(start + length + GAP),
                highlight=highlight,
            )
        )
    return BarChart(width=CHART_WIDTH, height=max(len(items), 1) * ROW_HEIGHT, bars=bars, rtl=rtl)


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
