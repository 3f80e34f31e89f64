"""The alignment matrix: for each goal, what serves it and which links are missing.

This is the data behind the site's alignment page and `plansite alignment`: each goal with its
measures, strategies, change ideas and PDSA cycles, and the gaps named in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plansite.improvement import ChangeIdea, PdsaCycle
from plansite.model import Goal, Measure, Plan, PlanSet, Strategy
from plansite.resolve import Key, key_of


@dataclass(frozen=True)
class GoalAlignment:
    """One goal's row of the matrix."""

    plan_id: str
    goal: Goal
    measures: list[Measure]
    strategies: list[Strategy]
    change_ideas: list[ChangeIdea]
    cycles: list[PdsaCycle]
    serves: list[Key]
    served_by: list[Key] = field(default_factory=list)

    @property
    def gaps(self) -> list[str]:
        """The missing links, in the order of the chain."""
        links = [
            (self.measures, "measure"),
            (self.strategies, "strategy"),
            (self.change_ideas, "change idea"),
            (self.cycles, "PDSA cycle"),
        ]
        return [f"no {name}" for items, name in links if not items]


def build_alignment(plan_set: PlanSet) -> list[GoalAlignment]:
    """A row for every goal of every plan, with the goals of other plans that serve it."""
    rows = [
        _goal_row(plan, goal, plan_set) for plan in plan_set.plans.values() for goal in plan.goals
    ]
    by_key = {(row.plan_id, row.goal.id): row for row in rows}
    for row in rows:
        for served in row.serves:
            parent = by_key.get(served) or _row_of_objective(served, plan_set, by_key)
            if parent is not None and (row.plan_id, row.goal.id) not in parent.served_by:
                parent.served_by.append((row.plan_id, row.goal.id))
    return rows


def _row_of_objective(
    key: Key, plan_set: PlanSet, rows: dict[Key, GoalAlignment]
) -> GoalAlignment | None:
    plan = plan_set.plans.get(key[0])
    for goal in plan.goals if plan else []:
        if any(o.id == key[1] for o in goal.objectives):
            return rows.get((key[0], goal.id))
    return None


def _goal_row(plan: Plan, goal: Goal, plan_set: PlanSet) -> GoalAlignment:
    targets = {(plan.id, goal.id)} | {(plan.id, o.id) for o in goal.objectives}
    strategies = [
        s
        for s in _all_strategies(plan_set)
        if targets & {key_of(r, _plan_of(s, plan_set).id) for r in s.serves}
    ]
    strategy_keys = {(_plan_of(s, plan_set).id, s.id) for s in strategies}
    ideas = [
        idea
        for p, idea in _all_change_ideas(plan_set)
        if strategy_keys & {key_of(r, p.id) for r in idea.strategies}
    ]
    idea_keys = {(_plan_of(i, plan_set).id, i.id) for i in ideas}
    cycles = [
        c
        for p in plan_set.plans.values()
        for c in p.cycles
        if (c.change_idea and key_of(c.change_idea, p.id) in idea_keys)
        or (c.goal and key_of(c.goal, p.id) in targets)
    ]
    return GoalAlignment(
        plan.id,
        goal,
        list(goal.measures),
        strategies,
        ideas,
        cycles,
        [key_of(r, plan.id) for r in goal.serves],
    )


def _all_strategies(plan_set: PlanSet) -> list[Strategy]:
    return [s for p in plan_set.plans.values() for s in p.strategies]


def _all_change_ideas(plan_set: PlanSet) -> list[tuple[Plan, ChangeIdea]]:
    return [
        (p, i) for p in plan_set.plans.values() for d in p.driver_diagrams for i in d.change_ideas
    ]


def _plan_of(item: Strategy | ChangeIdea, plan_set: PlanSet) -> Plan:
    return next(p for p in plan_set.plans.values() if p.items.get(item.id) is item)


def alignment_as_data(rows: list[GoalAlignment]) -> list[dict[str, object]]:
    """The matrix as plain data (ids only), for JSON output and the site."""
    return [
        {
            "plan": row.plan_id,
            "goal": row.goal.id,
            "title": row.goal.title,
            "measures": [m.id for m in row.measures],
            "strategies": [s.id for s in row.strategies],
            "change_ideas": [i.id for i in row.change_ideas],
            "cycles": [c.id for c in row.cycles],
            "serves": [f"{p}:{i}" for p, i in row.serves],
            "served_by": [f"{p}:{i}" for p, i in row.served_by],
            "gaps": row.gaps,
        }
        for row in rows
    ]
