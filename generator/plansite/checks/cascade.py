"""Cascade: school plans serve the district's goals, and do not outlast them."""

from __future__ import annotations

from collections.abc import Iterator

from plansite.checks.registry import RuleContext, rule
from plansite.checks.wording import spoken_list
from plansite.diagnostics import Severity
from plansite.model import Goal, Objective, Plan, PlanSet


def split_ref(plan_id: str, ref: str) -> tuple[str, str]:
    """A reference as (plan id, item id); a bare id is in the given plan."""
    other, _, item_id = ref.rpartition(":")
    return other or plan_id, item_id


def goal_of(plan: Plan, item_id: str) -> Goal | None:
    """The goal an id names, or the goal holding the objective it names."""
    for goal in plan.goals:
        if goal.id == item_id or any(o.id == item_id for o in goal.objectives):
            return goal
    return None


def describe(plan: Plan, item_id: str, ref: str) -> str:
    """A goal or objective as readers know it: its kind, title or code, and its reference."""
    item = plan.items.get(item_id)
    if isinstance(item, Goal):
        return f'{plan.term("goal").lower()} "{item.title}" ({ref})'
    if isinstance(item, Objective) and item.code:
        return f"{plan.term('objective').lower()} {item.code} ({ref})"
    return f"{plan.term('objective').lower()} {ref}"


def serving_goals(plan_set: PlanSet) -> Iterator[tuple[Plan, Goal]]:
    """Every goal that serves something, with its plan."""
    for plan in plan_set.plans.values():
        for goal in plan.goals:
            if goal.serves:
                yield plan, goal


# ---------------------------------------------------------------- PS430


def serves_problem(plan: Plan, ref: str) -> tuple[str, str] | None:
    """Why a goal of this plan may not serve ref (message and hint), or None if it may."""
    parent = plan.meta.parent
    target_plan, _ = split_ref(plan.id, ref)
    if parent is None:
        return (
            f"this plan has no parent plan, so its {plan.term('goal', plural=True).lower()} "
            f'cannot serve "{ref}"',
            "remove serves:, or set parent: in plan.yml to the plan this one cascades from",
        )
    if target_plan != parent:
        return (
            f'"{ref}" is not a goal or objective of the parent plan "{parent}"',
            f"serve a goal of {parent} instead, written {parent}:<id>; "
            "a plan's own goals are linked through its strategies",
        )
    return None


@rule("PS430", "serves-outside-parent", Severity.ERROR)
def check_serves_parent(context: RuleContext) -> None:
    """A goal serves only goals or objectives of its plan's parent plan.

    Why: plans cascade: a school plan names the district goals it serves, and the district plan
    guides the building plans (Missouri MSIP 6; Cognia standard 7 asks that each school plan
    lines up with the system's). A goal serving its own plan, a sibling school, or anything at
    all in a plan without a parent breaks that chain. The parent is `parent:` in plan.yml.

    Fails:

    ```yaml title="plans/district/goals/attendance.yml"
    id: attendance
    title: Attendance
    statement: Cut chronic absence in half by 2028-29.
    serves: [reading]               # PS430
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
    for plan, goal in serving_goals(context.plan_set):
        for index, ref in enumerate(goal.serves):
            problem = serves_problem(plan, ref)
            if problem:
                message, hint = problem
                context.report(goal, message, hint, at=("serves", index))


# ---------------------------------------------------------------- PS431


def accepted_links(plan: Plan, item_id: str) -> set[tuple[str, str]]:
    """What a school goal may serve to count toward a required item: it, or its objectives."""
    links = {(plan.id, item_id)}
    item = plan.items[item_id]
    if isinstance(item, Goal):
        links |= {(plan.id, objective.id) for objective in item.objectives}
    return links


def served_links(plan: Plan) -> set[tuple[str, str]]:
    """Every (plan id, item id) that a goal of this plan serves."""
    return {split_ref(plan.id, ref) for goal in plan.goals for ref in goal.serves}


def missing_required(context: RuleContext, plan: Plan) -> list[str]:
    """The required items of this plan's parent that none of its goals serves, described."""
    missing = []
    served = served_links(plan)
    for ref in context.settings.required_district_goals:
        parent_id, _, item_id = ref.rpartition(":")
        parent = context.plan_set.plans.get(parent_id)
        if parent_id != plan.meta.parent or parent is None or item_id not in parent.items:
            continue
        if not served & accepted_links(parent, item_id):
            missing.append(describe(parent, item_id, ref))
    return missing


