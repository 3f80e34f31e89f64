"""The typed plan model: what each source file may say, with no I/O.

Each class is one kind of thing in an improvement plan. YAML keys equal field names, so a
validation error's location maps straight back to a line. Field descriptions are the staff
documentation: they appear in editors through the JSON Schema and in `plansite check` hints.
Driver diagrams and PDSA cycles are in `improvement.py`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from plansite.fields import (
    Count,
    IsoDate,
    Markdown,
    Number,
    Ref,
    RefTo,
    SchoolYear,
    Text,
    Tier,
    Url,
)
from plansite.improvement import DriverDiagram, PdsaCycle
from plansite.nodes import Item, Node

# ---------------------------------------------------------------- organisation (site_config/)


class Subgroup(Item):
    """A student group that results are reported for."""

    KIND: ClassVar[str] = "subgroup"
    name: Text = Field(description="Name as readers see it, e.g. English learners.")
    description: Markdown | None = Field(None, description="Who is counted in this group.")


DEFAULT_MINIMUM_GROUP_SIZE = 10
"""Results about fewer students are withheld unless organization.yml says otherwise."""

RunChartRules = Literal["perla-provost-murray", "anhoj-olesen", "xmr"]


class RunCharts(Node):
    """How PDSA run charts find signals in their data."""

    rules: RunChartRules = Field(
        "perla-provost-murray",
        description="perla-provost-murray (shift, trend, runs; the default), anhoj-olesen "
        "(longest run, crossings) or xmr (control limits, for series with many points).",
    )
    baseline: Count | None = Field(
        None,
        description="How many of the first points set the median (or mean and limits); "
        "default: all of them.",
    )


class Organization(Node):
    """site_config/organization.yml: who publishes the plans."""

    KIND: ClassVar[str] = "organization file"
    name: Text = Field(
        description="The organisation's full name, e.g. Riverbend Unified School District."
    )
    short_name: Text | None = Field(
        None, description="A short name for headers, e.g. Riverbend USD."
    )
    website: Url | None = Field(None, description="The organisation's main website.")
    subgroups: list[Subgroup] = Field(
        [], description="Student groups that measures report results for."
    )
    minimum_group_size: Count = Field(
        DEFAULT_MINIMUM_GROUP_SIZE,
        description="Results about fewer students than this are shown as suppressed, never "
        "printed or plotted, so no student can be identified. Default: 10.",
    )
    run_charts: RunCharts | None = Field(None, description="How run charts find signals.")


# ---------------------------------------------------------------- plan.yml


class Term(Node):
    """The word a plan uses for one level, in singular and plural."""

    singular: Text = Field(description="e.g. Objective")
    plural: Text = Field(description="e.g. Objectives")


class Vocabulary(Node):
    """The words readers see for each level of the plan; anything not given keeps its default."""

    priority: Term | None = Field(
        None, description="Default: Priority / Priorities (also called focus areas)."
    )
    goal: Term | None = Field(None, description="Default: Goal / Goals.")
    objective: Term | None = Field(None, description="Default: Objective / Objectives.")
    measure: Term | None = Field(
        None, description="Default: Measure / Measures (also KPI, indicator)."
    )
    strategy: Term | None = Field(None, description="Default: Strategy / Strategies.")
    action_step: Term | None = Field(
        None, description="Default: Action step / Action steps (also Activity)."
    )
    change_idea: Term | None = Field(None, description="Default: Change idea / Change ideas.")
    cycle: Term | None = Field(None, description="Default: PDSA cycle / PDSA cycles.")
    need: Term | None = Field(None, description="Default: Need / Needs.")
    root_cause: Term | None = Field(None, description="Default: Root cause / Root causes.")


DEFAULT_TERMS: dict[str, tuple[str, str]] = {
    "priority": ("Priority", "Priorities"),
    "goal": ("Goal", "Goals"),
    "objective": ("Objective", "Objectives"),
    "measure": ("Measure", "Measures"),
    "strategy": ("Strategy", "Strategies"),
    "action_step": ("Action step", "Action steps"),
    "change_idea": ("Change idea", "Change ideas"),
    "cycle": ("PDSA cycle", "PDSA cycles"),
    "need": ("Need", "Needs"),
    "root_cause": ("Root cause", "Root causes"),
}


class Period(Node):
    """The school years a plan covers, first and last inclusive."""

    start: SchoolYear = Field(description="First school year, e.g. 2024-25.")
    end: SchoolYear = Field(description="Last school year, e.g. 2028-29.")


class Adoption(Node):
    """When and by whom the plan was adopted."""

    date: IsoDate = Field(description="Date of the vote, YYYY-MM-DD.")
    body: Text = Field(description="Who adopted it, e.g. Board of Education.")
    minutes: Url | None = Field(None, description="Link to the minutes of the meeting.")


class PlanRevision(Node):
    """One entry in the plan's revision log."""

    date: IsoDate = Field(description="Date of the revision, YYYY-MM-DD.")
    summary: Markdown = Field(description="What changed, in a sentence or two.")
    approved_by: Text | None = Field(
        None, description="Body that approved it, e.g. Board of Education."
    )
    minutes: Url | None = Field(None, description="Link to the minutes of the meeting.")


