"""Measures: every goal measured, every measure complete, revisions and subgroups on record."""

from __future__ import annotations

from collections.abc import Iterator

from plansite.checks.registry import RuleContext, rule
from plansite.checks.wording import number, spoken_list
from plansite.diagnostics import Severity
from plansite.model import Goal, Measure, MeasureRevision, Plan


def plan_measures(plan: Plan) -> Iterator[Measure]:
    """Every measure of a plan: its goals' measures, then its strategies' implementation measures."""
    for goal in plan.goals:
        yield from goal.measures
    for strategy in plan.strategies:
        yield from strategy.implementation_measures


def all_measures(context: RuleContext) -> Iterator[tuple[Plan, Measure]]:
    """Every measure of every plan, with its plan."""
    for plan in context.plan_set.plans.values():
        for measure in plan_measures(plan):
            yield plan, measure


# ---------------------------------------------------------------- PS410


@rule("PS410", "goal-without-measure", Severity.ERROR)
def check_goal_measures(context: RuleContext) -> None:
    """Every goal has at least one measure.

    Why: a goal without a measure cannot be monitored or reported on. State rubrics (Missouri
    MSIP 6, Colorado UIP, Georgia SIP) all ask for every goal to carry a measure with a baseline,
    a target and a date, so the board can see whether the plan is working.

    Fails:

    ```yaml title="plans/district/goals/attendance.yml"
    id: attendance                # PS410
    title: Attendance
    statement: Cut chronic absence in half by 2028-29.
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
          - {period: 2026-27, value: 12}
          - {period: 2027-28, value: 11}
          - {period: 2028-29, value: 9}
        actuals:
          - {period: 2024-25, value: 17}
          - {period: 2025-26, value: 15}
    ```
    """
    for plan in context.plan_set.plans.values():
        for goal in plan.goals:
            if not goal.measures:
                context.report(
                    goal,
                    f'the {plan.term("goal").lower()} "{goal.title}" has no '
                    f"{plan.term('measure', plural=True).lower()}",
                    "add measures: with at least one measure (name, baseline, target, sources, cadence)",
                )


# ---------------------------------------------------------------- PS411

_PARTS_HINTS = {
    "baseline": "baseline: {value: ..., period: YYYY-YY}",
    "end target": "target: {value: ..., period: YYYY-YY}",
    "direction": "direction: increase, decrease or maintain",
    "sources": "sources: [...]",
    "cadence": "cadence: annually (or twice-a-year, quarterly, ...)",
}


def missing_parts(measure: Measure) -> list[str]:
    """The parts a complete measure has that this one lacks."""
    present = {
        "baseline": measure.baseline is not None,
        "end target": measure.target is not None,
        "direction": measure.direction is not None,
        "sources": bool(measure.sources),
        "cadence": measure.cadence is not None,
    }
    return [part for part, there in present.items() if not there]


@rule("PS411", "incomplete-measure", Severity.ERROR)
def check_complete_measures(context: RuleContext) -> None:
    """Every measure has a baseline, an end target, a direction, a source and a cadence.

    Why: a number without a starting point, a goal value, a direction and a date is not a measure
    anyone can judge progress by. Missouri's MSIP 6 rubric and Colorado's UIP ask for baselines
    and targets; reviewers also ask where the data comes from and how often it arrives, so the
    board knows when to expect the next result. This applies to goal measures and to strategies'
    implementation measures alike.

    Fails:

    ```yaml title="plans/lincoln/goals/lincoln-reading.yml"
    id: lincoln-reading
    title: Lincoln reading
    statement: By spring 2028, 70% of Lincoln second graders reach the DIBELS 8 benchmark.
    beliefs: [lions-read]
    serves: [district:reading]
    measures:
      - id: grade2-benchmark      # PS411
        name: Grade 2 students at DIBELS 8 benchmark
        direction: increase
        target: {value: 70, period: 2027-28}
    ```

    Passes:

    ```yaml title="plans/lincoln/goals/lincoln-reading.yml"
    id: lincoln-reading
    title: Lincoln reading
    statement: By spring 2028, 70% of Lincoln second graders reach the DIBELS 8 benchmark.
    beliefs: [lions-read]
    serves: [district:reading]
    measures:
      - id: grade2-benchmark
        name: Grade 2 students at DIBELS 8 benchmark
        direction: increase
        sources: [DIBELS 8]
        cadence: annually
        baseline: {value: 52, period: 2024-25}
        target: {value: 70, period: 2027-28}
        annual_targets:
          - {period: 2025-26, value: 58}
          - {period: 2026-27, value: 64}
          - {period: 2027-28, value: 70}
        actuals:
          - {period: 2025-26, value: 57}
    ```
    """
    for plan, measure in all_measures(context):
        missing = missing_parts(measure)
        if missing:
            context.report(
                measure,
                f'the {plan.term("measure").lower()} "{measure.name}" has '
                f"{spoken_list([f'no {part}' for part in missing])}",
                f"add {spoken_list([_PARTS_HINTS[part] for part in missing])}",
            )


