"""Stretches of a series: runs of points on one side of a line, and runs rising or falling.

The counting conventions every run-chart and XmR rule shares, kept apart from the rules:
what counts as on the line, whether a point on it is skipped or breaks a run, and how equal
neighbours count in a trend. `signals.py` reads series through these.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Stretch:
    """Points first..last (inclusive) that one rule reads together, all on one side or all
    moving one way (`direction` +1 or -1); `count` of them count towards the rule."""

    first: int
    last: int
    count: int
    direction: int


def compare(value: float, reference: float) -> int:
    """+1, -1 or 0 as value is above, below or (within 1e-9 relative) equal to reference."""
    if math.isclose(value, reference, rel_tol=1e-9, abs_tol=1e-12):
        return 0
    return 1 if value > reference else -1


def stretches(labels: Sequence[int], *, skip_zero: bool) -> list[Stretch]:
    """Maximal stretches of equal non-zero labels (+1/-1); a zero is skipped or breaks one."""
    found: list[Stretch] = []
    for index, label in enumerate(labels):
        if label == 0:
            continue
        last = found[-1] if found else None
        # Not skipping zeros, a gap since the last labelled point means a zero broke the stretch.
        if last and last.direction == label and (skip_zero or last.last == index - 1):
            found[-1] = Stretch(last.first, index, last.count + 1, label)
        else:
            found.append(Stretch(index, index, 1, label))
    return found


def span(runs: list[Stretch]) -> Stretch:
    """From the first point of the first run to the last point of the last."""
    return Stretch(runs[0].first, runs[-1].last, sum(run.count for run in runs), 0)


def monotone_stretches(values: Sequence[float], *, skip_equal: bool) -> list[Stretch]:
    """Maximal stretches of points all rising (+1) or all falling (-1).

    A stretch starts at the point before its first step, so a peak ends one stretch and starts
    the next. Skipping equal neighbours, a repeated value counts once and breaks nothing.
    """
    steps = [0, *(compare(later, earlier) for earlier, later in pairwise(values))]
    return [
        Stretch(stretch.first - 1, stretch.last, stretch.count + 1, stretch.direction)
        for stretch in stretches(steps, skip_zero=skip_equal)
    ]
