"""Strategies and action steps: what the plan will do, who does it, when, with what evidence."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from plansite.checks.registry import RuleContext, rule
from plansite.diagnostics import Severity
from plansite.fields import school_year_start
from plansite.model import ActionStep, Funding, Goal, Plan, Strategy
from plansite.settings import RuleSettings

FINISHED_STATUSES = ("complete", "cancelled")
EVIDENCE_TIERS_FOR_RESTRICTED_FUNDS = (1, 2, 3)


# ---------------------------------------------------------------- helpers


def _strategies(context: RuleContext) -> Iterator[tuple[Plan, Strategy]]:
    """Every strategy of every plan, with its plan."""
    for plan in context.plan_set.plans.values():
        for strategy in plan.strategies:
            yield plan, strategy


def _steps(context: RuleContext) -> Iterator[tuple[Plan, ActionStep]]:
    """Every action step of every strategy of every plan, with its plan."""
    for plan, strategy in _strategies(context):
        for step in strategy.action_steps:
            yield plan, step


def _step_name(plan: Plan, step: ActionStep) -> str:
    """How a message names an action step, in the plan's own words."""
    return f'the {plan.term("action_step").lower()} "{step.title}"'


def _strategy_name(plan: Plan, strategy: Strategy) -> str:
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


def _join(parts: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


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
    for plan, strategy in _strategies(context):
        if not strategy.serves:
            goals = plan.term("goal", plural=True).lower()
            objectives = plan.term("objective", plural=True).lower()
            context.report(
                strategy,
                f"{_strategy_name(plan, strategy)} serves no {plan.term('goal').lower()} "
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
    for plan, strategy in _strategies(context):
        has_needs_layer = bool(plan.meta.needs or plan.meta.root_causes)
        if has_needs_layer and not strategy.addresses:
            need = plan.term("need").lower()
            cause = plan.term("root_cause").lower()
            context.report(
                strategy,
                f"{_strategy_name(plan, strategy)} addresses no {need} or {cause}, "
                "though the plan lists them",
                f"add addresses: [...] with the ids of the {plan.term('need', plural=True).lower()}"
                f" or {plan.term('root_cause', plural=True).lower()} in plan.yml that it responds to",
            )


# ---------------------------------------------------------------- action steps


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
    for plan, step in _steps(context):
        missing = _missing_step_parts(step, context.settings)
        if missing:
            context.report(
                step,
                f"{_step_name(plan, step)} is missing {_join([what for what, _ in missing])}",
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
    year to June 30 of its last: `2024-25` to `2028-29` is 2024-07-01 to 2029-06-30.

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
            year: 2023-24  # PS424
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
    for plan, step in _steps(context):
        first, last = _period_dates(plan)
        span = f"{plan.meta.period.start} to {plan.meta.period.end} ({first} to {last})"
        for key, date in (("start", step.start), ("end", step.end)):
            if date is not None and not first <= date <= last:
                word = "starts" if key == "start" else "ends"
                context.report(
                    step,
                    f"{_step_name(plan, step)} {word} on {date}, outside the plan's period {span}",
                    f"correct {key}:, or change period: in plans/{plan.id}/plan.yml "
                    "if the plan really runs that long",
                    at=(key,),
                )
        _check_step_year(context, plan, step)


def _period_dates(plan: Plan) -> tuple[dt.date, dt.date]:
    """The first and last day of a plan's period: July 1 of its first year to June 30 after its last."""
    period = plan.meta.period
    first = dt.date(school_year_start(period.start), 7, 1)
    last = dt.date(school_year_start(period.end) + 1, 6, 30)
    return first, last


def _check_step_year(context: RuleContext, plan: Plan, step: ActionStep) -> None:
    period = plan.meta.period
    if step.year is None:
        return
    if (
        school_year_start(period.start)
        <= school_year_start(step.year)
        <= school_year_start(period.end)
    ):
        return
    context.report(
        step,
        f"{_step_name(plan, step)} is set in school year {step.year}, "
        f"outside the plan's period {period.start} to {period.end}",
        f"change year: to a school year from {period.start} to {period.end}",
        at=("year",),
    )


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
    for plan, step in _steps(context):
        if step.end is None or step.end >= context.as_of or step.status in FINISHED_STATUSES:
            continue
        status = f"its status is {step.status}" if step.status else "it has no status"
        context.report(
            step,
            f"{_step_name(plan, step)} was due to end on {step.end}, but {status}",
            "if it is done, set status: complete (or cancelled if it was dropped); "
            "if it is still under way, set end: to the new date",
            at=("status",) if step.status else (),
        )


# ---------------------------------------------------------------- evidence


@rule("PS426", "missing-evidence-tier", Severity.WARNING)
def check_evidence_declared(context: RuleContext) -> None:
    """Every strategy declares its ESSA evidence tier and the study it rests on.

    Why: ESSA asks for evidence-based interventions and defines four tiers of evidence
    (ESEA §8101(21)(A), 20 U.S.C. 7801(21)(A)); Missouri's CSIP rubric (MSIP 6) scores plans on
    evidence-based strategies. Give `evidence` a `tier` (1 strong, 2 moderate, 3 promising,
    4 demonstrates a rationale) and a `citation` so a reader can check the claim.

    Fails:

    ```yaml title="plans/lincoln/strategies/reading.yml"
    strategies:
      - id: small-group-phonics
        title: Daily small-group phonics
        serves: [lincoln-reading]
        evidence: {tier: 2}  # PS426
        action_steps:
          - id: schedule-win-block
            title: Schedule a 30-minute intervention block
            roles: [Principal]
            recurrence: annually
            status: in-progress
    ```

    Passes:

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
            status: in-progress
    ```
    """
    for plan, strategy in _strategies(context):
        evidence = strategy.evidence
        name = _strategy_name(plan, strategy)
        if evidence is None:
            context.report(
                strategy,
                f"{name} gives no evidence tier or citation",
                "add evidence: {tier: ..., citation: ...}: tier 1 (strong), 2 (moderate), "
                "3 (promising) or 4 (demonstrates a rationale), and the study it rests on",
            )
            continue
        missing = [key for key in ("tier", "citation") if getattr(evidence, key) is None]
        if missing:
            context.report(
                strategy,
                f"the evidence for {name} has no {' and no '.join(missing)}",
                "under evidence:, add " + " and ".join(_EVIDENCE_HINTS[key] for key in missing),
                at=("evidence",),
            )


_EVIDENCE_HINTS = {
    "tier": "tier: 1 (strong), 2 (moderate), 3 (promising) or 4 (demonstrates a rationale)",
    "citation": "citation: (the study or review the tier rests on)",
}


@rule("PS427", "tier4-incomplete", Severity.ERROR)
def check_tier4_rationale(context: RuleContext) -> None:
    """A tier-4 strategy has both a logic model and an evaluation plan.

    Why: under ESSA a tier 4 ("demonstrates a rationale") intervention needs a logic model based
    on research *and* ongoing efforts to evaluate its effects (ESEA §8101(21)(A)(ii)); without
    them it is not evidence-based at all. Write both under `evidence`: `logic_model` and
    `evaluation_plan`.

    Fails:

    ```yaml title="plans/lincoln/strategies/reading.yml"
    strategies:
      - id: small-group-phonics
        title: Daily small-group phonics
        serves: [lincoln-reading]
        evidence:
          tier: 4  # PS427
          citation: "Gersten et al. (2009), IES practice guide."
          logic_model: Daily small groups give each reader more practice at the right level.
        action_steps:
          - id: schedule-win-block
            title: Schedule a 30-minute intervention block
            roles: [Principal]
            recurrence: annually
            status: in-progress
    ```

    Passes:

    ```yaml title="plans/lincoln/strategies/reading.yml"
    strategies:
      - id: small-group-phonics
        title: Daily small-group phonics
        serves: [lincoln-reading]
        evidence:
          tier: 4
          citation: "Gersten et al. (2009), IES practice guide."
          logic_model: Daily small groups give each reader more practice at the right level.
          evaluation_plan: Compare DIBELS 8 growth of students in groups with the year before.
        action_steps:
          - id: schedule-win-block
            title: Schedule a 30-minute intervention block
            roles: [Principal]
            recurrence: annually
            status: in-progress
    ```
    """
    for plan, strategy in _strategies(context):
        evidence = strategy.evidence
        if evidence is None or evidence.tier != 4:
            continue
        missing = [
            (what, key)
            for what, key in (
                ("logic model", "logic_model"),
                ("evaluation plan", "evaluation_plan"),
            )
            if getattr(evidence, key) is None
        ]
        if missing:
            context.report(
                strategy,
                f"{_strategy_name(plan, strategy)} is at evidence tier 4 but has no "
                f"{' and no '.join(what for what, _ in missing)}",
                f"add {_join([f'{key}:' for _, key in missing])} under evidence: "
                "(ESSA requires tier 4 strategies to rest on research and be evaluated as they run)",
                at=("evidence",),
            )


@rule("PS428", "restricted-funds-evidence", Severity.ERROR)
def check_restricted_funds_evidence(context: RuleContext) -> None:
    """A strategy paid from a restricted source has evidence tier 1, 2 or 3.

    Why: ESSA Section 1003 school-improvement funds may pay only for interventions with strong,
    moderate or promising evidence (tiers 1-3, ESEA §8101(21)(A)(i)); tier 4 is not enough. List
    such sources in `restricted_funds` in `site_config/rules.yml`. A source counts whether it is on
    the strategy's own `funding` or on one of its action steps'; names are compared ignoring case,
    spaces and punctuation, so "title i section 1003" matches "Title I, Section 1003".

    Fails:

    ```yaml title="site_config/rules.yml"
    restricted_funds: ["Title I, Section 1003"]
    ```

    ```yaml title="plans/lincoln/strategies/reading.yml"
    strategies:
      - id: small-group-phonics
        title: Daily small-group phonics
        serves: [lincoln-reading]
        evidence:
          tier: 4
          citation: "Gersten et al. (2009), IES practice guide."
          logic_model: Daily small groups give each reader more practice at the right level.
          evaluation_plan: Compare DIBELS 8 growth of students in groups with the year before.
        action_steps:
          - id: schedule-win-block
            title: Schedule a 30-minute intervention block
            roles: [Principal]
            recurrence: annually
            funding:
              - {source: title i section 1003, amount: 42000}  # PS428
            status: in-progress
    ```

    Passes:

    ```yaml title="site_config/rules.yml"
    restricted_funds: ["Title I, Section 1003"]
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
            funding:
              - {source: title i section 1003, amount: 42000}
            status: in-progress
    ```
    """
    restricted = {_fund_key(source) for source in context.settings.restricted_funds}
    if not restricted:
        return
    for plan, strategy in _strategies(context):
        tier = strategy.evidence.tier if strategy.evidence else None
        if tier in EVIDENCE_TIERS_FOR_RESTRICTED_FUNDS:
            continue
        found = _first_restricted_funding(strategy, restricted)
        if found is not None:
            funding, at = found
            has = f"its evidence tier is {tier}" if tier else "it has no evidence tier"
            context.report(
                strategy,
                f'{_strategy_name(plan, strategy)} is paid from "{funding.source}", which may '
                f"only fund strategies with evidence tier 1, 2 or 3, but {has}",
                "cite tier 1-3 evidence under evidence: (tier: and citation:), "
                "or pay for it from another source",
                at=at,
            )


def _fund_key(source: str) -> str:
    """A funding source's name without case, spaces or punctuation, for comparing."""
    return re.sub(r"[\W_]+", "", source.casefold())


def _first_restricted_funding(
    strategy: Strategy, restricted: set[str]
) -> tuple[Funding, tuple[str | int, ...]] | None:
    """The first funding entry (the strategy's own, then its steps') from a restricted source."""
    entries: list[tuple[Funding, tuple[str | int, ...]]] = [
        (funding, ("funding", n)) for n, funding in enumerate(strategy.funding)
    ]
    for s, step in enumerate(strategy.action_steps):
        entries += [
            (funding, ("action_steps", s, "funding", n)) for n, funding in enumerate(step.funding)
        ]
    return next(((f, at) for f, at in entries if _fund_key(f.source) in restricted), None)
