"""Charts as static, accessible SVG: the drawing pieces, and a measure's targets and results.

Hand-written SVG rather than a plotting library: a chart is a few dozen elements, renders in
about a millisecond and weighs a few kilobytes, needs no JavaScript and no request, and every
element is ours to make accessible. Each chart is `role="img"` with a `<title>` and a `<desc>`
that says what it shows in words; the page puts a table with the same numbers beside it.
Series differ by colour (Okabe-Ito, safe for colour-blind readers, each at least 3:1 against
white), by marker shape and by line style, so they can be told apart in black-and-white print.
Values about fewer students than the organisation's minimum group size are never drawn.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from plansite.checks.targets import WINDOW_ORDER
from plansite.fields import school_year_start
from plansite.model import Actual, Measure
from plansite.status import display_number

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 32, 28, 84
"""Plot margins: room for the value axis on the left and the time axis and legend below."""

INK = "#1f1f1f"
GRID = "#d0d0d0"
SERIES_STYLES = [
    # (colour, marker, dash pattern): each differs from the others in all three
    ("#1f1f1f", "circle", ""),
    ("#0072B2", "square", "6 4"),
    ("#D55E00", "triangle", "2 3"),
    ("#007A5E", "diamond", "10 3 2 3"),
    ("#B4457F", "cross", "4 2"),
    ("#5D5D5D", "ring", "1 4"),
]
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
"""Spelled here rather than by strftime, so the machine's locale never changes a chart."""
MAX_GROUPS = len(SERIES_STYLES) - 2
"""Student groups drawn on one chart, each in a style of its own; the table lists them all."""
WINDOW_SHORT = {"fall": "Fall", "winter": "Winter", "spring": "Spring", "summer": "Summer"}


def is_suppressed(actual: Actual, minimum_group_size: int) -> bool:
    """A result about fewer students than the minimum is never printed or plotted."""
    return actual.n is not None and actual.n < minimum_group_size


# ---------------------------------------------------------------- scales and ticks


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks, value = [], first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


@dataclass(frozen=True)
class Axis:
    """A linear value scale from data space to pixels."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.high - self.low or 1.0
        return round(self.start + (value - self.low) / span * (self.end - self.start), 1)


def value_axis(values: Sequence[float], unit: str | None) -> tuple[Axis, list[float]]:
    """The vertical scale and its ticks; percentages stay within 0 to 100."""
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    low, high = low - pad, high + pad
    if unit == "percent":
        low, high = max(0.0, low), min(100.0, high)
    elif min(values) >= 0:
        low = max(0.0, low)
    ticks = nice_ticks(low, high)
    return Axis(ticks[0], ticks[-1], HEIGHT - BOTTOM, TOP), ticks


# ---------------------------------------------------------------- SVG pieces


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _star(x: float, y: float) -> str:
    return " ".join(
        f"{round(x + r * math.sin(k * math.pi / 5), 1)},{round(y - r * math.cos(k * math.pi / 5), 1)}"
        for k, r in ((k, 7 if k % 2 == 0 else 3) for k in range(10))
    )


_MARKS: dict[str, Callable[[float, float, str, str], str]] = {
    "circle": lambda x, y, c, d: f'<circle cx="{x}" cy="{y}" r="4" fill="{c}" stroke="{c}"{d}/>',
    "square": lambda x, y, c, d: (
        f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8" fill="#fff" stroke="{c}" '
        f'stroke-width="2"{d}/>'
    ),
    "triangle": lambda x, y, c, d: (
        f'<path d="M{x} {y - 5}L{x + 5} {y + 4}L{x - 5} {y + 4}Z" fill="{c}" stroke="{c}"{d}/>'
    ),
    "diamond": lambda x, y, c, d: (
        f'<path d="M{x} {y - 5}L{x + 5} {y}L{x} {y + 5}L{x - 5} {y}Z" fill="{c}" stroke="{c}"{d}/>'
    ),
    "block": lambda x, y, c, d: (
        f'<rect x="{x - 5}" y="{y - 5}" width="10" height="10" fill="{c}" stroke="{c}"{d}/>'
    ),
    "star": lambda x, y, c, d: f'<polygon points="{_star(x, y)}" fill="{c}" stroke="{c}"{d}/>',
    "cross": lambda x, y, c, d: (
        f'<path d="M{x - 4} {y - 4}L{x + 4} {y + 4}M{x - 4} {y + 4}L{x + 4} {y - 4}" '
        f'fill="none" stroke="{c}" stroke-width="2"{d}/>'
    ),
    "ring": lambda x, y, c, d: (
        f'<circle cx="{x}" cy="{y}" r="4" fill="#fff" stroke="{c}" stroke-width="2"{d}/>'
    ),
}


def marker(shape: str, x: float, y: float, colour: str, data: str = "") -> str:
    """One data point's mark; the shape tells the series apart without colour."""
    return _MARKS[shape](x, y, colour, data)


