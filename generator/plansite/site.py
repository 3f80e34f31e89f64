"""The site map: every page the plans make, its permanent address, and the links between items.

Addresses come only from plan ids and item ids, which staff are told never to change, so a link
in a board's minutes keeps working when a title is reworded:

    /                                   home
    /<plan>/                            plan overview (beliefs, priorities, needs, revisions)
    /<plan>/goals/<goal>/               goal, with its objectives and measures as anchors
    /<plan>/strategies/<strategy>/      strategy, with its action steps and measures as anchors
    /<plan>/drivers/<diagram>/          driver diagram, with its drivers as anchors
    /<plan>/change-ideas/<idea>/        change idea
    /<plan>/cycles/<cycle>/             PDSA cycle
    /<plan>/learnings/                  every cycle's learning, newest first
    /<plan>/alignment/                  the alignment matrix and its gaps

An item without a page of its own is an anchor on the page that holds it: `#<item-id>`.
Nothing here knows about MkDocs; the plugin turns these pages into MkDocs files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from plansite.alignment import GoalAlignment, build_alignment
from plansite.improvement import ChangeIdea, DriverDiagram, PdsaCycle
from plansite.model import Goal, Plan, PlanSet, Strategy
from plansite.nodes import Item, iter_nodes
from plansite.resolve import Key, key_of
from plansite.status import GoalStatus, goal_status

FOLDERS = {
    "goal": "goals",
    "strategy": "strategies",
    "driver-diagram": "drivers",
    "change-idea": "change-ideas",
    "cycle": "cycles",
}
"""The folder of each kind of item that has a page of its own."""


@dataclass(frozen=True)
class Page:
    """One generated page: its source name (which fixes its address), type, title and subject."""

    src_uri: str
    kind: str
    title: str
    plan: Plan | None = None
    item: Any = None

    @property
    def template(self) -> str:
        """The theme template that renders this type of page."""
        return f"plansite/{self.kind}.html"


def page_path(plan_id: str | None, kind: str, item_id: str | None = None) -> str:
    """The source name of a page, e.g. `district/goals/reading.md`, from ids alone."""
    if plan_id is None:
        return "index.md"
    if kind == "plan":
        return f"{plan_id}/index.md"
    if item_id is None:
        return f"{plan_id}/{kind}.md"
    return f"{plan_id}/{FOLDERS[kind]}/{item_id}.md"


def url_of(src_uri: str) -> str:
    """The directory-style address of a page, relative to the site root."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    return f"{stem.removesuffix('/index')}/"


