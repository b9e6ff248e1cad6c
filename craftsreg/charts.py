"""Geometry of the server-rendered SVG charts: the one bar chart of every public page.

Templates draw what these functions compute (``templates/includes/_bar_chart.html``), so charts
need no JavaScript and no template arithmetic.

Why the bar chart has no viewBox: a chart scaled down as a whole shrinks its labels with it (at
390 px a 720-unit chart prints 13 px text at 6 px). Instead the chart is as wide as its column,
its rows are fixed CSS pixels high and the horizontal positions are percentages of the width:
text keeps its CSS size at every width and only the bars get shorter. Each row puts the label
and the value on one line, the bar under them, so long labels never squeeze the bars.

Positions are computed in logical terms (from the inline start) and mirrored for right-to-left
pages; with the SVG's ``direction`` set to the page's, ``text-anchor`` start/end are logical too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma

# Row layout in CSS pixels: a text line (label and value) above a bar.
LINE_HEIGHT = 22
BAR_HEIGHT = 14
ROW_GAP = 10
ROW_HEIGHT = LINE_HEIGHT + BAR_HEIGHT + ROW_GAP
# Width of the stand-alone SVG file (a download has no column to fill).
FILE_WIDTH = 720


@dataclass(frozen=True)
class Bar:
    """One row. Horizontal positions are percentages of the chart's width."""

    label: str
    value_label: str
    y: float  # top of the row, CSS px
    bar_x: float
    bar_width: float
    label_x: float
    value_x: float
    highlight: bool = False

    @property
    def text_y(self) -> float:
        return self.y + LINE_HEIGHT / 2

    @property
    def bar_y(self) -> float:
        return self.y + LINE_HEIGHT

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT


@dataclass(frozen=True)
class BarChart:
    height: int
    bars: list[Bar]
    rtl: bool
    width: int = FILE_WIDTH  # only the stand-alone file uses it

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


def bar_chart(items: list[tuple[str, int, bool]], *, rtl: bool, percent: bool = False) -> BarChart:
    """Horizontal bars for ``(label, value, highlight)`` items, in the given order.

    The longest bar fills the width; a value of zero draws no bar (its row still shows "0").
    ``percent`` labels values as percentages to one decimal (shares rather than counts).
    """
    largest = max((value for _, value, _ in items), default=0)

    def x(logical: float) -> float:
        return round(100 - logical if rtl else logical, 2)

    bars = []
    for index, (label, value, highlight) in enumerate(items):
        length = round(100 * value / largest, 2) if largest else 0
        bars.append(
            Bar(
                label=label,
                value_label=f"{value:.1f}%" if percent else intcomma(value),
                y=index * ROW_HEIGHT,
                # A rect grows rightwards from x whatever the direction.
                bar_x=x(length) if rtl else 0,
                bar_width=length,
                label_x=x(0),
                value_x=x(100),
                highlight=highlight,
            )
        )
    # The last row needs no gap below it.
    height = max(len(items) * ROW_HEIGHT - ROW_GAP, LINE_HEIGHT)
    return BarChart(height=height, bars=bars, rtl=rtl)


@dataclass(frozen=True)
class Column:
    """A vertical bar of a histogram, in the chart's viewBox units."""

    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    columns: list[Column]


COLUMN_WIDTH = 10
COLUMN_GAP = 2
COLUMN_CHART_HEIGHT = 60


def column_chart(items: list[tuple[str, int]]) -> ColumnChart:
    """Vertical bars for ``(label, value)`` items, left to right, the tallest filling the height.

    For small multiples without text inside (score histograms): the table beside each chart
    carries the labels and numbers, so the picture may scale freely.
    """
    peak = max((value for _, value in items), default=0) or 1
    columns = []
    for index, (label, value) in enumerate(items):
        height = round(COLUMN_CHART_HEIGHT * value / peak, 2)
        columns.append(
            Column(
                label=label,
                value=value,
                x=index * COLUMN_WIDTH + COLUMN_GAP / 2,
                y=round(COLUMN_CHART_HEIGHT - height, 2),
                width=COLUMN_WIDTH - COLUMN_GAP,
                height=height,
            )
        )
    return ColumnChart(
        width=max(len(items), 1) * COLUMN_WIDTH, height=COLUMN_CHART_HEIGHT, columns=columns
    )