def polyline(
    points: list[tuple[float, float]], colour: str, dash: str, width: float = 2, data: str = ""
) -> str:
    """A line through points; a dash pattern of its own tells a series apart in grey print."""
    if len(points) < 2:
        return ""
    coords = " ".join(f"{x},{y}" for x, y in points)
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polyline points="{coords}" fill="none" stroke="{colour}" '
        f'stroke-width="{width}"{dashed}{data}/>'
    )


def value_grid(axis: Axis, ticks: list[float], places: int) -> list[str]:
    """Horizontal grid lines with their values on the left."""
    parts = []
    for tick in ticks:
        y = axis(tick)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" stroke="{GRID}"/>')
        label = f"{tick:,.{places}f}"
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4}" text-anchor="end">{label}</text>')
    return parts


def legend(entries: list[tuple[str, str, str, str | None]]) -> tuple[list[str], int]:
    """Legend rows below the plot, and the chart height they need.

    Each entry is a line sample and, when it has one, the marker of its points; a reference
    line (a median, a goal) has no marker, because its points are not drawn.
    """
    parts, x, y = [], float(LEFT), float(HEIGHT - 24)
    for name, colour, shape, dash in entries:
        width = 40 + 7 * len(name)
        if x + width > WIDTH - RIGHT:
            x, y = float(LEFT), y + 18
        if dash is not None:
            parts.append(polyline([(x, y), (x + 24, y)], colour, dash))
        if shape:
            parts.append(marker(shape, x + 12, y, colour))
        parts.append(f'<text x="{x + 30}" y="{y + 4}">{_e(name)}</text>')
        x += width
    return parts, max(HEIGHT, int(y) + 14)


