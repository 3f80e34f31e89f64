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
    /<plan>/print/                      the whole plan on one page, for printing

An item without a page of its own is an anchor on the page that holds it: `#<item-id>`.
Section anchors start with a capital (`#Measures`), so they never meet an item id, which is
lowercase. Every relation a page shows is indexed once here, so rendering stays linear in pages.
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

FOLDERS = {
    "goal": "goals",
    "strategy": "strategies",
    "driver-diagram": "drivers",
    "change-idea": "change-ideas",
    "cycle": "cycles",
}
"""The folder of each kind of item that has a page of its own."""

LEVEL_ORDER = {"district": 0, "department": 1, "school": 2}


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
    plans: list[Plan] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    by_src: dict[str, Page] = field(default_factory=dict)
    places: dict[Key, tuple[str, str | None]] = field(default_factory=dict)
    keys: dict[int, Key] = field(default_factory=dict)
    alignment: dict[Key, GoalAlignment] = field(default_factory=dict)
    goal_of: dict[Key, Key] = field(default_factory=dict)
    next_cycle: dict[Key, PdsaCycle] = field(default_factory=dict)
    cycles_by_idea: dict[Key, list[PdsaCycle]] = field(default_factory=dict)
    ideas_by_strategy: dict[Key, list[ChangeIdea]] = field(default_factory=dict)
    diagram_by_item: dict[Key, DriverDiagram] = field(default_factory=dict)
    series: dict[Key, list[PdsaCycle]] = field(default_factory=dict)

    def page_for(self, src_uri: str) -> Page | None:
        """The generated page with this source name, if any."""
        return self.by_src.get(src_uri)

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

    def plan_of(self, item: Item) -> Plan:
        """The plan that holds an item."""
        return self.plan_set.plans[self.key_for(item)[0]]

    # ---------------------------------------------------------------- relations

    def row(self, plan: Plan, goal: Goal) -> GoalAlignment:
        """The alignment row of a goal: its strategies, change ideas, cycles and servers."""
        return self.alignment[(plan.id, goal.id)]

    def rows(self, plan: Plan) -> list[GoalAlignment]:
        """The alignment rows of a plan's goals, in goal order."""
        return [self.row(plan, goal) for goal in plan.goals]

    def goal_keys(self, refs: list[str], plan: Plan) -> list[Key]:
        """The goals that references to goals or objectives land in, each once, in order."""
        keys = [self.goal_of.get(key_of(r, plan.id)) for r in refs]
        return list(dict.fromkeys(k for k in keys if k is not None))

    def ideas_of_strategy(self, strategy: Strategy) -> list[ChangeIdea]:
        """Change ideas (in any plan) that say they belong to this strategy."""
        return self.ideas_by_strategy.get(self.key_for(strategy), [])

    def goals_of_idea(self, plan: Plan, idea: ChangeIdea) -> list[Key]:
        """The goals a change idea serves: its diagram's aim, and its strategies' goals."""
        diagram = self.diagram_of(idea)
        keys: list[Key] = []
        if diagram is not None and diagram.aim.goal:
            keys += self.goal_keys([diagram.aim.goal], plan)
        for ref in idea.strategies:
            strategy = self.item(key_of(ref, plan.id))
            if isinstance(strategy, Strategy):
                keys += self.goal_keys(strategy.serves, self.plan_of(strategy))
        return list(dict.fromkeys(keys))

    def goals_of_cycle(self, plan: Plan, cycle: PdsaCycle) -> list[Key]:
        """The goals a cycle serves: its own goal, or its change idea's."""
        if cycle.goal:
            return self.goal_keys([cycle.goal], plan)
        idea = self.item(key_of(cycle.change_idea, plan.id)) if cycle.change_idea else None
        return self.goals_of_idea(self.plan_of(idea), idea) if isinstance(idea, ChangeIdea) else []

    def cycles_of_idea(self, idea: ChangeIdea) -> list[PdsaCycle]:
        """The cycles that test a change idea, in series and cycle order."""
        return self.cycles_by_idea.get(self.key_for(idea), [])

    def series_of(self, cycle: PdsaCycle) -> list[PdsaCycle]:
        """The cycles of a cycle's series in its plan, in cycle order."""
        return self.series[(self.key_for(cycle)[0], cycle.series)]

    def diagram_of(self, item: Item) -> DriverDiagram | None:
        """The driver diagram that holds a change idea or driver."""
        return self.diagram_by_item.get(self.key_for(item))

    def ideas_for_driver(self, diagram: DriverDiagram, driver: Item) -> list[ChangeIdea]:
        """The change ideas of a diagram that act on one driver."""
        key = self.key_for(driver)
        plan_id = self.key_for(diagram)[0]
        return [i for i in diagram.change_ideas if key in {key_of(r, plan_id) for r in i.drivers}]

    def secondaries_of(self, diagram: DriverDiagram, primary: Item) -> list[Item]:
        """The secondary drivers of a diagram that act on one primary driver."""
        key = self.key_for(primary)
        plan_id = self.key_for(diagram)[0]
        return [
            s for s in diagram.secondary_drivers if key in {key_of(r, plan_id) for r in s.drives}
        ]

    def diagrams_for(self, plan: Plan, goal: Goal) -> list[DriverDiagram]:
        """The driver diagrams whose aim serves a goal (or one of its objectives)."""
        key = (plan.id, goal.id)
        return [
            d
            for d in plan.driver_diagrams
            if d.aim.goal and self.goal_of.get(key_of(d.aim.goal, plan.id)) == key
        ]

    @staticmethod
    def latest_report(plan: Plan) -> dt.date | None:
        """The newest `reported` date of any result in a plan: when its data last changed."""
        measures = [m for g in plan.goals for m in g.measures] + [
            m for s in plan.strategies for m in s.implementation_measures
        ]
        dates = [a.reported for m in measures for a in m.actuals if a.reported]
        return max(dates, default=None)

    @staticmethod
    def newest_first(cycles: list[PdsaCycle]) -> list[PdsaCycle]:
        """Cycles by their end (or start) date, latest first."""
        return sorted(cycles, key=_newest_first)

    def learnings(
        self, plan: Plan
    ) -> list[tuple[Key | None, list[tuple[ChangeIdea | None, list[PdsaCycle]]]]]:
        """The plan's cycles grouped by goal, then change idea; newest first within each group."""
        groups: dict[Key | None, dict[str | None, list[PdsaCycle]]] = {}
        for cycle in sorted(plan.cycles, key=_newest_first):
            goals: list[Key | None] = [*self.goals_of_cycle(plan, cycle)] or [None]
            for goal in goals:
                groups.setdefault(goal, {}).setdefault(cycle.change_idea, []).append(cycle)
        order = {key: n for n, key in enumerate(self.goal_of.values())}
        ordered = sorted(groups, key=lambda g: order.get(g, len(order)) if g else len(order))
        return [
            (goal, [(self._idea(plan, ref), cycles) for ref, cycles in groups[goal].items()])
            for goal in ordered
        ]

    def latest_learnings(self, count: int) -> list[tuple[Plan, PdsaCycle]]:
        """The most recent cycles with a recorded learning, across every plan."""
        cycles = [(p, c) for p in self.plans for c in p.cycles if c.study and c.study.learning]
        return sorted(cycles, key=lambda pc: _newest_first(pc[1]))[:count]

    def _idea(self, plan: Plan, ref: str | None) -> ChangeIdea | None:
        item = self.item(key_of(ref, plan.id)) if ref else None
        return item if isinstance(item, ChangeIdea) else None


