"""Geometry for the server-rendered SVG charts (no JS chart library: they print as they are)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 16, 36


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    right_edge: int = WIDTH - RIGHT
    bottom_edge: int = HEIGHT - BOTTOM
    gridlines: list[dict[str, Any]] = field(default_factory=list)
    bars: list[dict[str, Any]] = field(default_factory=list)
    points: list[dict[str, Any]] = field(default_factory=list)
    path: str = ""
    zero_y: float = 0
    capacity_y: float | None = None
    capacity: int = 0
    empty: bool = False


def _scale(low: int, high: int) -> tuple[int, int, int]:
    """A y range that includes zero, with a readable step."""
    low, high = min(low, 0), max(high, 1)
    span = high - low
    step = 1 if span <= 8 else 2 if span <= 16 else 5 if span <= 40 else 10
    low = (low // step) * step
    high = -(-high // step) * step
    return low, high, step


def _y(value: float, low: int, high: int) -> float:
    inner = HEIGHT - BOTTOM - TOP
    return round(TOP + inner * (high - value) / (high - low), 1)


def _grid(chart: Chart, low: int, high: int, step: int) -> None:
    for value in range(low, high + 1, step):
        chart.gridlines.append({"y": _y(value, low, high), "label": value})
    chart.zero_y = _y(0, low, high)


def forecast_chart(capacity: Any) -> Chart:
    """Bars: free places per week for the whole team (below zero: more demand than places)."""
    weeks = capacity.total.weeks
    chart = Chart()
    if not weeks:
        chart.empty = True
        return chart
    low, high, step = _scale(min(w.free for w in weeks), max(max(w.free for w in weeks), 2))
    _grid(chart, low, high, step)
    slot = (WIDTH - LEFT - RIGHT) / len(weeks)
    bar = min(56.0, slot * 0.6)
    for k, week in enumerate(weeks):
        x = LEFT + slot * k + (slot - bar) / 2
        y_value = _y(week.free, low, high)
        top, bottom = min(y_value, chart.zero_y), max(y_value, chart.zero_y)
        chart.bars.append(
            {
                "x": round(x, 1),
                "y": top,
                "w": round(bar, 1),
                "h": max(round(bottom - top, 1), 1.5),
                "cx": round(x + bar / 2, 1),
                "label_y": round(top - 4 if week.free >= 0 else bottom + 13, 1),
                "week": week,
                "negative": week.free < 0,
            }
        )
    return chart


def occupancy_chart(dashboard: Any) -> Chart:
    """A line: occupied places at the end of each week; dashed: the team's places."""
    points = dashboard.occupancy
    chart = Chart(capacity=dashboard.capacity)
    if not points:
        chart.empty = True
        return chart
    low, high, step = _scale(0, max(max(p.occupied for p in points), dashboard.capacity, 2))
    _grid(chart, low, high, step)
    slot = (WIDTH - LEFT - RIGHT) / max(len(points) - 1, 1)
    coords = []
    for k, point in enumerate(points):
        x = round(LEFT + slot * k, 1)
        y = _y(point.occupied, low, high)
        coords.append(f"{x},{y}")
        chart.points.append({"x": x, "y": y, "point": point, "tick": k % 2 == 0 or k == len(points) - 1})
    chart.path = " ".join(coords)
    chart.capacity_y = _y(dashboard.capacity, low, high) if dashboard.capacity else None
    return chart