# ---------------------------------------------------------------- PS412


def missing_record(revision: MeasureRevision) -> list[str]:
    """What a revision's record lacks: its date, reason or approving body."""
    present = {
        "no date": revision.date is not None,
        "no reason": revision.reason is not None,
        "no approving body": revision.approved_by is not None,
    }
    return [part for part, there in present.items() if not there]


_RECORD_HINTS = {
    "no date": "date: YYYY-MM-DD",
    "no reason": "reason: ...",
    "no approving body": "approved_by: (e.g. Board of Education)",
}


@rule("PS415", "revision-record", Severity.ERROR)
def check_revision_records(context: RuleContext) -> None:
    """Every change to a baseline or target records its date, its reason and who approved it.

    Why: boards re-base measures mid-plan (Gwinnett County revised 17 of 63 KPIs in January
    2023), and reviewers check that each change carries its date, its reason and the approving
    body, so a lowered target can be told apart from a quiet retreat (Missouri MSIP 6: the board
    monitors and approves changes to the plan).

    Fails:

    ```yaml title="plans/lincoln/goals/lincoln-reading.yml"
    id: lincoln-reading
    title: Lincoln reading
    statement: By spring 2028, 70% of Lincoln second graders reach the DIBELS 8 benchmark.
    beliefs: [lions-read]
    serves: [district:reading]
    measures:
      - id: grade2-benchmark
        name: Grade 2 students at DIBELS 8 benchmark
        direction: increase
        sources: [DIBELS 8]
        cadence: annually
        baseline: {value: 52, period: 2024-25}
        target: {value: 70, period: 2027-28}
        annual_targets:
          - {period: 2025-26, value: 58}
          - {period: 2026-27, value: 64}
          - {period: 2027-28, value: 70}
        actuals:
          - {period: 2025-26, value: 57}
        revisions:
          - {date: 2026-01-20, field: target, old: 75, new: 70}    # PS415
    ```

    Passes:

    ```yaml title="plans/lincoln/goals/lincoln-reading.yml"
    id: lincoln-reading
    title: Lincoln reading
    statement: By spring 2028, 70% of Lincoln second graders reach the DIBELS 8 benchmark.
    beliefs: [lions-read]
    serves: [district:reading]
    measures:
      - id: grade2-benchmark
        name: Grade 2 students at DIBELS 8 benchmark
        direction: increase
        sources: [DIBELS 8]
        cadence: annually
        baseline: {value: 52, period: 2024-25}
        target: {value: 70, period: 2027-28}
        annual_targets:
          - {period: 2025-26, value: 58}
          - {period: 2026-27, value: 64}
          - {period: 2027-28, value: 70}
        actuals:
          - {period: 2025-26, value: 57}
        revisions:
          - date: 2026-01-20
            field: target
            old: 75
            new: 70
            reason: DIBELS 8 raised its benchmark goals for grade 2.
            approved_by: School Site Council
    ```
    """
    for _plan, measure in all_measures(context):
        for index, revision in enumerate(measure.revisions):
            missing = missing_record(revision)
            if missing:
                what = revision.field.replace("_", " ")
                if revision.period:
                    what = f"{revision.period} {what}"
                context.report(
                    measure,
                    f"the change of the {what} from {number(revision.old)} to "
                    f"{number(revision.new)} has {spoken_list(missing)}",
                    f"add {spoken_list([_RECORD_HINTS[part] for part in missing])} to this revision",
                    at=("revisions", index),
                )


