"""Strategies and action steps: what the plan will do, who does it, when, with what evidence."""

from __future__ import annotations

from collections.abc import Iterator

from plansite.checks.registry import RuleContext, rule
from plansite.diagnostics import Severity
from plansite.model import ActionStep, Goal, Plan, Strategy

FINISHED_STATUSES = ("complete", "cancelled")


# ---------------------------------------------------------------- helpers


def all_strategies(context: RuleContext) -> Iterator[tuple[Plan, Strategy]]:
    """Every strategy of every plan, with its plan."""
    for plan in context.plan_set.plans.values():
        for strategy in plan.strategies:
            yield plan, strategy


def all_steps(context: RuleContext) -> Iterator[tuple[Plan, ActionStep]]:
    """Every action step of every strategy of every plan, with its plan."""
    for plan, strategy in all_strategies(context):
        for step in strategy.action_steps:
            yield plan, step


def step_name(plan: Plan, step: ActionStep) -> str:
    """How a message names an action step, in the plan's own words."""
    return f'the {plan.term("action_step").lower()} "{step.title}"'


def strategy_name(plan: Plan, strategy: Strategy) -> str:
    """How a message names a strategy, in the plan's own words."""
    return f'the {plan.term("strategy").lower()} "{strategy.title}"'


def _local_ids(plan: Plan, refs: list[str]) -> set[str]:
    """The ids among references that point into this plan (bare, or `plan-id:item-id`)."""
    ids = set()
    for ref in refs:
        plan_id, _, item_id = ref.rpartition(":")
        if plan_id in ("", plan.id):
            ids.add(item_id)
    return ids


# ---------------------------------------------------------------- serving goals


@rule("PS420", "strategy-serves-nothing", Severity.ERROR)
def check_strategy_serves_something(context: RuleContext) -> None:
    """Every strategy serves at least one goal or objective.

    Why: a strategy that serves no goal spends time and money without a stated purpose.
    Reviewers follow the chain from each strategy back to a goal: Missouri's CSIP rubric
    (MSIP 6) asks for evidence-based strategies tied to the plan's goals, and Colorado's UIP
    ties each major improvement strategy to a priority performance challenge. List the goals
    or objectives it works toward in `serves`.

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
            status: complete
      - id: family-reading-nights  # PS420
        title: Family reading nights
        evidence: {tier: 3, citation: "Sheldon and Jung (2018), family engagement study."}
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
      - id: family-reading-nights
        title: Family reading nights
        serves: [reading]
        evidence: {tier: 3, citation: "Sheldon and Jung (2018), family engagement study."}
    ```
    """
    for plan, strategy in all_strategies(context):
        if not strategy.serves:
            goals = plan.term("goal", plural=True).lower()
            objectives = plan.term("objective", plural=True).lower()
            context.report(
                strategy,
                f"{strategy_name(plan, strategy)} serves no {plan.term('goal').lower()} "
                f"or {plan.term('objective').lower()}",
                f"add serves: [...] with the ids of the {goals} or {objectives} it works toward",
            )


@rule("PS421", "goal-without-strategy", Severity.ERROR)
def check_goal_has_strategy(context: RuleContext) -> None:
    """Every goal is served by at least one strategy of its plan, directly or through an objective.

    Why: a goal with no strategy is a hope, not a plan. Missouri's CSIP rubric (MSIP 6) looks for
    evidence-based strategies behind each goal, and Georgia's SIP and Colorado's UIP both lead
    from every goal to the strategies and action steps that will reach it. A strategy counts when
    its `serves` names the goal or one of the goal's objectives.

    Fails:

    ```yaml title="plans/district/goals/attendance.yml"
    id: attendance  # PS421
    title: Attendance
    statement: Cut chronic absence from 18% to 9% by 2028-29.
    objectives:
      - {id: fewer-absences, statement: Fewer students miss 10% of school days each year.}
    ```

    Passes:

    ```yaml title="plans/district/goals/attendance.yml"
    id: attendance
    title: Attendance
    statement: Cut chronic absence from 18% to 9% by 2028-29.
    objectives:
      - {id: fewer-absences, statement: Fewer students miss 10% of school days each year.}
    ```

    ```yaml title="plans/district/strategies/attendance.yml"
    strategies:
      - id: mentors
        title: An adult mentor for every chronically absent student
        serves: [fewer-absences]
        evidence: {tier: 2, citation: "Balfanz and Byrnes (2013), Success Mentors evaluation."}
        action_steps:
          - id: match-mentors
            title: Match each chronically absent student with a mentor
            roles: [Attendance coordinator]
            recurrence: each-semester
            status: in-progress
    ```
    """
    for plan in context.plan_set.plans.values():
        served = {
            item for strategy in plan.strategies for item in _local_ids(plan, strategy.serves)
        }
        for goal in plan.goals:
            if not _goal_is_served(goal, served):
                _report_unserved_goal(context, plan, goal)