class Belief(Item):
    """A shared belief (core value) that goals stand on."""

    KIND: ClassVar[str] = "belief"
    name: Text = Field(description="Short name, e.g. Every child belongs.")
    text: Markdown = Field(description="The belief in full.")


class Priority(Item):
    """A priority or focus area that groups goals."""

    KIND: ClassVar[str] = "priority"
    name: Text = Field(description="e.g. Academic excellence.")
    description: Markdown | None = Field(None, description="What this priority covers.")


class Need(Item):
    """A need found by the needs assessment."""

    KIND: ClassVar[str] = "need"
    statement: Markdown = Field(description="The need, stated with its data.")
    evidence: Markdown | None = Field(None, description="The data that shows it.")


class RootCause(Item):
    """A root cause of a need."""

    KIND: ClassVar[str] = "root-cause"
    statement: Markdown = Field(description="The cause, as the team stated it.")
    needs: list[Annotated[Ref, RefTo("need")]] = Field(
        [], description="Ids of the needs this causes."
    )


class PlanFile(Item):
    """plans/<plan>/plan.yml: the plan's identity, direction and vocabulary."""

    KIND: ClassVar[str] = "plan"
    title: Text = Field(description="e.g. Strategic Plan 2024-2029.")
    organization: Text | None = Field(
        None, description="Who the plan is for, e.g. Lincoln Elementary School."
    )
    level: Literal["district", "school", "department"] = Field(
        description="district, school or department."
    )
    parent: Annotated[Ref, RefTo("plan")] | None = Field(
        None, description="Id of the plan this one cascades from, e.g. district."
    )
    period: Period = Field(description="The school years covered.")
    adoption: Adoption | None = Field(None, description="When and by whom it was adopted.")
    revisions: list[PlanRevision] = Field([], description="Revision log, oldest first.")
    vocabulary: Vocabulary | None = Field(None, description="Words shown for each level.")
    mission: Markdown | None = Field(None, description="Why the organisation exists.")
    vision: Markdown | None = Field(None, description="What it will become.")
    summary: Markdown | None = Field(None, description="Executive summary.")
    beliefs: list[Belief] = Field([], description="Shared beliefs.")
    priorities: list[Priority] = Field(
        [], description="Priorities or focus areas that group goals."
    )
    needs: list[Need] = Field([], description="Needs from the needs assessment.")
    root_causes: list[RootCause] = Field([], description="Root causes of the needs.")


# ---------------------------------------------------------------- measures

Direction = Literal["increase", "decrease", "maintain"]
Window = Literal["fall", "winter", "spring", "summer"]
Cadence = Literal[
    "annually", "twice-a-year", "three-times-a-year", "quarterly", "monthly", "weekly"
]


class Baseline(Node):
    """Where the measure started."""

    value: Number = Field(description="The baseline value, e.g. 41.5.")
    period: SchoolYear = Field(description="School year the baseline is from, e.g. 2023-24.")
    window: Window | None = Field(
        None, description="Collection window: fall, winter, spring or summer."
    )


class Target(Node):
    """A value to reach by a school year."""

    value: Number = Field(description="The target value.")
    period: SchoolYear = Field(description="School year by which it should be reached.")
    window: Window | None = Field(
        None, description="Collection window, when the measure has several a year."
    )


