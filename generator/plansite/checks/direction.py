"""Direction: mission, vision, beliefs and a limited number of goals."""

from __future__ import annotations

from plansite.checks.registry import RuleContext, rule
from plansite.diagnostics import Severity


@rule("PS401", "mission-and-vision", Severity.WARNING)
def check_mission_and_vision(context: RuleContext) -> None:
    """Every plan states its mission and its vision.

    Why: a plan's goals are only as clear as the direction they serve. Missouri's CSIP review
    rubric (MSIP 6) and Cognia's standard 7 both look first for a mission and a vision, and a
    school plan's vision is how readers see it lines up with the district's.

    Fails:

    ```yaml title="plans/district/plan.yml"
    id: district                  # PS401
    title: Base District Strategic Plan
    level: district
    period: {start: 2024-25, end: 2028-29}
    mission: Every student reads, reasons and belongs.
    beliefs:
      - {id: every-child, name: Every child can grow, text: Every student can grow.}
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
    ```
    """
    for plan in context.plan_set.plans.values():
        missing = [name for name in ("mission", "vision") if not getattr(plan.meta, name)]
        if missing:
            context.report(
                plan.meta,
                f"the plan has no {' and no '.join(missing)}",
                f"add {': ... and '.join(missing)}: ... to plan.yml",
            )


@rule("PS402", "goal-limit", Severity.WARNING)
def check_goal_limit(context: RuleContext) -> None:
    """A plan has no more goals than the configured limit (5 by default).

    Why: state rubrics ask for "a limited number of focused goals" (Missouri MSIP 6); a plan with
    many goals spreads staff and money thin. The limit is `thresholds: max_goals` in
    `site_config/rules.yml`.

    Fails:

    ```yaml title="site_config/rules.yml"
    thresholds: {max_goals: 1}
    ```

    ```yaml title="plans/district/goals/attendance.yml"
    id: attendance
    title: Attendance
    statement: Cut chronic absence in half by 2028-29.
    ```

    ```yaml title="plans/district/plan.yml"
    id: district                  # PS402
    title: Base District Strategic Plan
    level: district
    period: {start: 2024-25, end: 2028-29}
    mission: Every student reads, reasons and belongs.
    vision: Every graduate is ready for the future they choose.
    beliefs:
      - {id: every-child, name: Every child can grow, text: Every student can grow.}
    ```

    Passes:

    ```yaml title="site_config/rules.yml"
    thresholds: {max_goals: 5}
    ```
    """
    limit = context.settings.thresholds.max_goals
    for plan in context.plan_set.plans.values():
        if len(plan.goals) > limit:
            term = plan.term("goal", plural=True).lower()
            context.report(
                plan.meta,
                f"the plan has {len(plan.goals)} {term}; the limit is {limit}",
                f"focus on at most {limit} {term}, or raise thresholds: max_goals in site_config/rules.yml",
            )


@rule("PS403", "unused-belief", Severity.INFO)
def check_unused_beliefs(context: RuleContext) -> None:
    """Every shared belief is named by at least one goal.

    Why: beliefs are where goals come from. A belief no goal stands on may be worth keeping, but
    reviewers (Cognia standard 7) ask how each shows up in the plan, so plansite points it out.

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
      - {id: families-first, name: Families first, text: Families are partners.}  # PS403
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
    ```
    """
    for plan in context.plan_set.plans.values():
        named = {ref.rpartition(":")[2] for goal in plan.goals for ref in goal.beliefs}
        for belief in plan.meta.beliefs:
            if belief.id not in named:
                context.report(
                    belief,
                    f'no goal names the belief "{belief.name}"',
                    f"add {belief.id} to the beliefs: of the goals that stand on it",
                )
