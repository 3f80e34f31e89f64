"""PDSA run charts: a change idea's dated points, the median, the goal and the signals found.

The points of a series' cycles are drawn evenly spaced in the order they were taken, with a
dotted line where each cycle began; `signals.py` finds the signals with the organisation's
rule set, and the chart rings the points that make one and says it in words.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from plansite.charts import (
    BOTTOM,
    HEIGHT,
    INK,
    LEFT,
    MONTHS,
    RIGHT,
    TOP,
    WIDTH,
    Axis,
    legend,
    marker,
    polyline,
    svg,
    value_axis,
    value_grid,
)
from plansite.improvement import DataPoint, PdsaCycle
from plansite.model import RunCharts
from plansite.signals import Analysis, RuleSet, analyse
from plansite.status import display_number

MARKED = {
    "shift", "trend", "astronomical", "long-run",
    "outside-limits", "seven-one-side", "seven-trend", "two-of-three",
}  # fmt: skip
"""Signals made of particular points, which the chart rings; runs and crossings are about the
whole series and are stated in words only."""


@dataclass(frozen=True)
class RunSeries:
    """The dated points of one or more cycles testing a change, in date order."""

    name: str
    unit: str | None
    target: float | None
    points: list[DataPoint]
    cycles: list[int]
    """The cycle number each point belongs to, point by point."""
    starts: list[tuple[dt.date, str]]
    """Where each cycle began: (date of its first point, label such as `Cycle 2`)."""


def run_series(cycles: Sequence[PdsaCycle], focus: PdsaCycle | None = None) -> RunSeries | None:
    """The points of the cycles measured in the same unit as the focus (else the last) cycle.

    Teams reword a measure as they adapt a change ("returned with the reading log" becomes
    "returned with the picture log"), so cycles join on the unit they count in; a change of
    unit ("percent of messages" to "assignments per student") starts a new chart.
    """
    measured = [
        (c, c.plan.measure, c.do.data)
        for c in sorted(cycles, key=lambda c: c.cycle)
        if c.plan and c.plan.measure and c.do and c.do.data
    ]
    if not measured:
        return None
    chosen = next((m for m in measured if m[0] is focus), measured[-1])
    index = measured.index(chosen)
    unit = chosen[1].unit
    first = index
    while first > 0 and measured[first - 1][1].unit == unit:
        first -= 1
    last = index
    while last + 1 < len(measured) and measured[last + 1][1].unit == unit:
        last += 1
    points: list[tuple[dt.date, int, DataPoint]] = []
    starts: list[tuple[dt.date, str]] = []
    for cycle, _, data in measured[first : last + 1]:
        ordered = sorted(data, key=lambda p: p.date)
        starts.append((ordered[0].date, f"Cycle {cycle.cycle}"))
        points += [(p.date, cycle.cycle, p) for p in ordered]
    points.sort(key=lambda entry: (entry[0], entry[1]))
    measure = chosen[1]
    return RunSeries(
        measure.name,
        unit,
        measure.target,
        [p for _, _, p in points],
        [n for _, n, _ in points],
        starts,
    )


def run_chart(chart_id: str, series: RunSeries, analysis: Analysis) -> Markup:
    """Dated points, the centre line, the goal line, cycle starts and signal points."""
    values = [p.value for p in series.points]
    lines = [analysis.centre, *([series.target] if series.target is not None else [])]
    lines += [v for v in (analysis.lower_limit, analysis.upper_limit) if v is not None]
    axis, ticks = value_axis(values + lines, series.unit)
    first, last = series.points[0].date, series.points[-1].date
    # Points are evenly spaced in the order they were taken, as run charts are drawn: the
    # rules count points, not days, and a summer gap would squeeze the rest of the chart.
    step = (WIDTH - LEFT - RIGHT) / max(len(values) - 1, 1)

    def x_at(index: int) -> float:
        return round(LEFT + index * step, 1)

    places = max(0, -math.floor(math.log10(ticks[1] - ticks[0]))) if len(ticks) > 1 else 0
    body = value_grid(axis, ticks, places)
    body += _date_labels(series.points, x_at)
    body += _reference_lines(series, analysis, axis)
    body += _cycle_starts(series, x_at)
    flagged = {i for s in analysis.signals if s.kind in MARKED for i in range(s.first, s.last + 1)}
    coords = [(x_at(i), axis(p.value)) for i, p in enumerate(series.points)]
    body.append(polyline(coords, INK, "", 1.5))
    for index, (point, (x, y)) in enumerate(zip(series.points, coords, strict=True)):
        data = f' data-date="{point.date.isoformat()}" data-value="{point.value}"'
        body.append(marker("circle", x, y, INK, data))
        if index in flagged:
            body.append(
                f'<circle cx="{x}" cy="{y}" r="8" fill="none" stroke="#D55E00" stroke-width="2"/>'
            )
    entries = [("Data point", INK, "circle", "")]
    entries.append(
        (
            f"{analysis.centre_name.capitalize()} {display_number(round(analysis.centre, 2))}",
            "#0072B2",
            "square",
            "6 4",
        )
    )
    if series.target is not None:
        entries.append((f"Goal {display_number(series.target)}", "#007A5E", "diamond", "10 3 2 3"))
    if analysis.upper_limit is not None:
        entries.append(("Process limits", "#5D5D5D", "ring", "1 4"))
    if flagged:
        entries.append(("Part of a signal", "#D55E00", "ring", ""))
    body += legend(entries)
    title = f"Run chart: {series.name}"
    numbers = sorted(set(series.cycles))
    which = f"cycle {numbers[0]}" if len(numbers) == 1 else f"cycles {numbers[0]} to {numbers[-1]}"
    description = (
        f"{len(values)} points of {which}, from {_day(first)} to {_day(last)}, "
        f"{analysis.centre_name} {display_number(round(analysis.centre, 2))}. {analysis.summary}"
    )
    return svg(chart_id, title, description, body)


def _day(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def _date_labels(points: list[DataPoint], x_at: Callable[[int], float]) -> list[str]:
    """Up to six dates along the time axis, evenly chosen among the points."""
    base = HEIGHT - BOTTOM
    count = len(points)
    chosen = sorted({round(i * (count - 1) / 5) for i in range(6)}) if count > 6 else range(count)
    parts = [f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="{INK}"/>']
    for index in chosen:
        day = points[index].date
        parts.append(
            f'<text x="{x_at(index)}" y="{base + 16}" text-anchor="middle" font-size="10">'
            f"{MONTHS[day.month - 1][:3]} {day.day}</text>"
        )
    return parts


def _reference_lines(series: RunSeries, analysis: Analysis, axis: Axis) -> list[str]:
    parts = []
    centre = axis(analysis.centre)
    parts.append(polyline([(LEFT, centre), (WIDTH - RIGHT, centre)], "#0072B2", "6 4"))
    if series.target is not None:
        goal = axis(series.target)
        parts.append(polyline([(LEFT, goal), (WIDTH - RIGHT, goal)], "#007A5E", "10 3 2 3"))
    for limit in (analysis.lower_limit, analysis.upper_limit):
        if limit is not None:
            y = axis(limit)
            parts.append(polyline([(LEFT, y), (WIDTH - RIGHT, y)], "#5D5D5D", "1 4"))
    return parts


def _cycle_starts(series: RunSeries, x_at: Callable[[int], float]) -> list[str]:
    """A dotted line and a label where each cycle's points begin, when there are several."""
    parts: list[str] = []
    if len(series.starts) < 2:
        return parts
    for index, number in enumerate(series.cycles):
        if index and series.cycles[index - 1] == number:
            continue
        x = round(x_at(index) - (x_at(1) - x_at(0)) / 2, 1) if index else x_at(0)
        parts.append(
            f'<line x1="{x}" x2="{x}" y1="{TOP - 12}" y2="{HEIGHT - BOTTOM}" stroke="#5D5D5D" '
            'stroke-dasharray="2 2"/>'
        )
        parts.append(f'<text x="{x + 3}" y="{TOP - 2}" font-size="10">Cycle {number}</text>')
    return parts


@dataclass(frozen=True)
class RunChart:
    """A run chart ready for a page: the SVG, the analysis, and the points it drew."""

    svg: Markup
    analysis: Analysis
    series: RunSeries


def build_run_chart(
    cycles: Sequence[PdsaCycle],
    chart_id: str,
    settings: RunCharts | None,
    focus: PdsaCycle | None = None,
) -> RunChart | None:
    """Analyse the cycles' points with the organisation's rule set and draw them."""
    series = run_series(cycles, focus)
    if series is None:
        return None
    rules = RuleSet(settings.rules) if settings else RuleSet.PERLA
    baseline = settings.baseline if settings else None
    flagged = [i for i, p in enumerate(series.points) if p.astronomical]
    analysis = analyse(
        [p.value for p in series.points],
        [p.date for p in series.points],
        rules,
        baseline=baseline,
        astronomical=flagged,
    )
    return RunChart(run_chart(chart_id, series, analysis), analysis, series)
