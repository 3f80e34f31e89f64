"""The alignment matrix: for each goal, what serves it and which links are missing.

This is the data behind the site's alignment page and `plansite alignment`: each goal with its
measures, strategies, change ideas and PDSA cycles, and the gaps named in plain words.

A change idea serves the goals its strategies serve and the goal its driver diagram aims at.
A district tests changes through its schools, so the change ideas and cycles of the goals that
serve a goal (all the way down) count for it: `ideas_below` and `cycles_below`.
"""

from __future__ import annotations

import dataclasses
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
    ideas_below: list[ChangeIdea] = field(default_factory=list)
    cycles_below: list[PdsaCycle] = field(default_factory=list)
    has_plans_below: bool = False

    @property
    def gaps(self) -> list[str]:
        """The missing links, in the order of the chain."""
        links = [
            (self.measures, "measure"),
            (self.strategies, "strategy"),
            (self.change_ideas or self.ideas_below, "change idea"),
            (self.cycles or self.cycles_below, "PDSA cycle"),
        ]
        gaps = [f"no {name}" for items, name in links if not items]
        if self.has_plans_below and not self.served_by:
            gaps.append("no goal of a plan below serves it")
        return gaps


@dataclass(frozen=True)
class _Links:
    """Every strategy, change idea and cycle with the keys it links to, computed once."""

    strategies: list[tuple[Key, Strategy, set[Key]]]
    ideas: list[tuple[Key, ChangeIdea, set[Key], Key | None]]
    cycles: list[tuple[PdsaCycle, Key | None, Key | None]]

    @classmethod
    def of(cls, plan_set: PlanSet) -> _Links:
        plans = plan_set.plans.values()
        return cls(
            strategies=[
                ((p.id, s.id), s, {key_of(r, p.id) for r in s.serves})
                for p in plans
                for s in p.strategies
            ],
            ideas=[
                (
                    (p.id, i.id),
                    i,
                    {key_of(r, p.id) for r in i.strategies},
                    key_of(d.aim.goal, p.id) if d.aim.goal else None,
                )
                for p in plans
                for d in p.driver_diagrams
                for i in d.change_ideas
            ],
            cycles=[
                (
                    c,
                    key_of(c.change_idea, p.id) if c.change_idea else None,
                    key_of(c.goal, p.id) if c.goal else None,
                )
                for p in plans
                for c in p.cycles
            ],
        )


def build_alignment(plan_set: PlanSet) -> list[GoalAlignment]:
    """A row for every goal of every plan, with the goals of other plans that serve it."""
    links = _Links.of(plan_set)
    rows = [_goal_row(plan, goal, links) for plan in plan_set.plans.values() for goal in plan.goals]
    by_key = {(row.plan_id, row.goal.id): row for row in rows}
    for row in rows:
        for served in row.serves:
            parent = by_key.get(served) or _row_of_objective(served, plan_set, by_key)
            if parent is not None and (row.plan_id, row.goal.id) not in parent.served_by:
                parent.served_by.append((row.plan_id, row.goal.id))
    parents = {p.meta.parent for p in plan_set.plans.values() if p.meta.parent}
    return [_with_work_below(row, by_key, row.plan_id in parents) for row in rows]


def _with_work_below(
    row: GoalAlignment, rows: dict[Key, GoalAlignment], has_plans_below: bool
) -> GoalAlignment:
    """The row with the change ideas and cycles of every goal below it that serves it."""
    ideas: dict[int, ChangeIdea] = {}
    cycles: dict[int, PdsaCycle] = {}
    seen: set[Key] = set()
    waiting = list(row.served_by)
    while waiting:
        key = waiting.pop()
        below = rows.get(key)
        if key in seen or below is None:
            continue
        seen.add(key)
        ideas.update((id(i), i) for i in below.change_ideas)
        cycles.update((id(c), c) for c in below.cycles)
        waiting += below.served_by
    return dataclasses.replace(
        row,
        ideas_below=list(ideas.values()),
        cycles_below=list(cycles.values()),
        has_plans_below=has_plans_below,
    )


def _row_of_objective(
    key: Key, plan_set: PlanSet, rows: dict[Key, GoalAlignment]
) -> GoalAlignment | None:
    plan = plan_set.plans.get(key[0])
    for goal in plan.goals if plan else []:
        if any(o.id == key[1] for o in goal.objectives):
            return rows.get((key[0], goal.id))
    return None


def _goal_row(plan: Plan, goal: Goal, links: _Links) -> GoalAlignment:
    targets = {(plan.id, goal.id)} | {(plan.id, o.id) for o in goal.objectives}
    strategies = [(key, s) for key, s, serves in links.strategies if targets & serves]
    strategy_keys = {key for key, _ in strategies}
    ideas = [
        (key, i) for key, i, linked, aim in links.ideas if strategy_keys & linked or aim in targets
    ]
    idea_keys = {key for key, _ in ideas}
    cycles = [c for c, idea, served in links.cycles if idea in idea_keys or served in targets]
    return GoalAlignment(
        plan.id,
        goal,
        list(goal.measures),
        [s for _, s in strategies],
        [i for _, i in ideas],
        cycles,
        [key_of(r, plan.id) for r in goal.serves],
    )


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
            "change_ideas_below": [i.id for i in row.ideas_below],
            "cycles_below": [c.id for c in row.cycles_below],
            "gaps": row.gaps,
        }
        for row in rows
    ]
