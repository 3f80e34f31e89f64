"""Status computed from the data: is each measure, and each goal, where the plan said it would be?

Nobody types a status. A measure is rated on its results for all students, against the targets
written for the same school year and collection window, in the measure's direction:

- A result is *comparable* when a target is written for its school year and window (a target
  without a window covers a year's single result). A result from a window with no target of its
  own in a year that has targets (a fall screening, when targets are set for spring) is an
  interim check, and does not decide the status.
- **Met**: the latest comparable result reaches the end target.
- **On track**: the latest comparable result reaches its target.
- **Off track**: it falls short of it.
- **Not yet measured**: there is no result for all students yet.
- **Not rated**: the latest result is from a school year with no target at all, no result is
  comparable, or the measure has no direction. The reason is given in words.

A goal rolls its measures up conservatively, so a reader is never told a goal is on track while
one of its measures is not: no measure rated means *not yet measured*; any measure off track
makes the goal *off track*; every measure met makes it *met*; otherwise *on track*.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from plansite.checks.targets import WINDOW_ORDER
from plansite.fields import school_year_start
from plansite.model import Actual, Goal, Measure, Target


class Status(StrEnum):
    """A computed status, with the words readers see."""

    MET = "met"
    ON_TRACK = "on-track"
    OFF_TRACK = "off-track"
    NOT_MEASURED = "not-measured"
    NOT_RATED = "not-rated"

    @property
    def label(self) -> str:
        """The status in words, never shown by colour alone."""
        return _LABELS[self]


_LABELS = {
    Status.MET: "Met",
    Status.ON_TRACK: "On track",
    Status.OFF_TRACK: "Off track",
    Status.NOT_MEASURED: "Not yet measured",
    Status.NOT_RATED: "Not rated",
}

STATUS_RULE = (
    "Each measure's latest result for all students is compared with the target set for the same "
    "school year (and collection window), in the measure's direction: met when it reaches the "
    "end target, on track when it reaches that year's target, off track when it falls short. "
    "Interim results between target windows are shown but do not decide it. Not yet measured: "
    "no result yet; not rated: no target for that year, or a result about too few students to "
    "publish. A goal is off track if any of its measures is off track, met if all of them are "
    "met, and on track otherwise."
)
"""The rule in plain words, printed on the pages that show a status."""


def display_number(value: float, unit: str | None = None) -> str:
    """41.5, 70 and 186,000, as few digits as the value needs; `percent` spelled after it."""
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
    return f"{text} percent" if unit == "percent" else text


@dataclass(frozen=True)
class MeasureStatus:
    """A measure's status with the sentence that explains it."""

    status: Status
    explanation: str
    latest: Actual | None = None
    target: Target | None = None


@dataclass(frozen=True)
class GoalStatus:
    """A goal's rolled-up status and the count of its measures in each status."""

    status: Status
    counts: dict[Status, int]

    @property
    def explanation(self) -> str:
        """e.g. `2 of its 3 rated measures are on track or met.`"""
        total = sum(self.counts.values())
        rated = sum(n for s, n in self.counts.items() if s in _RATED)
        good = self.counts.get(Status.MET, 0) + self.counts.get(Status.ON_TRACK, 0)
        if not total:
            return "It has no measures yet."
        if not rated:
            return "None of its measures has a result to rate yet."
        unrated = f" ({total - rated} not rated yet)" if total > rated else ""
        return f"{good} of its {rated} rated measures on track or met{unrated}."


_RATED = (Status.MET, Status.ON_TRACK, Status.OFF_TRACK)


def _when(period: str, window: str | None) -> tuple[int, int]:
    return school_year_start(period), WINDOW_ORDER[window]


def _label(period: str, window: str | None) -> str:
    return f"{window} {period}" if window else period


def _reaches(value: float, goal: float, direction: str) -> bool:
    return value <= goal if direction == "decrease" else value >= goal


