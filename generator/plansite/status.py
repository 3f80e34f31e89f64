"""Status computed from the data: is each measure, and each goal, where the plan said it would be?

Nobody types a status. A measure's status compares its latest result for all students with the
target written for the same school year (and collection window), in the measure's direction:

- **Met**: the latest result reaches the end target.
- **On track**: the latest result that has a target for its year reaches that target.
- **Off track**: it falls short of that target.
- **Not yet measured**: there is no result for all students yet.
- **Not rated**: there are results, but none has a target for its year to compare with, or the
  measure has no direction (the reason is given in words).

A goal rolls its measures up conservatively, so a reader is never told a goal is on track while
one of its measures is not: no measure rated means *not yet measured*; any measure off track
makes the goal *off track*; every rated measure met makes it *met*; otherwise *on track*.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from plansite.checks.targets import WINDOW_ORDER
from plansite.checks.wording import number
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
    "school year (and collection window), in the measure's direction. A goal is off track if any "
    "of its measures is off track, met if all of its rated measures are met, and on track otherwise."
)
"""The rule in plain words, printed on the pages that show a status."""


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
        """e.g. `2 of 3 measures on track or met`."""
        rated = sum(n for s, n in self.counts.items() if s in _RATED)
        good = self.counts.get(Status.MET, 0) + self.counts.get(Status.ON_TRACK, 0)
        total = sum(self.counts.values())
        if not rated:
            return f"None of its {total} measures has a rated result yet."
        return f"{good} of {rated} rated measures on track or met ({total} in all)."


_RATED = (Status.MET, Status.ON_TRACK, Status.OFF_TRACK)


def _when(period: str, window: str | None) -> tuple[int, int]:
    return school_year_start(period), WINDOW_ORDER[window]


def _label(period: str, window: str | None) -> str:
    return f"{window} {period}" if window else period


def _reaches(value: float, goal: float, direction: str) -> bool:
    return value <= goal if direction == "decrease" else value >= goal


def _target_for(measure: Measure, actual: Actual) -> Target | None:
    targets = [*measure.annual_targets, *([measure.target] if measure.target else [])]
    return next(
        (t for t in targets if t.period == actual.period and t.window in (actual.window, None)),
        None,
    )


def measure_status(measure: Measure) -> MeasureStatus:
    """The status of one measure, computed from its results and targets."""
    results = sorted(
        (a for a in measure.actuals if a.subgroup is None),
        key=lambda a: _when(a.period, a.window),
    )
    if not results:
        return MeasureStatus(Status.NOT_MEASURED, "No result has been reported yet.")
    latest = results[-1]
    if measure.direction is None:
        return MeasureStatus(
            Status.NOT_RATED, "The measure does not say which direction is better.", latest
        )
    direction = "decrease" if measure.direction == "decrease" else "increase"
    end = measure.target
    if end is not None and _reaches(latest.value, end.value, direction):
        return MeasureStatus(
            Status.MET,
            f"The latest result, {number(latest.value)} ({_label(latest.period, latest.window)}), "
            f"reaches the end target of {number(end.value)}.",
            latest,
            end,
        )
    comparable = [(a, t) for a in results if (t := _target_for(measure, a)) is not None]
    if not comparable:
        return MeasureStatus(
            Status.NOT_RATED,
            "No result yet has a target for its school year to compare with.",
            latest,
        )
    actual, target = comparable[-1]
    reached = _reaches(actual.value, target.value, direction)
    verb = "reaches" if reached else "falls short of"
    return MeasureStatus(
        Status.ON_TRACK if reached else Status.OFF_TRACK,
        f"The result for {_label(actual.period, actual.window)}, {number(actual.value)}, {verb} "
        f"the target of {number(target.value)} for that {'window' if target.window else 'year'}.",
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
    if all(s is Status.MET for s in rated):
        return Status.MET
    return Status.ON_TRACK


def goal_status(goal: Goal) -> GoalStatus:
    """A goal's status, rolled up from its own measures."""
    statuses = [measure_status(m).status for m in goal.measures]
    counts: dict[Status, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return GoalStatus(roll_up(statuses), counts)
