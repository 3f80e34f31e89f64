"""Targets and results: annual targets that add up, in the right direction, and current data."""

from __future__ import annotations

from plansite.checks.measures import all_measures
from plansite.checks.registry import RuleContext, rule
from plansite.checks.wording import number, spoken_list
from plansite.diagnostics import Severity
from plansite.fields import school_year_start
from plansite.model import Measure, Plan, Target

WINDOW_ORDER = {"fall": 0, "winter": 1, "spring": 2, "summer": 3, None: 4}
"""Collection windows in the order they fall in a school year; no window means the whole year."""


def expected_years(plan: Plan, measure: Measure, target: Target) -> list[str]:
    """The school years a measure needs an annual target for."""
    first = school_year_start(plan.meta.period.start)
    if measure.baseline is not None:
        first = max(first, school_year_start(measure.baseline.period) + 1)
    elif measure.annual_targets or measure.actuals:
        # Without a baseline (PS411), start at the first year the measure has data or a target.
        periods = [t.period for t in measure.annual_targets] + [a.period for a in measure.actuals]
        started = min(periods)
        first = max(first, school_year_start(started))
    last = school_year_start(target.period)
    return [f"{y}-{(y + 1) % 100:02d}" for y in range(first, last + 1)]


def report_missing_years(
    context: RuleContext, plan: Plan, measure: Measure, missing: list[str]
) -> None:
    """One finding naming every school year without an annual target."""
    windows = {t.window for t in measure.annual_targets}
    only = next(iter(windows)) if len(windows) == 1 else None
    window = f", window: {only}" if only else ""
    context.report(
        measure,
        f'the {plan.term("measure").lower()} "{measure.name}" has no annual target for '
        f"{spoken_list(missing)}",
        f"add {{period: {missing[0]}{window}, value: ...}} to annual_targets"
        + (", and likewise for each year named" if len(missing) > 1 else ""),
        at=("annual_targets",) if measure.annual_targets else (),
    )


def report_repeated_years(context: RuleContext, measure: Measure) -> None:
    """A finding at each annual target whose school year (and window) was already given."""
    seen: set[tuple[str, str | None]] = set()
    for index, target in enumerate(measure.annual_targets):
        key = (target.period, target.window)
        if key in seen:
            when = f"{target.window} {target.period}" if target.window else target.period
            context.report(
                measure,
                f"the annual target for {when} is given twice",
                "keep one annual target per school year; delete this one or correct its period",
                at=("annual_targets", index),
            )
        seen.add(key)


@rule("PS412", "annual-target-gap", Severity.WARNING)
def check_annual_targets(context: RuleContext) -> None:
    """A measure with an end target has one annual target for every school year up to it.

    Why: annual targets are how the board knows each year whether the plan is on track; a gap
    leaves a year with nothing to judge the result against. Missouri's MSIP 6 rubric and
    Colorado's UIP both ask for annual targets on the way to the end target. Years run from the
    year after the baseline (or the plan's first year, if later) through the end target's year.
    A measure with several collection windows may have one target per window in a year.

    Fails:

    ```yaml title="plans/district/goals/reading.yml"
    id: reading
    title: Reading by grade 3
    statement: By 2028-29, 60% of third graders meet the state reading standard.
    beliefs: [every-child]
    measures:
      - id: grade3-reading
        name: Grade 3 reading proficiency
        direction: increase
        sources: [State ELA assessment]
        cadence: annually
        baseline: {value: 41, period: 2023-24}
        target: {value: 60, period: 2028-29}
        annual_targets:
          - {period: 2024-25, value: 45}            # PS412
          - {period: 2025-26, value: 49}
          - {period: 2027-28, value: 57}
          - {period: 2027-28, value: 57}            # PS412
          - {period: 2028-29, value: 60}
        actuals:
          - {period: 2024-25, value: 44}
          - {period: 2025-26, value: 48}
    ```

    Passes:

    ```yaml title="plans/district/goals/reading.yml"
    id: reading
    title: Reading by grade 3
    statement: By 2028-29, 60% of third graders meet the state reading standard.
    beliefs: [every-child]
    measures:
      - id: grade3-reading
        name: Grade 3 reading proficiency
        direction: increase
        sources: [State ELA assessment]
        cadence: annually
        baseline: {value: 41, period: 2023-24}
        target: {value: 60, period: 2028-29}
        annual_targets:
          - {period: 2024-25, value: 45}
          - {period: 2025-26, value: 49}
          - {period: 2026-27, value: 53}
          - {period: 2027-28, value: 57}
          - {period: 2028-29, value: 60}
        actuals:
          - {period: 2024-25, value: 44}
          - {period: 2025-26, value: 48}
    ```
    """
    for plan, measure in all_measures(context):
        if measure.target is None:
            continue
        given = {target.period for target in measure.annual_targets}
        missing = [y for y in expected_years(plan, measure, measure.target) if y not in given]
        if missing:
            report_missing_years(context, plan, measure, missing)
        report_repeated_years(context, measure)


