"""Signal rules for run charts and XmR charts: has a measure really changed, or is it noise?

A pure stage: numbers and their dates in, an `Analysis` out; no I/O, nothing from plansite. The
rule sets genuinely differ, so a site chooses one and every chart names it (`RuleSet.title`,
`RuleSet.citation`).

**Perla, Provost and Murray** (the default), "The run chart: a simple analytical tool for learning
from variation in healthcare processes", *BMJ Qual Saf* 2011;20:46-51. Centre line: the median.

- *shift*: 6 or more points in a row on one side of the median;
- *trend*: 5 or more points in a row all rising or all falling;
- *runs*: too few or too many runs among the useful points (those off the median), against the
  limits of `perla_runs_limits`, from 10 useful points on;
- *astronomical point*: a judgement, not a threshold, so authors flag it.

**Anhøj and Olesen**, "Run charts revisited: a simulation study of run chart rules for detection
of non-random variation in health care processes", *PLoS ONE* 2014;9(11):e113825, as the R
package qicharts2 applies them (`runs.analysis` in R/helper.functions.R). Centre line: the median;
n is the number of useful points.

- *long run*: a run longer than round(log2(n) + 3) points (Schilling 2012);
- *few crossings*: fewer crossings of the median than qbinom(0.05, n - 1, 0.5) (Chen 2010).

Like qicharts2 the two rules apply from the first useful point, and there is no trend rule: the
authors found it nearly useless for detecting drift.

**NHS England, "Making Data Count"**: an XmR chart. Centre line: the mean; process limits: the
mean +/- 2.66 times the mean moving range (2.66 = 3 / 1.128, three sigma estimated from moving
ranges of two). Moving ranges are not screened for outliers (NHSRplotthedots screens those above
3.267 times the mean by default); the limits need at least 2 baseline points.

- *outside the limits*: a point above the upper or below the lower process limit;
- *seven on one side*: 7 or more points in a row above, or below, the mean;
- *seven trend*: 7 or more points in a row all rising or all falling;
- *two of three*: 2 out of 3 points in a row close to the same limit: in its outer third, beyond
  two thirds of the way from the mean to the limit but not beyond it. As in NHSRplotthedots, a
  point beyond the limit is already a signal and does not count here, so one unusual point is
  not reported twice; unlike it, the third point may lie anywhere.

Conventions every rule set shares, decided once here:

- The centre line and limits come from the first `baseline` points (all of them by default; a
  baseline longer than the series uses the whole series); the rules read every point.
- A point *on* the centre line is off neither side. Points are compared within a relative 1e-9,
  because the median of 87.1 and 87.3 is 87.19999999999999 in binary and a point of 87.2 must
  count as on it. The run chart rules skip such a point: it neither adds to nor breaks a shift,
  nor counts in the runs. The XmR rules let it break a run of seven, as NHSRplotthedots does.
- Equal neighbours: the run chart trend counts them once (a repeated value neither adds to nor
  breaks the trend); the XmR trend, like NHSRplotthedots, breaks on them.
- Each maximal stretch is one signal: a shift of 8 points is one `Signal` from its first point to
  its last, not three overlapping ones.
- Astronomical points are reported under every rule set. They are a judgement about the data
  that the authors made, not a rule of any set, and a reader should see them whichever is chosen.
- Sentences date a point as "April 9, 2026", as the rest of the site does.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from plansite.runlimits import RUNS_RULE_MINIMUM, anhoj_limits, perla_runs_limits
from plansite.stretches import Stretch as _Stretch
from plansite.stretches import compare as _compare
from plansite.stretches import monotone_stretches as _monotone_stretches
from plansite.stretches import span as _span
from plansite.stretches import stretches as _stretches

SHIFT_POINTS = 6
TREND_POINTS = 5
XMR_RUN_POINTS = 7
XMR_LIMIT_FACTOR = 2.66
XMR_MINIMUM_BASELINE = 2
# Two out of three points beyond this share of the way from the mean to a limit.
XMR_OUTER_THIRD = 2 / 3

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class RuleSet(StrEnum):
    """A published set of signal rules, named on every chart that uses it."""

    PERLA = "perla-provost-murray"
    ANHOJ = "anhoj-olesen"
    XMR = "xmr"

    @property
    def citation(self) -> str:
        """Where the rules are published, in a few words."""
        return _CITATIONS[self]

    # The interface names it `title`, so it shadows str.title on purpose; nothing calls that here.
    @property
    def title(self) -> str:  # type: ignore[override]
        """The short name shown on a chart."""
        return _TITLES[self]


_CITATIONS = {
    RuleSet.PERLA: "Perla, Provost and Murray (BMJ Qual Saf 2011)",
    RuleSet.ANHOJ: "Anhøj and Olesen (PLoS ONE 2014)",
    RuleSet.XMR: 'NHS England "Making Data Count" (XmR)',
}
_TITLES = {
    RuleSet.PERLA: "Run chart rules of Perla, Provost and Murray",
    RuleSet.ANHOJ: "Run chart rules of Anhøj and Olesen",
    RuleSet.XMR: 'XmR chart rules of NHS England "Making Data Count"',
}


@dataclass(frozen=True)
class Signal:
    """One signal: which rule, which points (0-based, inclusive), and plain words for parents."""

    kind: str
    first: int
    last: int
    sentence: str


@dataclass(frozen=True)
class Analysis:
    """A series read with one rule set: its centre line, limits, runs and signals."""

    rule_set: RuleSet
    centre: float  # the median (run charts) or the mean (XmR) of the baseline points
    centre_name: str  # "median" or "mean"
    baseline: int  # how many leading points set the centre line and the limits
    lower_limit: float | None  # XmR process limits; None for run charts, or under 2 points
    upper_limit: float | None
    useful: int  # points off the centre line
    runs: int  # runs among the useful points
    signals: list[Signal]  # in time order

    @property
    def summary(self) -> str:
        """The signals in words, or plainly why there are none."""
        sentences = [signal.sentence for signal in self.signals]
        shortfall = self._shortfall()
        if shortfall:
            # Say what was checked before saying what could not be, unless nothing could be.
            too_few_for_any = self.rule_set is RuleSet.PERLA and self.useful < SHIFT_POINTS
            if not sentences and not too_few_for_any:
                sentences.append(_NOTHING_YET[self.rule_set])
            sentences.append(shortfall)
        elif not sentences:
            sentences.append(f"No signal: the variation looks random ({self._extent()}).")
        return " ".join(sentences)

    def _shortfall(self) -> str | None:
        """Which rule could not be applied for want of points, if any."""
        if self.rule_set is RuleSet.PERLA and self.useful < SHIFT_POINTS:
            return (
                f"Too few points to judge yet ({self.useful} off the median; a shift needs"
                f" {SHIFT_POINTS} and the runs rule {RUNS_RULE_MINIMUM})."
            )
        if self.rule_set is RuleSet.PERLA and self.useful < RUNS_RULE_MINIMUM:
            return (
                f"Too few points for the runs rule ({self.useful} off the median;"
                f" it needs {RUNS_RULE_MINIMUM})."
            )
        if self.rule_set is RuleSet.ANHOJ and self.useful == 0:
            return "Too few points for the runs rules (none off the median)."
        if self.rule_set is RuleSet.XMR and self.lower_limit is None:
            if self.baseline >= XMR_MINIMUM_BASELINE:
                return "The baseline points do not vary at all, so no process limits can be set."
            return (
                f"Too few points for process limits ({_counted(self.baseline, 'point')} in the"
                f" baseline; they need {XMR_MINIMUM_BASELINE})."
            )
        return None

    def _extent(self) -> str:
        if self.rule_set is RuleSet.XMR:
            return "every point within the process limits"
        return f"{self.useful} points off the median, {_counted(self.runs, 'run')}"


_NOTHING_YET = {
    RuleSet.PERLA: "No shift or trend.",
    RuleSet.ANHOJ: "No signal.",
    RuleSet.XMR: "No run or trend of seven.",
}


def analyse(
    values: Sequence[float],
    dates: Sequence[dt.date],
    rule_set: RuleSet = RuleSet.PERLA,
    baseline: int | None = None,
    astronomical: Collection[int] = (),
) -> Analysis:
    """Read a series with one rule set: centre line, limits, runs and every signal.

    `dates[i]` is the date of `values[i]`. `baseline` is how many leading points set the centre
    line and limits (all by default); `astronomical` holds the indexes authors flagged. Inputs
    that break these contracts are bugs in the caller and raise ValueError.
    """
    _check_series(values, dates, astronomical)
    used = len(values) if baseline is None else _baseline_size(baseline, len(values))
    chart = _chart(values, dates, rule_set, used)
    signals = [*_RULES[rule_set](chart), *_astronomical_signals(chart, astronomical)]
    runs = chart.side_runs
    lower, upper = chart.limits or (None, None)
    return Analysis(
        rule_set=rule_set,
        centre=chart.centre,
        centre_name=chart.centre_name,
        baseline=used,
        lower_limit=lower,
        upper_limit=upper,
        useful=sum(run.count for run in runs),
        runs=len(runs),
        signals=sorted(signals, key=lambda s: (s.first, s.last, s.kind)),
    )


def _check_series(
    values: Sequence[float], dates: Sequence[dt.date], astronomical: Collection[int]
) -> None:
    if not values:
        raise ValueError("a series needs at least one point")
    if len(dates) != len(values):
        raise ValueError(f"{len(values)} values but {len(dates)} dates")
    if not all(math.isfinite(value) for value in values):
        raise ValueError("values must be finite numbers")
    if any(not 0 <= index < len(values) for index in astronomical):
        raise ValueError(f"astronomical indexes must lie in 0..{len(values) - 1}")


def _baseline_size(baseline: int, length: int) -> int:
    if baseline < 1:
        raise ValueError(f"a baseline needs at least one point, not {baseline}")
    # Making Data Count fixes limits after 12 points by default; a shorter series uses them all.
    return min(baseline, length)


# ---------------------------------------------------------------------------------------------
# The series as the rules see it


@dataclass(frozen=True)
class _Chart:
    """A series with its centre line and limits, as the rules read it."""

    values: Sequence[float]
    dates: Sequence[dt.date]
    centre: float
    centre_name: str
    limits: tuple[float, float] | None
    sides: list[int]  # +1 above the centre line, -1 below, 0 on it
    side_runs: list[_Stretch]  # the runs of the run chart rules, points on the line skipped

    def when(self, stretch: _Stretch) -> str:
        """A stretch's dates in words: "on 9 April 2026" or "from … to …"."""
        first, last = self.dates[stretch.first], self.dates[stretch.last]
        if stretch.first == stretch.last:
            return f"on {_date_words(first)}"
        return f"from {_date_words(first)} to {_date_words(last)}"