def _compare(value: float, target: float, direction: str, unit: str | None) -> str:
    """`is at or above the target of 59` / `is above the target of 3.8 (lower is better)`."""
    shown = display_number(target, unit)
    if value == target:
        return f"equals the target of {shown}"
    side = "above" if value > target else "below"
    better = " (lower is better)" if direction == "decrease" else ""
    return f"is {side} the target of {shown}{better}"


def _target_for(measure: Measure, actual: Actual) -> Target | None:
    """The target a result is compared with: same year and window, else the year's only one."""
    targets = [*measure.annual_targets, *([measure.target] if measure.target else [])]
    same_year = [t for t in targets if t.period == actual.period]
    exact = [t for t in same_year if t.window == actual.window]
    whole_year = [t for t in same_year if t.window is None]
    candidates = exact or whole_year
    return candidates[0] if candidates else None


def measure_status(measure: Measure, minimum_group_size: int = 0) -> MeasureStatus:
    """The status of one measure, computed from its results and targets.

    A result about fewer students than `minimum_group_size` is never published, so it is left
    out here too: a status must not give away a number the page withholds.
    """
    overall = sorted(
        (a for a in measure.actuals if a.subgroup is None), key=lambda a: _when(a.period, a.window)
    )
    results = [a for a in overall if a.n is None or a.n >= minimum_group_size]
    if overall and overall[-1] not in results:
        when = _label(overall[-1].period, overall[-1].window)
        return MeasureStatus(
            Status.NOT_RATED,
            f"The latest result ({when}) is about too few students to publish, so it is not rated.",
        )
    if not results:
        groups = any(a.subgroup is not None for a in measure.actuals)
        shown = " (results by student group are shown below)" if groups else ""
        return MeasureStatus(
            Status.NOT_MEASURED, f"No result for all students has been reported yet{shown}."
        )
    latest = results[-1]
    if measure.direction is None:
        return MeasureStatus(
            Status.NOT_RATED, "The measure does not say which direction is better.", latest
        )
    years_with_targets = {t.period for t in measure.annual_targets}
    if measure.target:
        years_with_targets.add(measure.target.period)
    if latest.period not in years_with_targets:
        return MeasureStatus(
            Status.NOT_RATED, f"There is no target for {latest.period} to compare with.", latest
        )
    comparable = [(a, t) for a in results if (t := _target_for(measure, a)) is not None]
    if not comparable:
        return MeasureStatus(
            Status.NOT_RATED, "No result yet has a target for its window to compare with.", latest
        )
    return _rate(measure, *comparable[-1])


def _rate(measure: Measure, actual: Actual, target: Target) -> MeasureStatus:
    direction = "decrease" if measure.direction == "decrease" else "increase"
    result = (
        f"The result for all students in {_label(actual.period, actual.window)}, "
        f"{display_number(actual.value, measure.unit)},"
    )
    end = measure.target
    if (
        end is not None
        and end.window in (actual.window, None)
        and _reaches(actual.value, end.value, direction)
    ):
        reaches = _compare(actual.value, end.value, direction, measure.unit)
        return MeasureStatus(
            Status.MET, f"{result} {reaches.replace('the target', 'the end target')}.", actual, end
        )
    reached = _reaches(actual.value, target.value, direction)
    return MeasureStatus(
        Status.ON_TRACK if reached else Status.OFF_TRACK,
        f"{result} {_compare(actual.value, target.value, direction, measure.unit)}.",
        actual,
        target,
    )


def roll_up(statuses: list[Status]) -> Status:
    """A goal's status from its measures' statuses (the rule in the module docstring)."""
    rated = [s for s in statuses if s in _RATED]
    if not rated:
        return Status.NOT_MEASURED
    if Status.OFF_TRACK in rated:
        return Status.OFF_TRACK
    if all(s is Status.MET for s in statuses):
        return Status.MET
    return Status.ON_TRACK


def goal_status(goal: Goal, minimum_group_size: int = 0) -> GoalStatus:
    """A goal's status, rolled up from its own measures."""
    statuses = [measure_status(m, minimum_group_size).status for m in goal.measures]
    counts: dict[Status, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return GoalStatus(roll_up(statuses), counts)