# ---------------------------------------------------------------- PS413


def label(target: Target) -> str:
    """A target's period as people say it: `spring 2025-26`, or `2025-26`."""
    return f"{target.window} {target.period}" if target.window else target.period


def by_window(targets: list[Target]) -> dict[str | None, list[tuple[int, Target]]]:
    """Annual targets grouped by collection window, each group in year order, with file indexes.

    Screening results dip every fall and climb to spring, so a fall target is compared with the
    fall target before it, not with the spring before.
    """
    groups: dict[str | None, list[tuple[int, Target]]] = {}
    for index, target in sorted(enumerate(targets), key=lambda it: it[1].period):
        groups.setdefault(target.window, []).append((index, target))
    return groups


def step_problem(
    annual: Target, previous: tuple[str, float] | None, end: Target, direction: str
) -> str | None:
    """What is wrong with one annual target, given the one before it; None when it is fine."""
    if direction not in ("increase", "decrease"):
        return None
    step = 1 if direction == "increase" else -1
    if previous is not None and (annual.value - previous[1]) * step < 0:
        word = "lower" if direction == "increase" else "higher"
        return f"is {number(annual.value)}, {word} than {previous[0]} of {number(previous[1])}, but the measure should {direction}"
    if (annual.value - end.value) * step > 0:
        return f"is {number(annual.value)}, past the end target of {number(end.value)}"
    return None


def end_year_problem(measure: Measure, end: Target) -> tuple[int, str] | None:
    """The annual target of the end target's year (and window) must equal the end target."""
    same_year = [(i, a) for i, a in enumerate(measure.annual_targets) if a.period == end.period]
    if not same_year:
        return None  # a missing year is PS412's finding
    matching = [
        (i, a) for i, a in same_year if end.window is None or a.window in (end.window, None)
    ]
    if not matching:
        return same_year[0][0], (
            f"the end target is for {label(end)}, but no annual target of {end.period} is for {end.window}"
        )
    index, final = max(
        matching, key=lambda it: (it[1].window == end.window, WINDOW_ORDER[it[1].window])
    )
    if final.value == end.value:
        return None
    return (
        index,
        f"the {label(final)} target is {number(final.value)}, but the end target for {label(end)} is {number(end.value)}",
    )


def annual_problems(measure: Measure, end: Target) -> list[tuple[int, str]]:
    """Every annual target that does not step toward the end target, in file order."""
    direction = measure.direction or "maintain"
    baseline = measure.baseline
    problems = []
    for window, series in by_window(measure.annual_targets).items():
        same_window = baseline is not None and (baseline.window in (window, None) or window is None)
        previous = (
            ("the baseline", baseline.value) if baseline is not None and same_window else None
        )
        for index, annual in series:
            problem = step_problem(annual, previous, end, direction)
            if problem:
                problems.append((index, f"the {label(annual)} target {problem}"))
            previous = (f"the {label(annual)} target", annual.value)
    final = end_year_problem(measure, end)
    if final and all(index != final[0] for index, _ in problems):
        problems.append(final)
    return sorted(problems)