def _newest_first(cycle: PdsaCycle) -> tuple[int, str]:
    when = cycle.end or cycle.start or dt.date.min
    return (-when.toordinal(), cycle.id)


def build_site(plan_set: PlanSet, organization_name: str) -> Site:
    """Every page of the site in navigation order, with each item's place and relations."""
    site = Site(plan_set)
    site.plans = sorted(
        plan_set.plans.values(),
        key=lambda p: (LEVEL_ORDER[p.meta.level], p.meta.organization or p.meta.title, p.id),
    )
    site.pages.append(Page("index.md", "home", organization_name))
    for plan in site.plans:
        site.pages += list(_plan_pages(plan))
        _index_places(site, plan)
    site.by_src = {page.src_uri: page for page in site.pages}
    site.alignment = {(row.plan_id, row.goal.id): row for row in build_alignment(plan_set)}
    for plan in site.plans:
        _index_relations(site, plan)
    for cycles in site.cycles_by_idea.values():
        cycles.sort(key=lambda c: (c.series, c.cycle))
    return site


def _plan_pages(plan: Plan) -> Iterator[Page]:
    yield Page(page_path(plan.id, "plan"), "plan", plan.meta.title, plan, plan)
    for goal in plan.goals:
        yield _item_page(plan, "goal", goal, heading(plan, "goal", goal))
    for strategy in plan.strategies:
        yield _item_page(plan, "strategy", strategy, heading(plan, "strategy", strategy))
    for diagram in plan.driver_diagrams:
        yield _item_page(plan, "driver-diagram", diagram, f"Driver diagram: {diagram.title}")
        for idea in diagram.change_ideas:
            title = f"{plan.term('change_idea')}: {idea.title}"
            yield _item_page(plan, "change-idea", idea, title)
    for cycle in sorted(plan.cycles, key=lambda c: (c.series, c.cycle)):
        title = f"{plan.term('cycle')} {cycle.cycle}: {cycle.title}"
        yield _item_page(plan, "cycle", cycle, title)
    name = plan.meta.organization or plan.meta.title
    yield Page(page_path(plan.id, "learnings"), "learnings", f"What we learned: {name}", plan)
    yield Page(page_path(plan.id, "alignment"), "alignment", f"Alignment: {name}", plan)
    yield Page(page_path(plan.id, "print"), "print", f"{plan.meta.title}: the whole plan", plan)