@dataclass
class Site:
    """The pages of a plan set and the relations the templates show, computed once."""

    plan_set: PlanSet
    pages: list[Page] = field(default_factory=list)
    places: dict[Key, tuple[str, str | None]] = field(default_factory=dict)
    alignment: dict[Key, GoalAlignment] = field(default_factory=dict)
    goal_of: dict[Key, Key] = field(default_factory=dict)
    next_cycle: dict[Key, PdsaCycle] = field(default_factory=dict)
    keys: dict[int, Key] = field(default_factory=dict)
    _by_src: dict[str, Page] = field(default_factory=dict, repr=False)

    @property
    def plans(self) -> list[Plan]:
        """District-level plans first, then the others by organisation name."""
        order = {"district": 0, "department": 1, "school": 2}
        return sorted(
            self.plan_set.plans.values(),
            key=lambda p: (order[p.meta.level], p.meta.organization or p.meta.title, p.id),
        )

    def page_for(self, src_uri: str) -> Page | None:
        """The generated page with this source name, if any."""
        if len(self._by_src) != len(self.pages):
            self._by_src = {p.src_uri: p for p in self.pages}
        return self._by_src.get(src_uri)

    # ---------------------------------------------------------------- addresses

    def place(self, key: Key) -> tuple[str, str | None]:
        """(source name of the page, anchor or None) where an item is shown."""
        return self.places[key]

    def key_for(self, item: Item) -> Key:
        """The (plan id, item id) of an item object, whichever plan holds it."""
        return self.keys[id(item)]

    def item(self, key: Key) -> Item | None:
        """The item a key names."""
        plan = self.plan_set.plans.get(key[0])
        return plan.items.get(key[1]) if plan else None

    # ---------------------------------------------------------------- relations

    def goal_status(self, goal: Goal) -> GoalStatus:
        """A goal's computed status."""
        return goal_status(goal)

    def row(self, plan: Plan, goal: Goal) -> GoalAlignment:
        """The alignment row of a goal: its strategies, change ideas, cycles and servers."""
        return self.alignment[(plan.id, goal.id)]

    def rows(self, plan: Plan) -> list[GoalAlignment]:
        """The alignment rows of a plan's goals, in goal order."""
        return [self.row(plan, goal) for goal in plan.goals]

    def work_below(self, row: GoalAlignment) -> tuple[list[ChangeIdea], list[PdsaCycle]]:
        """Change ideas and cycles of the goals in other plans that serve this one, all the way down.

        A district tests changes through its schools: their PDSA work counts for the goals they serve.
        """
        ideas: dict[int, ChangeIdea] = {}
        cycles: dict[int, PdsaCycle] = {}
        seen: set[Key] = set()
        waiting = list(row.served_by)
        while waiting:
            key = waiting.pop(0)
            below = self.alignment.get(key)
            if key in seen or below is None:
                continue
            seen.add(key)
            ideas.update((id(i), i) for i in below.change_ideas)
            cycles.update((id(c), c) for c in below.cycles)
            waiting += below.served_by
        return list(ideas.values()), list(cycles.values())

    def gaps(self, row: GoalAlignment) -> list[str]:
        """A goal's missing links, counting the change ideas and cycles of the goals serving it."""
        ideas, cycles = self.work_below(row)
        covered = {"no change idea": bool(ideas), "no PDSA cycle": bool(cycles)}
        return [gap for gap in row.gaps if not covered.get(gap)]

    def goal_keys(self, refs: list[str], plan: Plan) -> list[Key]:
        """The goals that references to goals or objectives land in, each once, in order."""
        keys = [self.goal_of.get(key_of(r, plan.id)) for r in refs]
        return list(dict.fromkeys(k for k in keys if k is not None))

    def ideas_of_strategy(self, plan: Plan, strategy: Strategy) -> list[tuple[Plan, ChangeIdea]]:
        """Change ideas (in any plan) that say they belong to this strategy."""
        key = (plan.id, strategy.id)
        return [
            (p, i)
            for p in self.plans
            for d in p.driver_diagrams
            for i in d.change_ideas
            if key in {key_of(r, p.id) for r in i.strategies}
        ]

    def goals_of_idea(self, plan: Plan, idea: ChangeIdea) -> list[Key]:
        """The goals a change idea serves, through its strategies."""
        keys: list[Key] = []
        for ref in idea.strategies:
            strategy = self.item(key_of(ref, plan.id))
            if isinstance(strategy, Strategy):
                keys += self.goal_keys(
                    strategy.serves, self.plan_set.plans[key_of(ref, plan.id)[0]]
                )
        return list(dict.fromkeys(keys))

    def goals_of_cycle(self, plan: Plan, cycle: PdsaCycle) -> list[Key]:
        """The goals a cycle serves: its own goal, or its change idea's."""
        if cycle.goal:
            return self.goal_keys([cycle.goal], plan)
        idea = self.item(key_of(cycle.change_idea, plan.id)) if cycle.change_idea else None
        return self.goals_of_idea(plan, idea) if isinstance(idea, ChangeIdea) else []

    def cycles_of_idea(self, plan: Plan, idea: ChangeIdea) -> list[PdsaCycle]:
        """The cycles that test a change idea, in series and cycle order."""
        key = (plan.id, idea.id)
        cycles = [
            c
            for p in self.plans
            for c in p.cycles
            if c.change_idea and key_of(c.change_idea, p.id) == key
        ]
        return sorted(cycles, key=lambda c: (c.series, c.cycle))

    def diagram_of(self, plan: Plan, idea_or_driver_id: str) -> DriverDiagram | None:
        """The driver diagram that holds a change idea or driver."""
        for diagram in plan.driver_diagrams:
            ids = {n.id for n in iter_nodes(diagram) if isinstance(n, Item)}
            if idea_or_driver_id in ids:
                return diagram
        return None

    def learnings(
        self, plan: Plan
    ) -> list[tuple[Key | None, list[tuple[ChangeIdea | None, list[PdsaCycle]]]]]:
        """The plan's cycles grouped by goal, then change idea; newest first within each group."""
        groups: dict[Key | None, dict[str | None, list[PdsaCycle]]] = {}
        for cycle in sorted(plan.cycles, key=_newest_first):
            goals: list[Key | None] = [*self.goals_of_cycle(plan, cycle)] or [None]
            for goal in goals:
                groups.setdefault(goal, {}).setdefault(cycle.change_idea, []).append(cycle)
        ordered = sorted(groups, key=self._goal_order)
        return [
            (
                goal,
                [(self._idea(plan, idea_ref), cycles) for idea_ref, cycles in groups[goal].items()],
            )
            for goal in ordered
        ]

    def latest_learnings(self, count: int) -> list[tuple[Plan, PdsaCycle]]:
        """The most recent cycles with a recorded learning, across every plan."""
        cycles = [(p, c) for p in self.plans for c in p.cycles if c.study and c.study.learning]
        return sorted(cycles, key=lambda pc: _newest_first(pc[1]))[:count]

    def _idea(self, plan: Plan, ref: str | None) -> ChangeIdea | None:
        item = self.item(key_of(ref, plan.id)) if ref else None
        return item if isinstance(item, ChangeIdea) else None

    def _goal_order(self, key: Key | None) -> tuple[int, int]:
        if key is None:
            return (len(self.plans), 0)
        plan_index = [p.id for p in self.plans].index(key[0])
        goals = [g.id for g in self.plan_set.plans[key[0]].goals]
        return (plan_index, goals.index(key[1]))


def _newest_first(cycle: PdsaCycle) -> tuple[int, str]:
    when = cycle.end or cycle.start or dt.date.min
    return (-when.toordinal(), cycle.id)


