"""PDSA series: quick follow-up after an adapt decision, cycles in order, cycles kept rapid."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from plansite.checks.pdsa import all_cycles, days
from plansite.checks.registry import RuleContext, rule
from plansite.diagnostics import Severity
from plansite.improvement import PdsaCycle
from plansite.model import Plan, PlanSet
from plansite.resolve import Key, key_of


def _followers(plan_set: PlanSet) -> dict[Key, list[PdsaCycle]]:
    """The cycles that name each cycle as their `previous`, across all plans."""
    after: dict[Key, list[PdsaCycle]] = defaultdict(list)
    for plan, cycle in all_cycles(plan_set):
        if cycle.previous:
            after[key_of(cycle.previous, plan.id)].append(cycle)
    return after


def _follow_up_problem(
    end: dt.date, followers: list[PdsaCycle], limit: int, as_of: dt.date
) -> str | None:
    """Why an adapted cycle's follow-up is late, or None when it is on time (or not due yet)."""
    deadline = end + dt.timedelta(days=limit)
    starts = sorted(f.start for f in followers if f.start is not None)
    if starts and starts[0] <= deadline:
        return None
    if starts:
        late = (starts[0] - end).days
        return f"the next cycle starts {starts[0]}, {days(late)} after this one ended"
    if as_of <= deadline:
        return None
    if followers:
        return f"the next cycle ({followers[0].id}) has no start date yet"
    return "no cycle names it in previous: yet"


@rule("PS452", "adapt-without-next-cycle", Severity.WARNING)
def check_adapt_follow_up(context: RuleContext) -> None:
    """A cycle that decided to adapt is followed by a next cycle within 30 days.

    Why: PDSA cycles are meant to build on each other quickly (IHI PDSA worksheet; Langley et
    al., *The Improvement Guide*): an adapt decision means "change it and test again". When no
    next cycle starts soon after, the learning goes cold. The next cycle is one whose `previous`
    names this one; the limit is `thresholds: adapt_follow_up_days` in `site_config/rules.yml`.
    Until that many days have passed since the end, a missing next cycle is not reported.

    Fails:

    ```yaml title="plans/lincoln/cycles/book-bags-1.yml"
    id: book-bags-1
    title: Book bags with one class
    change_idea: book-bags
    series: book-bags
    cycle: 1
    purpose: test-change
    status: complete
    start: 2026-09-07
    end: 2026-09-25
    plan:
      objective: See whether families use the bags.
      questions:
        - {id: q1, question: How many bags come back?, prediction: 15 of 22.}
    do:
      observations: Bags came back from half the families; notes were only in English.
    study:
      results:
        - {question: q1, result: 11 of 22 on average., prediction_held: "no"}
    act:
      decision: adapt  # PS452
      next_steps: Add notes in Spanish and try again.
    ```

    ```yaml title="plans/lincoln/cycles/book-bags-2.yml"
    id: book-bags-2
    title: Book bags with notes in Spanish
    change_idea: book-bags
    series: book-bags
    cycle: 2
    previous: book-bags-1
    purpose: test-change
    status: complete
    start: 2026-11-02
    end: 2026-11-20
    plan:
      objective: See whether notes in Spanish bring more bags back.
      questions:
        - {id: q1, question: How many bags come back?, prediction: 16 of 22.}
    do:
      observations: Most bags came back on Mondays.
    study:
      results:
        - {question: q1, result: 17 of 22 on average., prediction_held: "yes"}
    act:
      decision: adopt
    ```

    Passes:

    ```yaml title="plans/lincoln/cycles/book-bags-1.yml"
    id: book-bags-1
    title: Book bags with one class
    change_idea: book-bags
    series: book-bags
    cycle: 1
    purpose: test-change
    status: complete
    start: 2026-09-07
    end: 2026-09-25
    plan:
      objective: See whether families use the bags.
      questions:
        - {id: q1, question: How many bags come back?, prediction: 15 of 22.}
    do:
      observations: Bags came back from half the families; notes were only in English.
    study:
      results:
        - {question: q1, result: 11 of 22 on average., prediction_held: "no"}
    act:
      decision: adapt
      next_steps: Add notes in Spanish and try again.
    ```

    ```yaml title="plans/lincoln/cycles/book-bags-2.yml"
    id: book-bags-2
    title: Book bags with notes in Spanish
    change_idea: book-bags
    series: book-bags
    cycle: 2
    previous: book-bags-1
    purpose: test-change
    status: complete
    start: 2026-10-05
    end: 2026-10-23
    plan:
      objective: See whether notes in Spanish bring more bags back.
      questions:
        - {id: q1, question: How many bags come back?, prediction: 16 of 22.}
    do:
      observations: Most bags came back on Mondays.
    study:
      results:
        - {question: q1, result: 17 of 22 on average., prediction_held: "yes"}
    act:
      decision: adopt
    ```
    """
    limit = context.settings.thresholds.adapt_follow_up_days
    followers = _followers(context.plan_set)
    for plan, cycle in all_cycles(context.plan_set):
        if cycle.act is None or cycle.act.decision != "adapt" or cycle.end is None:
            continue
        after = followers.get((plan.id, cycle.id), [])
        problem = _follow_up_problem(cycle.end, after, limit, context.as_of)
        if problem:
            context.report(
                cycle,
                f"the {plan.term('cycle')} decided to adapt, but {problem}; "
                f"the next cycle should start within {days(limit)} of {cycle.end}",
                f"start the next cycle (with previous: {cycle.id}) by "
                f"{cycle.end + dt.timedelta(days=limit)}, or record a different act: decision",
                at=("act",),
            )