def _chart(
    values: Sequence[float], dates: Sequence[dt.date], rule_set: RuleSet, baseline: int
) -> _Chart:
    reference = values[:baseline]
    if rule_set is RuleSet.XMR:
        centre, name = statistics.fmean(reference), "mean"
        limits = _xmr_limits(reference, centre)
    else:
        centre, name, limits = statistics.median(reference), "median", None
    sides = [_compare(value, centre) for value in values]
    return _Chart(values, dates, centre, name, limits, sides, _stretches(sides, skip_zero=True))


def _xmr_limits(reference: Sequence[float], mean: float) -> tuple[float, float] | None:
    """Mean -/+ 2.66 mean moving ranges, or None when there is no moving range yet."""
    if len(reference) < XMR_MINIMUM_BASELINE:
        return None
    ranges = [abs(later - earlier) for earlier, later in pairwise(reference)]
    spread = XMR_LIMIT_FACTOR * statistics.fmean(ranges)
    if spread == 0:
        return None  # a flat baseline: any wobble would be "outside", so set no limits
    return mean - spread, mean + spread


# ---------------------------------------------------------------------------------------------
# The rules of each set


def _perla_signals(chart: _Chart) -> list[Signal]:
    """Shift, trend and runs (Perla, Provost and Murray 2011)."""
    shifts = [_shift(chart, run, "shift") for run in chart.side_runs if run.count >= SHIFT_POINTS]
    moves = _monotone_stretches(chart.values, skip_equal=True)
    trends = [_trend(chart, move, "trend") for move in moves if move.count >= TREND_POINTS]
    return [*shifts, *trends, *_runs_signals(chart)]