@rule("PS431", "required-goal-missing", Severity.ERROR)
def check_required_goals(context: RuleContext) -> None:
    """Every school plan serves each goal its district requires of all schools.

    Why: many districts require every building plan to take up certain district goals (Missouri
    MSIP 6: the district plan guides the building plans; Cognia standard 7). Those are listed
    in `required_district_goals` in `site_config/rules.yml`, as `plan:id`; a school plan
    (`level: school`) whose parent is that plan needs a goal that serves each one, directly or
    through one of its objectives. Department plans are not bound by it.

    Fails:

    ```yaml title="site_config/rules.yml"
    required_district_goals: [district:reading, district:attendance]
    ```

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

    ```yaml title="plans/lincoln/plan.yml"
    id: lincoln                   # PS431
    title: Lincoln Elementary School Improvement Plan
    level: school
    parent: district
    period: {start: 2025-26, end: 2027-28}
    mission: Lincoln readers grow every day.
    vision: Every Lincoln student reads by grade 3.
    beliefs:
      - id: lions-read
        name: Every Lion reads
        text: Reading is every adult's job at Lincoln.
    ```

    Passes:

    ```yaml title="site_config/rules.yml"
    required_district_goals: [district:reading]
    ```
    """
    for plan in context.plan_set.plans.values():
        # Required goals bind school plans; a department plan serves what its work needs.
        if plan.meta.level != "school" or not plan.meta.parent:
            continue
        missing = missing_required(context, plan)
        if missing:
            refs = ", ".join(
                r
                for r in context.settings.required_district_goals
                if r.startswith(f"{plan.meta.parent}:")
            )
            context.report(
                plan.meta,
                f"no {plan.term('goal').lower()} of this plan serves the required "
                f"{spoken_list(missing)} (see required_district_goals in site_config/rules.yml)",
                f"add a goal that works toward it, with serves: naming it (required: {refs})",
            )


# ---------------------------------------------------------------- PS432


def latest_target(goal: Goal) -> str | None:
    """The latest end-target school year among a goal's measures."""
    periods = [m.target.period for m in goal.measures if m.target is not None]
    return max(periods, default=None)


def served_deadlines(context: RuleContext, plan: Plan, goal: Goal) -> list[tuple[str, str]]:
    """For each parent goal this goal serves: its latest end-target year and its description."""
    deadlines = []
    for ref in goal.serves:
        parent_id, item_id = split_ref(plan.id, ref)
        parent = context.plan_set.plans.get(parent_id)
        if parent_id != plan.meta.parent or parent is None:
            continue
        served = goal_of(parent, item_id)
        latest = latest_target(served) if served is not None else None
        if served is not None and latest is not None:
            deadlines.append((latest, describe(parent, served.id, f"{parent_id}:{served.id}")))
    return deadlines


@rule("PS432", "school-target-later", Severity.WARNING)
def check_school_target_dates(context: RuleContext) -> None:
    """A school goal's end targets fall no later than those of the district goal it serves.

    Why: a school goal that serves a district goal is one of the steps toward it; if the school
    reaches its target only after the district's target year, it cannot count toward the
    district's result (Missouri MSIP 6: the district plan guides the building plans). The
    district goal's date is the latest end-target year among its measures (for an objective,
    among its goal's measures).

    Fails:

    ```yaml title="plans/lincoln/goals/lincoln-reading.yml"
    id: lincoln-reading
    title: Lincoln reading
    statement: By spring 2030, 70% of Lincoln second graders reach the DIBELS 8 benchmark.
    beliefs: [lions-read]
    serves: [district:reading]
    measures:
      - id: grade2-benchmark
        name: Grade 2 students at DIBELS 8 benchmark
        direction: increase
        sources: [DIBELS 8]
        cadence: annually
        baseline: {value: 52, period: 2024-25}
        target: {value: 70, period: 2029-30}    # PS432
        annual_targets:
          - {period: 2025-26, value: 56}
          - {period: 2026-27, value: 60}
          - {period: 2027-28, value: 63}
          - {period: 2028-29, value: 67}
          - {period: 2029-30, value: 70}
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
    for plan, goal in serving_goals(context.plan_set):
        deadlines = served_deadlines(context, plan, goal)
        for measure in goal.measures:
            if measure.target is None:
                continue
            later = sorted(d for d in deadlines if measure.target.period > d[0])
            if later:
                deadline, served = later[0]
                context.report(
                    measure,
                    f"the end target is for {measure.target.period}, later than {served}, "
                    f"whose targets end in {deadline}",
                    f"set the target's period to {deadline} or earlier, or agree a later date "
                    "with the district and record it with a waiver",
                    at=("target",),
                )
