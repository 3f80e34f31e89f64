"""PDSA run charts: a change idea's dated points, the median, the goal and the signals found.

The points of a series' cycles are drawn evenly spaced in the order they were taken, with a
dotted line where each cycle began; `signals.py` finds the signals with the organisation's
rule set, and the chart rings the points that make one and says it in words.
"""

from __future__ import annotations

import dataclasses
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

XMR_POINTS_NEEDED = 12
XMR_TOO_SHORT = (
    "An XmR chart needs at least 12 points (Making Data Count), so the run chart rules are used."
)
CUMULATIVE = (
    "This is a running total, which can only rise, so the run chart rules do not apply to it."
)

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
    cumulative: bool = False
    """A running total, which can only rise: the run chart rules do not apply to it."""

    @property
    def first_cycle_points(self) -> int:
        """How many points the first cycle drawn contributed."""
        return self.cycles.count(self.cycles[0])


def run_series(cycles: Sequence[PdsaCycle], focus: PdsaCycle | None = None) -> RunSeries | None:
    """The points of the focus cycle (else the last with data) and of the cycles beside it that
    measured the same thing, or None when the focus cycle has no data yet.

    Cycles join only when their measure has the same name and unit: a team that rewords its
    measure has changed what it counts, and points counted differently cannot share a median.
    A team continuing a measure across cycles writes the same name.
    """
    measured = [
        (c, c.plan.measure, c.do.data)
        for c in sorted(cycles, key=lambda c: c.cycle)
        if c.plan and c.plan.measure and c.do and c.do.data
    ]
    chosen = next((m for m in measured if m[0] is focus), None)
    if chosen is None and (focus is not None or not measured):
        return None
    chosen = chosen or measured[-1]
    same = (chosen[1].name, chosen[1].unit)
    index = measured.index(chosen)
    first = last = index
    while first > 0 and (measured[first - 1][1].name, measured[first - 1][1].unit) == same:
        first -= 1
    while (
        last + 1 < len(measured)
        and (measured[last + 1][1].name, measured[last + 1][1].unit) == same
    ):
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
        measure.unit,
        measure.target,
        [p for _, _, p in points],
        [n for _, n, _ in points],
        starts,
        measure.cumulative,
    )


def run_chart(chart_id: str, series: RunSeries, analysis: Analysis, finding: str) -> Markup:
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
    body += _reference_lines(series, analysis, axis, x_at)
    body += _cycle_starts(series, x_at)
    flagged = _signal_points(series, analysis)
    coords = [(x_at(i), axis(p.value)) for i, p in enumerate(series.points)]
    body.append(polyline(coords, INK, "", 1.5))
    for index, (point, (x, y)) in enumerate(zip(series.points, coords, strict=True)):
        data = f' data-date="{point.date.isoformat()}" data-value="{point.value}"'
        body.append(marker("circle", x, y, INK, data))
        if index in flagged:
            body.append(
                f'<circle cx="{x}" cy="{y}" r="8" fill="none" stroke="#D55E00" stroke-width="2"/>'
            )
    entries: list[tuple[str, str, str, str | None]] = [("Data point", INK, "circle", "")]
    entries.append((_centre_label(series, analysis), "#0072B2", "", ""))
    if series.target is not None:
        entries.append((f"Goal {display_number(series.target)}", "#007A5E", "", "10 3 2 3"))
    if analysis.upper_limit is not None:
        entries.append(("Process limits", "#5D5D5D", "", "1 4"))
    if flagged:
        entries.append(("Part of a signal", "#D55E00", "ring", None))
    keys, height = legend(entries)
    body += keys
    title = f"Run chart: {series.name}"
    numbers = sorted(set(series.cycles))
    which = f"cycle {numbers[0]}" if len(numbers) == 1 else f"cycles {numbers[0]} to {numbers[-1]}"
    description = (
        f"{len(values)} points of {which}, from {_day(first)} to {_day(last)}, "
        f"{_centre_label(series, analysis).lower()}. {finding}"
    )
    return svg(chart_id, title, description, body, height)