def end_target_problem(measure: Measure, end: Target) -> str | None:
    """Whether the end target moves the wrong way from the baseline."""
    baseline, direction = measure.baseline, measure.direction
    if baseline is None or direction not in ("increase", "decrease"):
        return None
    step = 1 if direction == "increase" else -1
    if (end.value - baseline.value) * step > 0:
        return None
    side = "above" if direction == "increase" else "below"
    return (
        f"the end target {number(end.value)} is not {side} the baseline "
        f"{number(baseline.value)}, but the measure's direction is {direction}"
    )


def direction_hint(measure: Measure) -> str:
    """How to fix an end target on the wrong side of the baseline."""
    other, kind = (
        ("decrease", "lower") if measure.direction == "increase" else ("increase", "higher")
    )
    return (
        f"correct target: value; or, if {kind} is better for this measure, "
        f"change direction: to {other}"
    )


@rule("PS413", "target-direction", Severity.ERROR)
def check_target_direction(context: RuleContext) -> None:
    """Targets move from the baseline toward the end target, in the measure's direction.

    Why: for a measure that should go down (chronic absence, suspensions, course failures), a
    target written above the baseline is a sign error that would report failure as success.
    Reviewers check that annual targets move toward the end target in the measure's direction
    (Missouri MSIP 6; Colorado UIP annual targets), step by step from the baseline, never past
    the end target, and that the target for the end year is the end target itself. A measure to
    `maintain` only needs its last annual target to equal the end target.

    Fails:

    ```yaml title="plans/district/goals/attendance.yml"
    id: attendance
    title: Attendance
    statement: Cut chronic absence in half by 2028-29.
    measures:
      - id: chronic-absence
        name: Students chronically absent
        direction: decrease
        sources: [Student information system]
        cadence: annually
        baseline: {value: 18, period: 2023-24}
        target: {value: 9, period: 2028-29}
        annual_targets:
          - {period: 2024-25, value: 16}
          - {period: 2025-26, value: 14}
          - {period: 2026-27, value: 15}    # PS413
          - {period: 2027-28, value: 11}
          - {period: 2028-29, value: 9}
        actuals:
          - {period: 2024-25, value: 17}
          - {period: 2025-26, value: 15}
      - id: suspensions
        name: Students suspended at least once
        direction: decrease
        sources: [Student information system]
        cadence: annually
        baseline: {value: 4.2, period: 2023-24}
        target: {value: 5.2, period: 2028-29}    # PS413
        annual_targets:
          - {period: 2024-25, value: 4.4}
          - {period: 2025-26, value: 4.6}
          - {period: 2026-27, value: 4.8}
          - {period: 2027-28, value: 5.0}
          - {period: 2028-29, value: 5.2}
        actuals:
          - {period: 2024-25, value: 4.0}
          - {period: 2025-26, value: 3.9}
    ```

    Passes:

    ```yaml title="plans/district/goals/attendance.yml"
    id: attendance
    title: Attendance
    statement: Cut chronic absence in half by 2028-29.
    measures:
      - id: chronic-absence
        name: Students chronically absent
        direction: decrease
        sources: [Student information system]
        cadence: annually
        baseline: {value: 18, period: 2023-24}
        target: {value: 9, period: 2028-29}
        annual_targets:
          - {period: 2024-25, value: 16}
          - {period: 2025-26, value: 14}
          - {period: 2026-27, value: 14}
          - {period: 2027-28, value: 11}
          - {period: 2028-29, value: 9}
        actuals:
          - {period: 2024-25, value: 17}
          - {period: 2025-26, value: 15}
    ```
    """
    for _plan, measure in all_measures(context):
        end = measure.target
        if end is None:
            continue
        problem = end_target_problem(measure, end)
        if problem:
            context.report(
                measure,
                problem,
                direction_hint(measure),
                at=("target",),
            )
            continue
        for index, message in annual_problems(measure, end):
            context.report(
                measure,
                message,
                "correct this annual target's value so targets step toward the end target",
                at=("annual_targets", index),
            )