# ---------------------------------------------------------------- PS453


def _series(plan: Plan) -> dict[str, list[PdsaCycle]]:
    """A plan's cycles grouped by series."""
    groups: dict[str, list[PdsaCycle]] = defaultdict(list)
    for cycle in plan.cycles:
        groups[cycle.series].append(cycle)
    return groups


def _order_problems(cycle: PdsaCycle, series: list[PdsaCycle], plan: Plan) -> list[str]:
    """How a cycle's number disagrees with the others in its series, and with its previous."""
    problems = [
        f"cycle {other.cycle} ({other.id}) started earlier, on {other.start}"
        for other in series
        if cycle.start and other.start and other.start < cycle.start and other.cycle > cycle.cycle
    ]
    problems += [
        f"{other.id} has the same number"
        for other in series
        if other is not cycle and other.cycle == cycle.cycle and _before(other, cycle)
    ]
    previous = _previous_in_series(cycle, series, plan)
    if previous is not None:
        if previous.cycle >= cycle.cycle:
            problems.append(f"its previous cycle {previous.id} is cycle {previous.cycle}")
        if previous.start and cycle.start and previous.start > cycle.start:
            problems.append(f"its previous cycle {previous.id} starts later, on {previous.start}")
    return problems


def _before(first: PdsaCycle, second: PdsaCycle) -> bool:
    """Whether one cycle comes before another: by start date, then by id."""
    never = dt.date.max
    return (first.start or never, first.id) < (second.start or never, second.id)


def _previous_in_series(cycle: PdsaCycle, series: list[PdsaCycle], plan: Plan) -> PdsaCycle | None:
    if not cycle.previous:
        return None
    plan_id, cycle_id = key_of(cycle.previous, plan.id)
    if plan_id != plan.id:
        return None
    return next((other for other in series if other.id == cycle_id), None)


