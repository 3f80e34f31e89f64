"""Action steps: who does each step, when, with what money, and whether it is done."""

from __future__ import annotations

import datetime as dt

from plansite.checks.registry import RuleContext, rule
from plansite.checks.strategies import FINISHED_STATUSES, all_steps, step_name
from plansite.checks.wording import spoken_list
from plansite.diagnostics import Severity
from plansite.fields import school_year_start
from plansite.model import ActionStep, Plan
from plansite.settings import RuleSettings


@rule("PS423", "step-incomplete", Severity.ERROR)
def check_step_complete(context: RuleContext) -> None:
    """Every action step names who is responsible and when it happens (and, if required, its funding).

    Why: Missouri's CSIP rubric (MSIP 6) scores plans on timelines, persons responsible and
    funding sources, and Colorado's UIP and Georgia's SIP ask the same of every action step.
    Each step needs at least one role in `roles` (roles, not names, so the plan survives staff
    changes) and a timeline: both `start` and `end`, or a `recurrence`. When
    `step_funding_required: true` is set in `site_config/rules.yml`, each step also needs at
    least one `funding` entry.

    Fails:

    ```yaml title="plans/district/strategies/literacy.yml"
    strategies:
      - id: structured-literacy
        title: Structured literacy in K-3
        serves: [reading]
        evidence: {tier: 1, citation: "Foorman et al. (2016), IES practice guide."}
        action_steps:
          - id: train-teachers  # PS423
            title: Train K-3 teachers in structured literacy
            start: 2024-08-15
            status: complete
    ```

    Passes:

    ```yaml title="site_config/rules.yml"
    step_funding_required: true
    ```

    ```yaml title="plans/district/strategies/literacy.yml"
    strategies:
      - id: structured-literacy
        title: Structured literacy in K-3
        serves: [reading]
        evidence: {tier: 1, citation: "Foorman et al. (2016), IES practice guide."}
        action_steps:
          - id: train-teachers
            title: Train K-3 teachers in structured literacy
            roles: [Director of Literacy]
            start: 2024-08-15
            end: 2025-05-30
            funding: [{source: "Title II, Part A", amount: 85000}]
            status: complete
    ```

    ```yaml title="plans/lincoln/strategies/reading.yml"
    strategies:
      - id: small-group-phonics
        title: Daily small-group phonics
        serves: [lincoln-reading]
        evidence: {tier: 2, citation: "Gersten et al. (2009), IES practice guide."}
        action_steps:
          - id: schedule-win-block
            title: Schedule a 30-minute intervention block
            roles: [Principal]
            recurrence: annually
            funding: [{source: General fund, amount: 0, note: staff time only}]
            status: in-progress
    ```
    """
    for plan, step in all_steps(context):
        missing = _missing_step_parts(step, context.settings)
        if missing:
            context.report(
                step,
                f"{step_name(plan, step)} is missing {spoken_list([what for what, _ in missing])}",
                "; ".join(f"add {how}" for _, how in missing),
            )


def _missing_step_parts(step: ActionStep, settings: RuleSettings) -> list[tuple[str, str]]:
    """What a step lacks, each as (what is missing, what to add)."""
    missing = []
    if not step.roles:
        missing.append(("a role responsible", "roles: [...] with the roles that carry it out"))
    timeline = _missing_timeline(step)
    if timeline:
        missing.append(timeline)
    if settings.step_funding_required and not step.funding:
        missing.append(
            (
                "a funding source (site_config/rules.yml requires one on every step)",
                "funding: [{source: ...}] naming where the money comes from",
            )
        )
    return missing


def _missing_timeline(step: ActionStep) -> tuple[str, str] | None:
    """What the step's timeline lacks, or None when it has start and end, or a recurrence."""
    if step.recurrence or (step.start and step.end):
        return None
    if step.start:
        return ("an end date", "end: YYYY-MM-DD, or a recurrence: instead of dates")
    if step.end:
        return ("a start date", "start: YYYY-MM-DD, or a recurrence: instead of dates")
    return (
        "a timeline (start and end dates, or a recurrence)",
        "start: and end: dates, or a recurrence: such as annually",
    )


