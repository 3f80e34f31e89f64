"""Current results: every measure's latest data is no older than its cadence allows."""

from __future__ import annotations

import datetime as dt

from plansite.checks.measures import all_measures
from plansite.checks.registry import RuleContext, rule
from plansite.diagnostics import Severity
from plansite.fields import school_year_start
from plansite.model import Actual, Measure

CADENCE_DAYS = {
    "annually": 365,
    "twice-a-year": 183,
    "three-times-a-year": 122,
    "quarterly": 92,
    "monthly": 31,
    "weekly": 7,
}
"""How many days may pass between two results, for each cadence."""

WINDOW_ENDS = {
    "fall": (0, 12, 31),
    "winter": (1, 3, 31),
    "spring": (1, 6, 30),
    "summer": (1, 8, 31),
}


def data_date(actual: Actual) -> dt.date:
    """When a result became available: its reported date, or the end of its collection window."""
    if actual.reported is not None:
        return actual.reported
    first = school_year_start(actual.period)
    offset, month, day = WINDOW_ENDS[actual.window] if actual.window else (1, 6, 30)
    return dt.date(first + offset, month, day)


def latest_data(measure: Measure) -> dt.date | None:
    """The date of a measure's newest result, or the end of its baseline year if it has none."""
    if measure.actuals:
        return max(data_date(actual) for actual in measure.actuals)
    if measure.baseline is not None:
        return dt.date(school_year_start(measure.baseline.period) + 1, 6, 30)
    return None


@rule("PS414", "stale-actuals", Severity.WARNING)
def check_stale_actuals(context: RuleContext) -> None:
    """A measure's latest result is no older than its cadence allows.

    Why: a plan is only monitored if its results are kept up to date; Missouri's MSIP 6 rubric
    asks that the board regularly monitors outcomes, and reviewers check that actuals are not
    staler than the measure's cadence. A result counts from its `reported` date, else from the
    end of its collection window (fall: December 31; winter: March 31; spring: June 30; summer:
    August 31), else from June 30 of its school year. New data is due one cadence later (a year,
    half a year, ...) plus time to publish it: `thresholds: stale_grace_days` (120 by default),
    but never more than one cadence, so monthly data is overdue after two months, not five. A
    measure without results counts from the end of its baseline year.

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
          - {period: 2024-25, value: 45}
          - {period: 2025-26, value: 49}
          - {period: 2026-27, value: 53}
          - {period: 2027-28, value: 57}
          - {period: 2028-29, value: 60}
        actuals:
          - {period: 2024-25, value: 44}    # PS414
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
          - {period: 2024-25, value: 44, reported: 2025-09-12}
          - {period: 2025-26, value: 48, reported: 2026-09-11}
    ```
    """
    grace = context.settings.thresholds.stale_grace_days
    for _plan, measure in all_measures(context):
        latest = latest_data(measure)
        if measure.cadence is None or latest is None:
            continue
        cadence_days = CADENCE_DAYS[measure.cadence]
        due = latest + dt.timedelta(days=cadence_days + min(grace, cadence_days))
        if context.as_of > due:
            cadence = measure.cadence.replace("-", " ")
            latest_is = (
                f"the latest result is from {latest.isoformat()}"
                if measure.actuals
                else f"no results since the baseline year, which ended {latest.isoformat()}"
            )
            context.report(
                measure,
                f"{latest_is}; results come {cadence}, so new data was due by {due.isoformat()}",
                "add the newest result to actuals (with reported: and the date it was published)",
                at=("actuals",) if measure.actuals else (),
            )