def _runs_signals(chart: _Chart) -> list[Signal]:
    """Too few or too many runs, against `perla_runs_limits`."""
    runs = chart.side_runs
    useful = sum(run.count for run in runs)
    limits = perla_runs_limits(useful)
    if limits is None or limits[0] <= len(runs) <= limits[1]:
        return []
    fewest, most = limits
    counted = f"{len(runs)} runs in {useful} points off the median"
    if len(runs) < fewest:
        words = (
            f"Only {counted}; chance alone gives fewer than {fewest} in under 1 series in 20,"
            " so something has probably changed"
        )
        return [_signal("too-few-runs", _span(runs), f"{words}: too few runs.")]
    words = (
        f"{counted}; chance alone gives more than {most} in under 1 series in 20, so the points"
        " swing more than chance would make them"
    )
    return [_signal("too-many-runs", _span(runs), f"{words}: too many runs.")]


def _anhoj_signals(chart: _Chart) -> list[Signal]:
    """Longest run and number of crossings (Anhøj and Olesen 2014, as in qicharts2)."""
    runs = chart.side_runs
    useful = sum(run.count for run in runs)
    if not useful:
        return []
    longest, fewest_crossings = anhoj_limits(useful)
    expected = f", longer than the {longest} that chance alone rarely exceeds"
    signals = [_shift(chart, run, "long-run", expected) for run in runs if run.count > longest]
    crossings = len(runs) - 1
    if crossings < fewest_crossings:
        words = (
            f"The line {_crossing_words(crossings)} in {useful} points off the median; chance"
            f" alone rarely gives fewer than {fewest_crossings}, so something has probably changed."
        )
        signals.append(_signal("few-crossings", _span(runs), words))
    return signals