class Actual(Node):
    """One reported result."""

    period: SchoolYear = Field(description="School year of the result.")
    window: Window | None = Field(
        None, description="Collection window: fall, winter, spring or summer."
    )
    subgroup: Annotated[Ref, RefTo("subgroup")] | None = Field(
        None, description="Student group id; leave out for all students."
    )
    value: Number = Field(description="The result.")
    n: Count | None = Field(None, description="How many students the result is about.")
    reported: IsoDate | None = Field(
        None, description="When the result was published or collected."
    )
    note: Text | None = Field(None, description="Anything a reader needs to know about this value.")


class MeasureRevision(Node):
    """A change to a baseline or target, kept on record."""

    date: IsoDate | None = Field(None, description="Date the change was approved.")
    field: Literal["baseline", "target", "annual_target"] = Field(description="What was changed.")
    period: SchoolYear | None = Field(
        None, description="For an annual target: which school year's target."
    )
    old: Number = Field(description="The value before.")
    new: Number = Field(description="The value after.")
    reason: Markdown | None = Field(None, description="Why it changed.")
    approved_by: Text | None = Field(
        None, description="Body that approved it, e.g. Board of Education."
    )


class Measure(Item):
    """A measure (KPI, indicator): how the plan knows whether it is working."""

    KIND: ClassVar[str] = "measure"
    name: Text = Field(description="e.g. Grade 3 reading proficiency.")
    definition: Markdown | None = Field(None, description="Exactly what is counted and how.")
    unit: Text | None = Field(None, description="e.g. percent, days, students.")
    direction: Direction | None = Field(
        None, description="increase, decrease (lower is better) or maintain."
    )
    population: Text | None = Field(None, description="Who is measured, e.g. all grade 3 students.")
    sources: list[Text] = Field([], description="Where the data comes from (one or more).")
    cadence: Cadence | None = Field(None, description="How often new results arrive.")
    cadence_note: Text | None = Field(
        None, description="e.g. State results released each September."
    )
    indicator: Literal["leading", "lagging"] | None = Field(
        None, description="leading (early signal) or lagging (final result)."
    )
    kind: Literal["outcome", "process", "balancing"] | None = Field(
        None, description="outcome, process or balancing measure."
    )
    baseline: Baseline | None = Field(None, description="Starting value and its school year.")
    target: Target | None = Field(None, description="End target and the school year to reach it.")
    annual_targets: list[Target] = Field([], description="Target for each school year in between.")
    actuals: list[Actual] = Field([], description="Reported results.")
    revisions: list[MeasureRevision] = Field([], description="Changes to the baseline or targets.")


# ---------------------------------------------------------------- goals/<id>.yml


class Objective(Item):
    """A shorter-term, measurable step toward a goal."""

    KIND: ClassVar[str] = "objective"
    code: Text | None = Field(None, description='Display code, e.g. "1.A".')
    statement: Markdown = Field(description="The objective.")
    measures: list[Annotated[Ref, RefTo("measure")]] = Field(
        [], description="Ids of the measures that track it."
    )


class Goal(Item):
    """plans/<plan>/goals/<id>.yml: one goal with its objectives and measures."""

    KIND: ClassVar[str] = "goal"
    code: Text | None = Field(None, description='Display code, e.g. "1" or "2.A".')
    title: Text = Field(description="Short name, e.g. Early literacy.")
    statement: Markdown = Field(description="The goal in full: how much, by when, for whom.")
    priorities: list[Annotated[Ref, RefTo("priority")]] = Field(
        [], description="Ids of the priorities it belongs to."
    )
    beliefs: list[Annotated[Ref, RefTo("belief")]] = Field(
        [], description="Ids of the shared beliefs it stands on."
    )
    serves: list[Annotated[Ref, RefTo("goal", "objective")]] = Field(
        [], description="Parent-plan goals it serves, as plan:id, e.g. district:early-literacy."
    )
    subgroups: list[Annotated[Ref, RefTo("subgroup")]] = Field(
        [], description="Student groups this goal is about (gap goals)."
    )
    objectives: list[Objective] = Field([], description="Objectives under this goal.")
    measures: list[Measure] = Field([], description="Measures of this goal.")


# ---------------------------------------------------------------- strategies/<group>.yml


class Funding(Node):
    """Where money comes from."""

    source: Text = Field(description='Funding source, e.g. "Title I, Part A" or General fund.')
    amount: Number | None = Field(None, description="Amount in dollars, without $ or commas.")
    note: Text | None = Field(None, description="e.g. per year.")


