"""Bar charts drawn on the server as inline SVG geometry (docs/admin.md "Dashboard"): no
script, no external library; the template draws the rectangles this computes and prints
the numbers beside them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as the page prints it
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    maximum_text: str
    baseline: float
    # Labels under every n-th bar, so that 24 months stay readable.
    label_every: int


Point = tuple[str, float | int | Decimal, str]  # (label, value, text)


def _bars(points: list[Point], room: float, place) -> tuple[list[Bar], str]:
    """One bar per point, its size scaled to `room` by the largest value;
    `place(index, size)` gives its (x, y, width, height). Also the largest value's text."""
    largest = max((float(value) for _, value, _ in points), default=0.0)
    bars = []
    for index, (label, value, text) in enumerate(points):
        size = room * float(value) / largest if largest > 0 else 0.0
        x, y, width, height = place(index, size)
        bars.append(
            Bar(label=label, value=float(value), text=text, x=x, y=y, width=width, height=height)
        )
    maximum = max(points, key=lambda point: float(point[1]))[2] if points else "0"
    return bars, maximum


def column_chart(
    points: list[Point],
    *,
    width: int = 640,
    height: int = 180,
    label_every: int = 3,
) -> BarChart:
    """Vertical bars, one per (label, value, text), scaled to the largest value."""
    top, bottom = 12.0, 22.0
    plot = height - top - bottom
    slot = width / max(len(points), 1)

    def place(index: int, size: float):
        x = round(index * slot + slot * 0.15, 2)
        return x, round(top + plot - size, 2), round(slot * 0.7, 2), round(size, 2)

    bars, maximum = _bars(points, plot, place)
    return BarChart(width, height, bars, maximum, top + plot, label_every)


LABEL_WIDTH = 170  # row_chart: the label column left of the bars


def row_chart(points: list[Point], *, width: int = 460, row: int = 22) -> BarChart:
    """Horizontal bars (a ranking), one row per (label, value, text), in the given order;
    labels in a column on the left, each value printed after its bar."""

    def place(index: int, size: float):
        return float(LABEL_WIDTH), float(index * row + 3), round(size, 2), float(row - 6)

    bars, maximum = _bars(points, width - LABEL_WIDTH - 40, place)
    return BarChart(width, max(len(points), 1) * row, bars, maximum, 0.0, 1)