def _goal_is_served(goal: Goal, served: set[str]) -> bool:
    """Whether a strategy serves the goal or one of its objectives."""
    return goal.id in served or any(objective.id in served for objective in goal.objectives)


def _report_unserved_goal(context: RuleContext, plan: Plan, goal: Goal) -> None:
    strategy = plan.term("strategy").lower()
    goal_term = plan.term("goal").lower()
    through = (
        f" or any of its {plan.term('objective', plural=True).lower()}" if goal.objectives else ""
    )
    context.report(
        goal,
        f'no {strategy} of this plan serves the {goal_term} "{goal.title}"{through}',
        f"add {goal.id} to the serves: of a {strategy} in plans/{plan.id}/strategies/, "
        f"or write a {strategy} for it",
    )


@rule("PS422", "strategy-without-need", Severity.WARNING)
def check_strategy_addresses_need(context: RuleContext) -> None:
    """Where a plan lists needs or root causes, every strategy names one it addresses.

    Why: a strategy should answer a need the data showed. Colorado's UIP runs from priority
    performance challenge to root cause to major improvement strategy, and Georgia's SIP from the
    needs assessment to root causes to action steps; Missouri's rubric (MSIP 6) asks that the plan
    be built from a data-based needs assessment. The rule applies only to plans whose `plan.yml`
    has `needs` or `root_causes`.

    Fails:

    ```yaml title="plans/district/plan.yml"
    id: district
    title: Base District Strategic Plan
    level: district
    period: {start: 2024-25, end: 2028-29}
    mission: Every student reads, reasons and belongs.
    vision: Every graduate is ready for the future they choose.
    beliefs:
      - {id: every-child, name: Every child can grow, text: Every student can grow.}
    needs:
      - {id: early-reading-gap, statement: Only 41% of third graders met the standard in 2023-24.}
    root_causes:
      - id: inconsistent-phonics
        statement: Foundational skills are taught with different materials in each school.
        needs: [early-reading-gap]
    ```

    ```yaml title="plans/district/strategies/literacy.yml"
    strategies:
      - id: structured-literacy  # PS422
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
    ```

    Passes:

    ```yaml title="plans/district/plan.yml"
    id: district
    title: Base District Strategic Plan
    level: district
    period: {start: 2024-25, end: 2028-29}
    mission: Every student reads, reasons and belongs.
    vision: Every graduate is ready for the future they choose.
    beliefs:
      - {id: every-child, name: Every child can grow, text: Every student can grow.}
    needs:
      - {id: early-reading-gap, statement: Only 41% of third graders met the standard in 2023-24.}
    root_causes:
      - id: inconsistent-phonics
        statement: Foundational skills are taught with different materials in each school.
        needs: [early-reading-gap]
    ```

    ```yaml title="plans/district/strategies/literacy.yml"
    strategies:
      - id: structured-literacy
        title: Structured literacy in K-3
        serves: [reading]
        addresses: [inconsistent-phonics]
        evidence: {tier: 1, citation: "Foorman et al. (2016), IES practice guide."}
        action_steps:
          - id: train-teachers
            title: Train K-3 teachers in structured literacy
            roles: [Director of Literacy]
            start: 2024-08-15
            end: 2025-05-30
            status: complete
    ```
    """
    for plan, strategy in all_strategies(context):
        has_needs_layer = bool(plan.meta.needs or plan.meta.root_causes)
        if has_needs_layer and not strategy.addresses:
            need = plan.term("need").lower()
            cause = plan.term("root_cause").lower()
            context.report(
                strategy,
                f"{strategy_name(plan, strategy)} addresses no {need} or {cause}, "
                "though the plan lists them",
                f"add addresses: [...] with the ids of the {plan.term('need', plural=True).lower()}"
                f" or {plan.term('root_cause', plural=True).lower()} in plan.yml that it responds to",
            )


# ---------------------------------------------------------------- action steps