def svg(
    chart_id: str, title: str, description: str, body: list[str], height: int = HEIGHT
) -> Markup:
    """The chart: an image to assistive technology, named by its title, described in words."""
    head = (
        f'<svg class="ps-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'font-family="sans-serif" font-size="12" fill="{INK}">'
        f'<title id="{chart_id}-title">{_e(title)}</title>'
        f'<desc id="{chart_id}-desc">{_e(description)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 -- every value above is escaped


# ---------------------------------------------------------------- measure chart


Slot = tuple[str, str | None]


@dataclass
class Series:
    """One line of a measure chart: its name, style and points by slot."""

    name: str
    colour: str
    shape: str
    dash: str | None
    """The line's dash pattern ("" solid); None for a series of single points, drawn unjoined."""
    points: dict[Slot, float] = field(default_factory=dict)


def _slot_order(slot: Slot) -> tuple[int, int]:
    return school_year_start(slot[0]), WINDOW_ORDER[slot[1]]


def measure_series(
    measure: Measure, groups: dict[str, str], minimum_group_size: int
) -> tuple[list[Series], int]:
    """Targets, all-students results and the named groups' results; and how many were withheld."""
    targets = Series("Annual target", *SERIES_STYLES[1][:3])
    for target in measure.annual_targets:
        targets.points[(target.period, target.window)] = target.value
    end = Series("End target", "#0072B2", "star", None)
    if measure.target:
        end.points[(measure.target.period, measure.target.window)] = measure.target.value
    baseline = Series("Baseline", INK, "block", None)
    if measure.baseline:
        baseline.points[(measure.baseline.period, measure.baseline.window)] = measure.baseline.value
    results = Series("Result, all students", *SERIES_STYLES[0][:3])
    by_group = {
        group: Series(f"Result, {name}", *SERIES_STYLES[2 + i][:3])
        for i, (group, name) in enumerate(list(groups.items())[:MAX_GROUPS])
    }
    withheld = 0
    for actual in measure.actuals:
        line = results if actual.subgroup is None else by_group.get(actual.subgroup)
        if line is None:
            continue
        if is_suppressed(actual, minimum_group_size):
            withheld += 1
            continue
        line.points[(actual.period, actual.window)] = actual.value
    lines = [s for s in [targets, end, baseline, results, *by_group.values()] if s.points]
    return lines, withheld


def measure_chart(
    measure: Measure, groups: dict[str, str], minimum_group_size: int, unit_label: str = ""
) -> Markup | None:
    """A measure's targets and results over the plan's years, or None with nothing to draw."""
    lines, withheld = measure_series(measure, groups, minimum_group_size)
    slots = sorted({slot for line in lines for slot in line.points}, key=_slot_order)
    values = [v for line in lines for v in line.points.values()]
    if len(slots) < 2 or not values:
        return None
    axis, ticks = value_axis(values, measure.unit)
    step = (WIDTH - LEFT - RIGHT) / (len(slots) - 1)
    x_of = {slot: round(LEFT + i * step, 1) for i, slot in enumerate(slots)}
    places = max(0, -math.floor(math.log10(ticks[1] - ticks[0]))) if len(ticks) > 1 else 0
    body = value_grid(axis, ticks, places) + _year_labels(slots, x_of)
    for line in lines:
        coords = [(x_of[s], axis(line.points[s])) for s in slots if s in line.points]
        if line.dash is not None:
            series = f' data-series="{_e(line.name)}"'
            body.append(polyline(coords, line.colour, line.dash, data=series))
        for slot in (s for s in slots if s in line.points):
            data = (
                f' data-series="{_e(line.name)}" data-period="{slot[0]}"'
                f' data-window="{slot[1] or ""}" data-value="{line.points[slot]}"'
            )
            body.append(marker(line.shape, x_of[slot], axis(line.points[slot]), line.colour, data))
    keys, height = legend([(line.name, line.colour, line.shape, line.dash) for line in lines])
    title = f"{measure.name}: targets and results{unit_label}"
    description = _measure_description(measure, lines, slots, withheld, len(groups))
    return svg(f"chart-{measure.id}", title, description, body + keys, height)


def _year_labels(slots: list[Slot], x_of: dict[Slot, float]) -> list[str]:
    parts = []
    base = HEIGHT - BOTTOM
    years = sorted({s[0] for s in slots}, key=school_year_start)
    for year in years:
        xs = [x_of[s] for s in slots if s[0] == year]
        for slot in (s for s in slots if s[0] == year and s[1]):
            window = WINDOW_SHORT[slot[1] or ""]
            parts.append(
                f'<text x="{x_of[slot]}" y="{base + 16}" text-anchor="middle" font-size="10">{window}</text>'
            )
        y = base + (32 if any(s[1] for s in slots) else 18)
        middle = round(sum(xs) / len(xs), 1)
        parts.append(f'<text x="{middle}" y="{y}" text-anchor="middle">{year}</text>')
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="{INK}"/>')
    return parts


def _when(slot: Slot) -> str:
    return f"{slot[1]} {slot[0]}" if slot[1] else slot[0]


def _measure_description(
    measure: Measure, lines: list[Series], slots: list[Slot], withheld: int, groups: int
) -> str:
    unit = measure.unit
    parts = [f"Line chart from {_when(slots[0])} to {_when(slots[-1])}."]
    for line in lines:
        ordered = [s for s in slots if s in line.points]
        last = ordered[-1]
        if len(ordered) == 1:
            parts.append(
                f"{line.name}: {display_number(line.points[last], unit)} in {_when(last)}."
            )
        else:
            parts.append(
                f"{line.name}: {len(ordered)} values, the last "
                f"{display_number(line.points[last], unit)} in {_when(last)}."
            )
    if withheld:
        results = (
            "1 result about too few students is"
            if withheld == 1
            else f"{withheld} results about too few students are"
        )
        parts.append(f"{results} not shown.")
    if groups > MAX_GROUPS:
        parts.append(f"{groups - MAX_GROUPS} more student groups are in the table only.")
    parts.append("The table beside the chart gives every value.")
    return " ".join(parts)