ONE_SIDE = {"shift", "long-run", "seven-one-side"}


def _signal_points(series: RunSeries, analysis: Analysis) -> set[int]:
    """The points a signal is made of; a point on the centre line inside a shift is not one."""
    found: set[int] = set()
    for signal in analysis.signals:
        if signal.kind not in MARKED:
            continue
        for index in range(signal.first, signal.last + 1):
            on_centre = math.isclose(series.points[index].value, analysis.centre, rel_tol=1e-9)
            if not (signal.kind in ONE_SIDE and on_centre):
                found.add(index)
    return found


def _centre_label(series: RunSeries, analysis: Analysis) -> str:
    """e.g. `Median of cycle 1: 45` or `Median 66`."""
    value = display_number(round(analysis.centre, 2))
    name = analysis.centre_name.capitalize()
    if analysis.baseline < len(series.points) and analysis.baseline == series.first_cycle_points:
        return f"{name} of cycle {series.cycles[0]}: {value}"
    if analysis.baseline < len(series.points):
        return f"{name} of the first {analysis.baseline} points: {value}"
    return f"{name} {value}"


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


def _reference_lines(
    series: RunSeries, analysis: Analysis, axis: Axis, x_at: Callable[[int], float]
) -> list[str]:
    """The centre line (solid over the points it was computed from, dashed where it is carried
    on), the goal line and any process limits."""
    parts = []
    centre = axis(analysis.centre)
    end_of_baseline = (
        x_at(analysis.baseline - 1) if analysis.baseline < len(series.points) else WIDTH - RIGHT
    )
    parts.append(polyline([(LEFT, centre), (end_of_baseline, centre)], "#0072B2", ""))
    if end_of_baseline < WIDTH - RIGHT:
        parts.append(
            polyline([(end_of_baseline, centre), (WIDTH - RIGHT, centre)], "#0072B2", "6 4")
        )
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
    last_label = -100.0
    for index, number in enumerate(series.cycles):
        if index and series.cycles[index - 1] == number:
            continue
        x = round(x_at(index) - (x_at(1) - x_at(0)) / 2, 1) if index else x_at(0)
        if x - last_label < 44:
            continue  # too close to the last label to read; the table names each point's cycle
        last_label = x
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
    finding: str
    """What the chart shows, in words: the signals, or why there are none."""


def build_run_chart(
    cycles: Sequence[PdsaCycle],
    chart_id: str,
    settings: RunCharts | None,
    focus: PdsaCycle | None = None,
) -> RunChart | None:
    """Analyse the cycles' points with the organisation's rule set and draw them.

    The centre line comes from the points before the changes being tested: the organisation's
    `baseline` when set, else the first cycle's points when the chart shows several cycles (so
    an improvement in later cycles shows against where things started), else every point. XmR
    limits need at least 12 points (Making Data Count); a shorter series uses the run chart
    rules and says so. A running total gets no rules at all: it can only rise.
    """
    series = run_series(cycles, focus)
    if series is None:
        return None
    rules = RuleSet(settings.rules) if settings else RuleSet.PERLA
    note = ""
    if rules is RuleSet.XMR and len(series.points) < XMR_POINTS_NEEDED:
        rules, note = RuleSet.PERLA, XMR_TOO_SHORT
    baseline = settings.baseline if settings and settings.baseline else None
    if baseline is None and len(series.starts) > 1:
        baseline = series.first_cycle_points
    flagged = [i for i, p in enumerate(series.points) if p.astronomical]
    analysis = analyse(
        [p.value for p in series.points],
        [p.date for p in series.points],
        rules,
        baseline=baseline,
        astronomical=flagged,
    )
    if series.cumulative:
        analysis = dataclasses.replace(analysis, signals=[])
        finding = CUMULATIVE
    else:
        finding = f"{note} {analysis.summary}".strip()
    return RunChart(run_chart(chart_id, series, analysis, finding), analysis, series, finding)