class Evidence(Node):
    """The evidence behind a strategy, by ESSA tier."""

    tier: Tier | None = Field(None, description="ESSA evidence tier 1-4.")
    citation: Markdown | None = Field(None, description="The study or review the tier rests on.")
    logic_model: Markdown | None = Field(
        None, description="Tier 4: the logic model, grounded in research."
    )
    evaluation_plan: Markdown | None = Field(
        None, description="Tier 4: how its effects will be evaluated."
    )


Recurrence = Literal["weekly", "monthly", "quarterly", "each-semester", "annually", "ongoing"]
StepStatus = Literal["not-started", "in-progress", "complete", "delayed", "cancelled"]


class ActionStep(Item):
    """A concrete step that carries a strategy out."""

    KIND: ClassVar[str] = "action-step"
    title: Text = Field(description="What will be done.")
    description: Markdown | None = Field(None, description="Details.")
    roles: list[Text] = Field([], description="Roles responsible (roles, not names).")
    start: IsoDate | None = Field(None, description="Start date, YYYY-MM-DD.")
    end: IsoDate | None = Field(None, description="End date, YYYY-MM-DD.")
    recurrence: Recurrence | None = Field(
        None, description="For repeating steps instead of an end date."
    )
    year: SchoolYear | None = Field(None, description="Plan year, e.g. 2025-26.")
    funding: list[Funding] = Field([], description="Funding sources, when it costs money.")
    status: StepStatus | None = Field(
        None, description="not-started, in-progress, complete, delayed or cancelled."
    )


class Strategy(Item):
    """A strategy: what the plan will do to reach its goals."""

    KIND: ClassVar[str] = "strategy"
    code: Text | None = Field(None, description='Display code, e.g. "1.1".')
    title: Text = Field(description="e.g. Structured literacy in K-3.")
    description: Markdown | None = Field(None, description="What the strategy is and why.")
    serves: list[Annotated[Ref, RefTo("goal", "objective")]] = Field(
        [], description="Ids of the goals or objectives it serves."
    )
    addresses: list[Annotated[Ref, RefTo("need", "root-cause")]] = Field(
        [], description="Ids of the needs or root causes it addresses."
    )
    roles: list[Text] = Field([], description="Roles that lead it.")
    evidence: Evidence | None = Field(None, description="ESSA evidence tier and citation.")
    funding: list[Funding] = Field([], description="Funding sources.")
    implementation_measures: list[Measure] = Field([], description="Is it being done as intended?")
    impact_measures: list[Annotated[Ref, RefTo("measure")]] = Field(
        [], description="Ids of measures that show whether it works."
    )
    action_steps: list[ActionStep] = Field([], description="Steps that carry it out.")


class StrategyGroup(Node):
    """plans/<plan>/strategies/<group>.yml: a group of related strategies."""

    KIND: ClassVar[str] = "strategies file"
    strategies: list[Strategy] = Field(description="The strategies in this group.")


# ---------------------------------------------------------------- assembled plans


@dataclass
class Plan:
    """One plan: its plan.yml and every goal, strategy, diagram and cycle in its folder."""

    meta: PlanFile
    goals: list[Goal] = field(default_factory=list)
    strategies: list[Strategy] = field(default_factory=list)
    driver_diagrams: list[DriverDiagram] = field(default_factory=list)
    cycles: list[PdsaCycle] = field(default_factory=list)
    items: dict[str, Item] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The plan's id, which is also its folder name."""
        return self.meta.id

    def term(self, kind: str, *, plural: bool = False) -> str:
        """The word this plan uses for a level, e.g. `Objective` for `objective`."""
        custom = getattr(self.meta.vocabulary, kind, None) if self.meta.vocabulary else None
        if isinstance(custom, Term):
            return custom.plural if plural else custom.singular
        singular, plurals = DEFAULT_TERMS[kind]
        return plurals if plural else singular


@dataclass
class PlanSet:
    """Every plan of an organisation, with the organisation's settings."""

    organization: Organization | None
    plans: dict[str, Plan] = field(default_factory=dict)

    @functools.cached_property
    def subgroups(self) -> dict[str, Subgroup]:
        """The organisation's student groups by id."""
        return {s.id: s for s in self.organization.subgroups} if self.organization else {}
