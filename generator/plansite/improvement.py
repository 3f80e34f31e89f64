"""The improvement-science part of the model: driver diagrams, change ideas and PDSA cycles.

Follows the Model for Improvement (Langley et al.) and Carnegie's driver diagrams: an aim,
primary and secondary drivers (a graph, not a tree), change ideas tested in PDSA cycles.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from plansite.fields import (
    Flag,
    IsoDate,
    Markdown,
    Number,
    Ordinal,
    Ref,
    RefTo,
    Slug,
    Text,
)
from plansite.nodes import Item, Node

# ---------------------------------------------------------------- drivers/<id>.yml


class Aim(Node):
    """What the improvement work will accomplish: how much, by when, for whom."""

    statement: Markdown = Field(description="The aim.")
    measure: Annotated[Ref, RefTo("measure")] | None = Field(
        None, description="Id of the measure that tracks it."
    )
    goal: Annotated[Ref, RefTo("goal", "objective")] | None = Field(
        None, description="Id of the goal it serves."
    )


class PrimaryDriver(Item):
    """A primary driver: a main area to change to reach the aim."""

    KIND: ClassVar[str] = "primary-driver"
    statement: Text = Field(description="The driver.")
    description: Markdown | None = Field(None, description="Why it matters.")


class SecondaryDriver(Item):
    """A secondary driver: a specific lever on one or more primary drivers."""

    KIND: ClassVar[str] = "secondary-driver"
    statement: Text = Field(description="The driver.")
    description: Markdown | None = Field(None, description="Why it matters.")
    drives: list[Annotated[Ref, RefTo("primary-driver")]] = Field(
        [], description="Ids of the primary drivers it acts on."
    )


ChangeIdeaStatus = Literal["idea", "testing", "adopted", "abandoned"]


class ChangeIdea(Item):
    """A change idea to test in PDSA cycles."""

    KIND: ClassVar[str] = "change-idea"
    title: Text = Field(description="The change, in a few words.")
    description: Markdown | None = Field(None, description="What it is and how it should work.")
    drivers: list[Annotated[Ref, RefTo("primary-driver", "secondary-driver")]] = Field(
        [], description="Ids of the drivers it affects."
    )
    strategies: list[Annotated[Ref, RefTo("strategy")]] = Field(
        [], description="Ids of the strategies it belongs to."
    )
    status: ChangeIdeaStatus | None = Field(
        None, description="idea, testing, adopted or abandoned."
    )


class DriverDiagram(Item):
    """plans/<plan>/drivers/<id>.yml: a driver diagram (aim, drivers, change ideas)."""

    KIND: ClassVar[str] = "driver-diagram"
    title: Text = Field(description="e.g. Reading by grade 3.")
    aim: Aim = Field(description="The aim.")
    primary_drivers: list[PrimaryDriver] = Field([], description="Primary drivers.")
    secondary_drivers: list[SecondaryDriver] = Field([], description="Secondary drivers.")
    change_ideas: list[ChangeIdea] = Field([], description="Change ideas.")


# ---------------------------------------------------------------- cycles/<id>.yml


class Question(Node):
    """A learning question with its prediction, made before the cycle runs."""

    id: Slug = Field(description="Short id within the cycle, e.g. q1.")
    question: Text = Field(description="What the team wants to learn.")
    prediction: Text | None = Field(None, description="What the team expects, before the Do step.")


class DataMeasure(Node):
    """What the cycle's data points measure."""

    name: Text = Field(description="e.g. Words correct per minute (group median).")
    unit: Text | None = Field(None, description="e.g. words per minute.")
    target: Number | None = Field(
        None, description="The value the team is aiming for, drawn as the run chart's goal line."
    )
    cumulative: Flag = Field(
        False,
        description="true for a running total (it can only rise), which the run chart rules "
        "cannot judge.",
    )


class CyclePlan(Node):
    """The Plan step."""

    objective: Markdown = Field(description="What this cycle sets out to do.")
    questions: list[Question] = Field(
        [], description="Learning questions, each with its prediction."
    )
    measure: DataMeasure | None = Field(None, description="What the data points measure.")
    data_plan: Markdown | None = Field(
        None, description="What data will be collected, how and by whom."
    )
    logistics: Markdown | None = Field(None, description="Who, what, where, when.")


class DataPoint(Node):
    """One dated observation."""

    date: IsoDate = Field(description="YYYY-MM-DD.")
    value: Number = Field(description="The value observed.")
    note: Text | None = Field(None, description="e.g. substitute teacher that day.")
    astronomical: Flag = Field(
        False,
        description="true when the team judges this point far outside anything else seen "
        "(an astronomical point, a run-chart signal); say why in the note.",
    )


class CycleDo(Node):
    """The Do step: what happened."""

    observations: Markdown | None = Field(None, description="What happened; what was observed.")
    problems: Markdown | None = Field(None, description="Problems and surprises.")
    data: list[DataPoint] = Field([], description="Dated data points.")


class StudyResult(Node):
    """The result for one question, against its prediction."""

    question: Annotated[Slug, RefTo("question")] = Field(description="Id of the question, e.g. q1.")
    result: Markdown = Field(description="What the data showed.")
    prediction_held: Literal["yes", "partly", "no"] | None = Field(
        None, description="Did the prediction hold?"
    )


class CycleStudy(Node):
    """The Study step: results against predictions."""

    results: list[StudyResult] = Field([], description="One result per question.")
    learning: Markdown | None = Field(None, description="What the team learned.")


Decision = Literal["adopt", "adapt", "abandon", "expand", "implement", "retest"]


class CycleAct(Node):
    """The Act step: the decision and what comes next."""

    decision: Decision | None = Field(
        None, description="adopt, adapt, abandon, expand, implement or retest."
    )
    next_steps: Markdown | None = Field(None, description="What happens next.")


Purpose = Literal["collect-information", "develop-change", "test-change", "implement-change"]
CycleStatus = Literal["planned", "doing", "studying", "complete", "abandoned"]


class PdsaCycle(Item):
    """plans/<plan>/cycles/<id>.yml: one Plan-Do-Study-Act cycle."""

    KIND: ClassVar[str] = "cycle"
    title: Text = Field(description="What is being tested, in a few words.")
    change_idea: Annotated[Ref, RefTo("change-idea")] | None = Field(
        None, description="Id of the change idea tested; leave out when collecting information."
    )
    goal: Annotated[Ref, RefTo("goal", "objective")] | None = Field(
        None, description="Id of the goal it serves, when there is no change idea."
    )
    series: Slug = Field(description="Id shared by the cycles that build on each other.")
    cycle: Ordinal = Field(description="Cycle number within the series: 1, 2, 3...")
    previous: Annotated[Ref, RefTo("cycle")] | None = Field(
        None, description="Id of the cycle this one follows."
    )
    purpose: Purpose = Field(
        description="collect-information, develop-change, test-change or implement-change."
    )
    status: CycleStatus = Field(description="planned, doing, studying, complete or abandoned.")
    start: IsoDate | None = Field(None, description="First day, YYYY-MM-DD.")
    end: IsoDate | None = Field(None, description="Last day, YYYY-MM-DD.")
    team: list[Text] = Field([], description="Roles on the team.")
    plan: CyclePlan | None = Field(None, description="Plan: objective, questions and predictions.")
    do: CycleDo | None = Field(None, description="Do: what happened.")
    study: CycleStudy | None = Field(None, description="Study: results against predictions.")
    act: CycleAct | None = Field(None, description="Act: the decision.")