@rule("PS453", "cycle-order", Severity.ERROR)
def check_cycle_order(context: RuleContext) -> None:
    """In a series, cycle numbers rise with start dates and follow the previous cycle.

    Why: the cycles of a series build on each other, each one learning from the last and often
    testing on a larger scale (Langley et al., *The Improvement Guide*; Carnegie's guided PDSA).
    Readers follow them by number, so a later cycle needs a higher number than every cycle that
    started before it, no two cycles of a series share a number, and a cycle's `previous` (in
    the same series) has a lower number and does not start after it.

    Fails:

    ```yaml title="plans/lincoln/cycles/book-bags-2.yml"
    id: book-bags-2
    title: Book bags with two classes
    change_idea: book-bags
    series: book-bags
    cycle: 1  # PS453
    previous: book-bags-1
    purpose: test-change
    status: complete
    start: 2026-11-02
    end: 2026-11-13
    plan:
      objective: See whether two classes use the bags.
      questions:
        - {id: q1, question: How many bags come back?, prediction: 30 of 44.}
    do:
      observations: Most bags came back on Mondays.
    study:
      results:
        - {question: q1, result: 33 of 44 on average., prediction_held: "yes"}
    act:
      decision: adopt
    ```

    Passes:

    ```yaml title="plans/lincoln/cycles/book-bags-2.yml"
    id: book-bags-2
    title: Book bags with two classes
    change_idea: book-bags
    series: book-bags
    cycle: 2
    previous: book-bags-1
    purpose: test-change
    status: complete
    start: 2026-11-02
    end: 2026-11-13
    plan:
      objective: See whether two classes use the bags.
      questions:
        - {id: q1, question: How many bags come back?, prediction: 30 of 44.}
    do:
      observations: Most bags came back on Mondays.
    study:
      results:
        - {question: q1, result: 33 of 44 on average., prediction_held: "yes"}
    act:
      decision: adopt
    ```
    """
    for plan in context.plan_set.plans.values():
        for series in _series(plan).values():
            for cycle in series:
                problems = _order_problems(cycle, series, plan)
                if problems:
                    context.report(
                        cycle,
                        f"{cycle.id} is cycle {cycle.cycle} of series {cycle.series}, but "
                        + "; ".join(problems),
                        "number the cycles of a series 1, 2, 3... in the order they start, "
                        "and check previous:",
                        at=("cycle",),
                    )


# ---------------------------------------------------------------- PS454


@rule("PS454", "cycle-not-rapid", Severity.WARNING)
def check_cycle_length(context: RuleContext) -> None:
    """A PDSA cycle ends no more than 90 days after it starts.

    Why: PDSA cycles are small, rapid tests of change, typically one or two weeks and at most
    about 90 days (IHI PDSA worksheet; Langley et al., *The Improvement Guide*). A longer
    "cycle" is usually an implementation or a program, not a test; split it into smaller
    cycles. The limit is `thresholds: max_cycle_days` in `site_config/rules.yml`.

    Fails:

    ```yaml title="site_config/rules.yml"
    thresholds: {max_cycle_days: 20}
    ```

    ```yaml title="plans/lincoln/cycles/book-bags-1.yml"
    id: book-bags-1
    title: Book bags with one class
    change_idea: book-bags
    series: book-bags
    cycle: 1
    purpose: test-change
    status: complete
    start: 2026-10-05
    end: 2026-10-30  # PS454
    plan:
      objective: See whether families use the bags.
      questions:
        - {id: q1, question: How many bags come back?, prediction: 15 of 22.}
    do:
      observations: Most bags came back on Mondays.
    study:
      results:
        - {question: q1, result: 16 of 22 on average., prediction_held: "yes"}
    act:
      decision: adopt
    ```

    Passes:

    ```yaml title="site_config/rules.yml"
    thresholds: {max_cycle_days: 90}
    ```
    """
    limit = context.settings.thresholds.max_cycle_days
    for plan, cycle in all_cycles(context.plan_set):
        if cycle.start is None or cycle.end is None or cycle.end < cycle.start:
            continue
        length = (cycle.end - cycle.start).days
        if length > limit:
            context.report(
                cycle,
                f"the {plan.term('cycle')} runs {days(length)}, from {cycle.start} to "
                f"{cycle.end}; a rapid cycle takes at most {days(limit)}",
                "split it into shorter cycles that each test one change, "
                "or raise thresholds: max_cycle_days in site_config/rules.yml",
                at=("end",),
            )