def build_site(plan_set: PlanSet, organization_name: str) -> Site:
    """Every page of the site in navigation order, with each item's place."""
    site = Site(plan_set)
    site.pages.append(Page("index.md", "home", organization_name))
    for plan in site.plans:
        site.pages += list(_plan_pages(plan))
        _index_places(site, plan)
    site.alignment = {(row.plan_id, row.goal.id): row for row in build_alignment(plan_set)}
    for plan in site.plans:
        for cycle in plan.cycles:
            if cycle.previous:
                site.next_cycle[key_of(cycle.previous, plan.id)] = cycle
    return site


def _plan_pages(plan: Plan) -> Iterator[Page]:
    yield Page(page_path(plan.id, "plan"), "plan", plan.meta.title, plan, plan)
    for goal in plan.goals:
        yield Page(
            page_path(plan.id, "goal", goal.id), "goal", heading(plan, "goal", goal), plan, goal
        )
    for strategy in plan.strategies:
        yield Page(
            page_path(plan.id, "strategy", strategy.id),
            "strategy",
            heading(plan, "strategy", strategy),
            plan,
            strategy,
        )
    for diagram in plan.driver_diagrams:
        yield Page(
            page_path(plan.id, "driver-diagram", diagram.id),
            "driver-diagram",
            f"Driver diagram: {diagram.title}",
            plan,
            diagram,
        )
        for idea in diagram.change_ideas:
            yield Page(
                page_path(plan.id, "change-idea", idea.id),
                "change-idea",
                f"{plan.term('change_idea')}: {idea.title}",
                plan,
                idea,
            )
    for cycle in sorted(plan.cycles, key=lambda c: (c.series, c.cycle)):
        yield Page(
            page_path(plan.id, "cycle", cycle.id),
            "cycle",
            f"{plan.term('cycle')} {cycle.cycle}: {cycle.title}",
            plan,
            cycle,
        )
    name = plan.meta.organization or plan.meta.title
    yield Page(page_path(plan.id, "learnings"), "learnings", f"What we learned: {name}", plan)
    yield Page(page_path(plan.id, "alignment"), "alignment", f"Alignment: {name}", plan)


def heading(plan: Plan, kind: str, item: Goal | Strategy) -> str:
    """e.g. `Goal 1: Reading by the end of grade 3`, in the plan's own words."""
    word = plan.term(kind)
    return f"{word} {item.code}: {item.title}" if item.code else f"{word}: {item.title}"


def _index_places(site: Site, plan: Plan) -> None:
    overview = page_path(plan.id, "plan")
    site.places[(plan.id, plan.id)] = (overview, None)
    for item in [
        *plan.meta.beliefs,
        *plan.meta.priorities,
        *plan.meta.needs,
        *plan.meta.root_causes,
    ]:
        site.places[(plan.id, item.id)] = (overview, item.id)
    for item in plan.items.values():
        site.keys[id(item)] = (plan.id, item.id)
    hosts: list[tuple[str, Item]] = [
        *(("goal", g) for g in plan.goals),
        *(("strategy", s) for s in plan.strategies),
        *(("driver-diagram", d) for d in plan.driver_diagrams),
        *(("cycle", c) for c in plan.cycles),
    ]
    for kind, host in hosts:
        page = page_path(plan.id, kind, host.id)
        for node in iter_nodes(host):
            if isinstance(node, ChangeIdea):
                site.places[(plan.id, node.id)] = (page_path(plan.id, "change-idea", node.id), None)
            elif isinstance(node, Item):
                site.places[(plan.id, node.id)] = (page, None if node is host else node.id)
    for goal in plan.goals:
        site.goal_of[(plan.id, goal.id)] = (plan.id, goal.id)
        for objective in goal.objectives:
            site.goal_of[(plan.id, objective.id)] = (plan.id, goal.id)


def nav_entries(site: Site) -> list[Any]:
    """The navigation, in MkDocs' `nav:` form: district plans at the top, schools in a section."""
    entries: list[Any] = [{"Home": "index.md"}]
    schools: list[Any] = []
    for plan in site.plans:
        section = {plan.meta.organization or plan.meta.title: _plan_nav(site, plan)}
        (entries if plan.meta.level == "district" else schools).append(section)
    if schools:
        entries.append({"Schools": schools})
    return entries


def _plan_nav(site: Site, plan: Plan) -> list[Any]:
    pages = [p for p in site.pages if p.plan is plan]
    nav: list[Any] = [{"Overview": page_path(plan.id, "plan")}]
    groups = [
        ("goal", plan.term("goal", plural=True)),
        ("strategy", plan.term("strategy", plural=True)),
        ("driver-diagram", "Driver diagrams"),
        ("change-idea", plan.term("change_idea", plural=True)),
        ("cycle", plan.term("cycle", plural=True)),
    ]
    for kind, label in groups:
        members = [{p.title: p.src_uri} for p in pages if p.kind == kind]
        if members:
            nav.append({label: members})
    nav.append({"What we learned": page_path(plan.id, "learnings")})
    nav.append({"Alignment": page_path(plan.id, "alignment")})
    return nav