def _xmr_signals(chart: _Chart) -> list[Signal]:
    """Limits, seven on one side, seven trend, two of three (Making Data Count)."""
    # Unlike the run chart rules, a point on the mean breaks a run here.
    unbroken = _stretches(chart.sides, skip_zero=False)
    sevens = [
        _shift(chart, run, "seven-one-side") for run in unbroken if run.count >= XMR_RUN_POINTS
    ]
    moves = _monotone_stretches(chart.values, skip_equal=False)
    trends = [_trend(chart, move, "seven-trend") for move in moves if move.count >= XMR_RUN_POINTS]
    if chart.limits is None:
        return [*sevens, *trends]
    return [
        *sevens,
        *trends,
        *_outside_limits(chart, chart.limits),
        *_two_of_three(chart, chart.limits),
    ]


def _outside_limits(chart: _Chart, limits: tuple[float, float]) -> list[Signal]:
    """Points beyond a process limit; consecutive ones beyond the same limit are one signal."""
    lower, upper = limits
    beyond = [
        1 if _compare(v, upper) > 0 else -1 if _compare(v, lower) < 0 else 0 for v in chart.values
    ]
    return [
        _signal(
            "outside-limits",
            stretch,
            f"{_counted(stretch.count, 'point')}{' in a row' if stretch.count > 1 else ''}"
            f" {'above' if stretch.direction > 0 else 'below'} the {_limit(stretch.direction)}"
            f" {chart.when(stretch)}: outside the range of ordinary variation.",
        )
        for stretch in _stretches(beyond, skip_zero=False)
    ]


def _two_of_three(chart: _Chart, limits: tuple[float, float]) -> list[Signal]:
    """Points in one outer third, at least 2 of them among some 3 in a row."""
    signals = []
    for direction, limit in ((1, limits[1]), (-1, limits[0])):
        line = chart.centre + XMR_OUTER_THIRD * (limit - chart.centre)
        outer = [
            index
            for index, value in enumerate(chart.values)
            if _compare(value, line) == direction and _compare(value, limit) != direction
        ]
        signals += [
            _signal(
                "two-of-three",
                cluster,
                f"{cluster.count} points close to the {_limit(direction)} {chart.when(cluster)}"
                " (2 out of 3 in a row): an early signal of change.",
            )
            for cluster in _clusters(outer, direction)
        ]
    return signals


def _clusters(indexes: list[int], direction: int) -> list[_Stretch]:
    """Group indexes at most 2 apart from the previous one; keep groups of 2 or more.

    Two points at most 2 apart share a window of 3 points in a row, which is the rule; chaining
    them reports overlapping windows once.
    """
    groups: list[list[int]] = []
    for index in indexes:
        if groups and index - groups[-1][-1] <= 2:
            groups[-1].append(index)
        else:
            groups.append([index])
    return [_Stretch(g[0], g[-1], len(g), direction) for g in groups if len(g) >= 2]


def _astronomical_signals(chart: _Chart, flagged: Collection[int]) -> list[Signal]:
    return [
        _signal(
            "astronomical",
            _Stretch(index, index, 1, 0),
            f"The plan's authors marked the point on {_date_words(chart.dates[index])} as clearly"
            " different from the rest: an astronomical point.",
        )
        for index in sorted(set(flagged))
    ]


_RULES: dict[RuleSet, Callable[[_Chart], list[Signal]]] = {
    RuleSet.PERLA: _perla_signals,
    RuleSet.ANHOJ: _anhoj_signals,
    RuleSet.XMR: _xmr_signals,
}


# ---------------------------------------------------------------------------------------------
# Plain words


def _shift(chart: _Chart, run: _Stretch, kind: str, expected: str = "") -> Signal:
    side = "above" if run.direction > 0 else "below"
    words = f"{run.count} points in a row {side} the {chart.centre_name} {chart.when(run)}"
    return _signal(kind, run, f"{words}{expected}: a shift.")


def _trend(chart: _Chart, move: _Stretch, kind: str) -> Signal:
    way = "rising" if move.direction > 0 else "falling"
    return _signal(kind, move, f"{move.count} points in a row {way} {chart.when(move)}: a trend.")


def _signal(kind: str, stretch: _Stretch, sentence: str) -> Signal:
    return Signal(kind=kind, first=stretch.first, last=stretch.last, sentence=sentence)


def _limit(direction: int) -> str:
    return "upper limit" if direction > 0 else "lower limit"


def _crossing_words(crossings: int) -> str:
    if crossings == 0:
        return "never crosses the median"
    if crossings == 1:
        return "crosses the median only once"
    return f"crosses the median only {crossings} times"


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _date_words(date: dt.date) -> str:
    # Month names spelled here, not by strftime, so the host's locale never changes a sentence.
    return f"{_MONTHS[date.month - 1]} {date.day}, {date.year}"