# ---------------------------------------------------------------- PS416


def goal_measures(plan: Plan, goal: Goal) -> Iterator[Measure]:
    """A goal's own measures and the measures its objectives name."""
    yield from goal.measures
    for objective in goal.objectives:
        for ref in objective.measures:
            item = plan.items.get(ref) if ":" not in ref else None
            if isinstance(item, Measure):
                yield item


def reported_subgroups(plan: Plan, goal: Goal) -> set[str]:
    """The ids of the student groups that a goal's measures have results for."""
    return {
        actual.subgroup.rpartition(":")[2]
        for measure in goal_measures(plan, goal)
        for actual in measure.actuals
        if actual.subgroup is not None
    }


@rule("PS416", "subgroup-actuals", Severity.WARNING)
def check_subgroup_actuals(context: RuleContext) -> None:
    """A goal about student groups has results for each group it names.

    Why: an equity goal is judged by the results of the groups it is about; results for all
    students can rise while the gap stays. ESSA requires results by student group, and reviewers
    check that gap goals report actuals for the groups they name (Georgia SIP, Michigan MICIP).

    Fails:

    ```yaml title="plans/lincoln/goals/lincoln-reading.yml"
    id: lincoln-reading
    title: Lincoln reading
    statement: By spring 2028, 70% of Lincoln second graders reach the DIBELS 8 benchmark.
    beliefs: [lions-read]
    serves: [district:reading]
    subgroups: [english-learners]   # PS416
    measures:
      - id: grade2-benchmark
        name: Grade 2 students at DIBELS 8 benchmark
        direction: increase
        sources: [DIBELS 8]
        cadence: annually
        baseline: {value: 52, period: 2024-25}
        target: {value: 70, period: 2027-28}
        annual_targets:
          - {period: 2025-26, value: 58}
          - {period: 2026-27, value: 64}
          - {period: 2027-28, value: 70}
        actuals:
          - {period: 2025-26, value: 57}
    ```

    Passes:

    ```yaml title="plans/lincoln/goals/lincoln-reading.yml"
    id: lincoln-reading
    title: Lincoln reading
    statement: By spring 2028, 70% of Lincoln second graders reach the DIBELS 8 benchmark.
    beliefs: [lions-read]
    serves: [district:reading]
    subgroups: [english-learners]
    measures:
      - id: grade2-benchmark
        name: Grade 2 students at DIBELS 8 benchmark
        direction: increase
        sources: [DIBELS 8]
        cadence: annually
        baseline: {value: 52, period: 2024-25}
        target: {value: 70, period: 2027-28}
        annual_targets:
          - {period: 2025-26, value: 58}
          - {period: 2026-27, value: 64}
          - {period: 2027-28, value: 70}
        actuals:
          - {period: 2025-26, value: 57}
          - {period: 2025-26, subgroup: english-learners, value: 41, n: 23}
    ```
    """
    groups = context.plan_set.subgroups
    for plan in context.plan_set.plans.values():
        for goal in plan.goals:
            reported = reported_subgroups(plan, goal)
            missing = [
                ref.rpartition(":")[2]
                for ref in goal.subgroups
                if ref.rpartition(":")[2] not in reported
            ]
            if missing:
                names = [groups[g].name if g in groups else g for g in missing]
                context.report(
                    goal,
                    f"the {plan.term('goal').lower()} names {spoken_list(names)} in subgroups, "
                    f"but none of its {plan.term('measure', plural=True).lower()} has results "
                    f"for {'them' if len(names) > 1 else 'that group'}",
                    f"add actuals with subgroup: {missing[0]} (and n:) to the "
                    f"{plan.term('measure', plural=True).lower()} of this {plan.term('goal').lower()}",
                    at=("subgroups",),
                )