def _item_page(plan: Plan, kind: str, item: Item, title: str) -> Page:
    return Page(page_path(plan.id, kind, item.id), kind, title, plan, item)


def heading(plan: Plan, kind: str, item: Goal | Strategy) -> str:
    """e.g. `Goal 1: Reading by the end of grade 3`, in the plan's own words."""
    word = plan.term(kind)
    return f"{word} {item.code}: {item.title}" if item.code else f"{word}: {item.title}"


def _index_places(site: Site, plan: Plan) -> None:
    overview = page_path(plan.id, "plan")
    for item in plan.items.values():
        site.keys[id(item)] = (plan.id, item.id)
    for item in [
        *plan.meta.beliefs,
        *plan.meta.priorities,
        *plan.meta.needs,
        *plan.meta.root_causes,
    ]:
        site.places[(plan.id, item.id)] = (overview, item.id)
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
            if isinstance(host, DriverDiagram) and isinstance(node, Item):
                site.diagram_by_item[(plan.id, node.id)] = host
    for goal in plan.goals:
        site.goal_of[(plan.id, goal.id)] = (plan.id, goal.id)
        for objective in goal.objectives:
            site.goal_of[(plan.id, objective.id)] = (plan.id, goal.id)


def _index_relations(site: Site, plan: Plan) -> None:
    for cycle in sorted(plan.cycles, key=lambda c: c.cycle):
        site.series.setdefault((plan.id, cycle.series), []).append(cycle)
        if cycle.previous:
            site.next_cycle[key_of(cycle.previous, plan.id)] = cycle
        if cycle.change_idea:
            site.cycles_by_idea.setdefault(key_of(cycle.change_idea, plan.id), []).append(cycle)
    for diagram in plan.driver_diagrams:
        for idea in diagram.change_ideas:
            for ref in dict.fromkeys(idea.strategies):
                site.ideas_by_strategy.setdefault(key_of(ref, plan.id), []).append(idea)