@rule("PS424", "step-outside-period", Severity.WARNING)
def check_step_within_period(context: RuleContext) -> None:
    """An action step's dates and school year fall within its plan's period.

    Why: a step dated outside the plan's years is usually a typo (2052 for 2025) or a step left
    over from the last plan; either way readers cannot trust the timeline, which Missouri's CSIP
    rubric (MSIP 6) and Colorado's UIP ask for. The period runs from July 1 of its first school
    year to June 30 of its last: `2024-25` to `2028-29` is 2024-07-01 to 2029-06-30. One finding
    per step lists every key outside the period, so a plan whose period moved is not flooded.

    Fails:

    ```yaml title="plans/district/strategies/literacy.yml"
    strategies:
      - id: structured-literacy
        title: Structured literacy in K-3
        serves: [reading]
        evidence: {tier: 1, citation: "Foorman et al. (2016), IES practice guide."}
        action_steps:
          - id: train-teachers
            title: Train K-3 teachers in structured literacy
            roles: [Director of Literacy]
            start: 2024-06-17  # PS424
            end: 2025-05-30
            year: 2023-24
            status: complete
    ```

    Passes:

    ```yaml title="plans/district/strategies/literacy.yml"
    strategies:
      - id: structured-literacy
        title: Structured literacy in K-3
        serves: [reading]
        evidence: {tier: 1, citation: "Foorman et al. (2016), IES practice guide."}
        action_steps:
          - id: train-teachers
            title: Train K-3 teachers in structured literacy
            roles: [Director of Literacy]
            start: 2024-08-15
            end: 2025-05-30
            year: 2024-25
            status: complete
    ```
    """
    for plan, step in all_steps(context):
        outside = _outside_period(plan, step)
        if outside:
            period = plan.meta.period
            first, last = _period_dates(plan)
            keys = [key for key, _ in outside]
            context.report(
                step,
                f"{step_name(plan, step)} has {spoken_list([what for _, what in outside])}, outside "
                f"the plan's period {period.start} to {period.end} ({first} to {last})",
                f"correct {spoken_list([k + ':' for k in keys])}, or change period: in "
                f"plans/{plan.id}/plan.yml if the plan really runs that long",
                at=(keys[0],),
            )


def _outside_period(plan: Plan, step: ActionStep) -> list[tuple[str, str]]:
    """The step's keys that fall outside its plan's period, with what they say, in one list:
    a plan whose period moved gives one finding per step, not one per date."""
    first, last = _period_dates(plan)
    outside = [
        (key, f"{'a start' if key == 'start' else 'an end'} date of {date}")
        for key, date in (("start", step.start), ("end", step.end))
        if date is not None and not first <= date <= last
    ]
    period = plan.meta.period
    years = range(school_year_start(period.start), school_year_start(period.end) + 1)
    if step.year is not None and school_year_start(step.year) not in years:
        outside.append(("year", f"the school year {step.year}"))
    return outside


def _period_dates(plan: Plan) -> tuple[dt.date, dt.date]:
    """The first and last day of a plan's period: July 1 of its first year to June 30 after its last."""
    period = plan.meta.period
    first = dt.date(school_year_start(period.start), 7, 1)
    last = dt.date(school_year_start(period.end) + 1, 6, 30)
    return first, last


@rule("PS425", "overdue-step", Severity.WARNING)
def check_overdue_steps(context: RuleContext) -> None:
    """An action step whose end date has passed is marked complete or cancelled.

    Why: boards are asked to monitor implementation regularly (Missouri MSIP 6), and a step past
    its end date that still reads in-progress, or has no status, hides whether the work happened.
    Mark it `complete` or `cancelled`, or give it a new `end` date. The date is judged as of
    `--as-of`.

    Fails:

    ```yaml title="plans/district/strategies/literacy.yml"
    strategies:
      - id: structured-literacy
        title: Structured literacy in K-3
        serves: [reading]
        evidence: {tier: 1, citation: "Foorman et al. (2016), IES practice guide."}
        action_steps:
          - id: train-teachers
            title: Train K-3 teachers in structured literacy
            roles: [Director of Literacy]
            start: 2024-08-15
            end: 2025-05-30
            status: in-progress  # PS425
          - id: observe-classrooms  # PS425
            title: Observe every K-3 classroom once
            roles: [Literacy coaches]
            start: 2025-09-01
            end: 2026-05-29
    ```

    Passes:

    ```yaml title="plans/district/strategies/literacy.yml"
    strategies:
      - id: structured-literacy
        title: Structured literacy in K-3
        serves: [reading]
        evidence: {tier: 1, citation: "Foorman et al. (2016), IES practice guide."}
        action_steps:
          - id: train-teachers
            title: Train K-3 teachers in structured literacy
            roles: [Director of Literacy]
            start: 2024-08-15
            end: 2025-05-30
            status: complete
          - id: observe-classrooms
            title: Observe every K-3 classroom once
            roles: [Literacy coaches]
            start: 2025-09-01
            end: 2027-05-28
            status: delayed
    ```
    """
    for plan, step in all_steps(context):
        if step.end is None or step.end >= context.as_of or step.status in FINISHED_STATUSES:
            continue
        status = f"its status is {step.status}" if step.status else "it has no status"
        context.report(
            step,
            f"{step_name(plan, step)} was due to end on {step.end}, but {status}",
            "if it is done, set status: complete (or cancelled if it was dropped); "
            "if it is still under way, set end: to the new date",
            at=("status",) if step.status else (),
        )


# ---------------------------------------------------------------- evidence
