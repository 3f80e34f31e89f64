"""Driver diagrams: a measurable aim, connected drivers, change ideas that act on them."""

from __future__ import annotations

from collections.abc import Iterator

from plansite.checks.registry import RuleContext, rule
from plansite.diagnostics import Severity
from plansite.improvement import ChangeIdea, DriverDiagram, PrimaryDriver, SecondaryDriver
from plansite.model import Plan, PlanSet
from plansite.resolve import Key, key_of


def _diagrams(plan_set: PlanSet) -> Iterator[tuple[Plan, DriverDiagram]]:
    """Every driver diagram of every plan, with its plan."""
    for plan in plan_set.plans.values():
        for diagram in plan.driver_diagrams:
            yield plan, diagram


@rule("PS440", "aim-without-measure", Severity.ERROR)
def check_aim_measure(context: RuleContext) -> None:
    """A driver diagram's aim names the measure that tracks it.

    Why: the first question of the Model for Improvement (Langley et al., *The Improvement
    Guide*) is "what are we trying to accomplish?", and Carnegie's driver-diagram guidance asks
    for an aim that is measurable: how much, by when, for whom. Without a `measure`, nobody can
    tell whether the changes tested are an improvement.

    Fails:

    ```yaml title="plans/lincoln/drivers/reading-drivers.yml"
    id: reading-drivers
    title: Reading by grade 2
    aim:                          # PS440
      statement: By May 2028, 70% of Lincoln second graders reach the DIBELS 8 benchmark.
      goal: lincoln-reading
    primary_drivers:
      - {id: core-phonics, statement: Consistent core phonics}
    secondary_drivers:
      - {id: decodable-practice, statement: Daily decodable practice, drives: [core-phonics]}
    change_ideas:
      - id: book-bags
        title: Decodable take-home book bags
        drivers: [decodable-practice]
        strategies: [small-group-phonics]
        status: adopted
    ```

    Passes:

    ```yaml title="plans/lincoln/drivers/reading-drivers.yml"
    id: reading-drivers
    title: Reading by grade 2
    aim:
      statement: By May 2028, 70% of Lincoln second graders reach the DIBELS 8 benchmark.
      measure: grade2-benchmark
      goal: lincoln-reading
    primary_drivers:
      - {id: core-phonics, statement: Consistent core phonics}
    secondary_drivers:
      - {id: decodable-practice, statement: Daily decodable practice, drives: [core-phonics]}
    change_ideas:
      - id: book-bags
        title: Decodable take-home book bags
        drivers: [decodable-practice]
        strategies: [small-group-phonics]
        status: adopted
    ```
    """
    for plan, diagram in _diagrams(context.plan_set):
        if diagram.aim.measure is None:
            measure = plan.term("measure").lower()
            context.report(
                diagram,
                f'the aim of the driver diagram "{diagram.title}" names no {measure}, '
                "so nobody can tell when it is reached",
                "add measure: <id of the measure that tracks the aim> under aim:",
                at=("aim", "measure"),
                key=True,
            )


def _driver_links(plan_set: PlanSet) -> set[Key]:
    """Every driver that a secondary driver drives or a change idea names, across all plans."""
    linked: set[Key] = set()
    for plan, diagram in _diagrams(plan_set):
        for secondary in diagram.secondary_drivers:
            linked.update(key_of(ref, plan.id) for ref in secondary.drives)
        for idea in diagram.change_ideas:
            linked.update(key_of(ref, plan.id) for ref in idea.drivers)
    return linked


def _report_orphan_primary(context: RuleContext, driver: PrimaryDriver) -> None:
    context.report(
        driver,
        f'the primary driver "{driver.statement}" is not connected: no secondary driver drives it '
        "and no change idea names it",
        f"add {driver.id} to the drives: of a secondary driver or the drivers: of a change idea, "
        "or remove the driver",
    )


def _report_orphan_secondary(context: RuleContext, driver: SecondaryDriver) -> None:
    context.report(
        driver,
        f'the secondary driver "{driver.statement}" drives no primary driver',
        "add drives: [<id of the primary driver it acts on>] to this driver, or remove it",
    )


@rule("PS441", "orphan-driver", Severity.WARNING)
def check_orphan_drivers(context: RuleContext) -> None:
    """Every driver is connected: primary drivers are driven, secondary drivers drive.

    Why: a driver diagram is a working theory that links the aim to the change ideas through its
    drivers (Carnegie Foundation; Bryk et al., *Learning to Improve*, 2015). A primary driver that
    no secondary driver or change idea acts on, or a secondary driver that acts on no primary
    driver, is a gap in the theory: nothing connects it to the rest.

    Fails:

    ```yaml title="plans/lincoln/drivers/reading-drivers.yml"
    id: reading-drivers
    title: Reading by grade 2
    aim:
      statement: By May 2028, 70% of Lincoln second graders reach the DIBELS 8 benchmark.
      measure: grade2-benchmark
      goal: lincoln-reading
    primary_drivers:
      - {id: core-phonics, statement: Consistent core phonics}
      - {id: family-reading, statement: Reading at home}  # PS441
    secondary_drivers:
      - {id: decodable-practice, statement: Daily decodable practice, drives: [core-phonics]}
      - {id: library-visits, statement: Weekly library visits}  # PS441
    change_ideas:
      - id: book-bags
        title: Decodable take-home book bags
        drivers: [decodable-practice]
        strategies: [small-group-phonics]
        status: adopted
    ```

    Passes:

    ```yaml title="plans/lincoln/drivers/reading-drivers.yml"
    id: reading-drivers
    title: Reading by grade 2
    aim:
      statement: By May 2028, 70% of Lincoln second graders reach the DIBELS 8 benchmark.
      measure: grade2-benchmark
      goal: lincoln-reading
    primary_drivers:
      - {id: core-phonics, statement: Consistent core phonics}
      - {id: family-reading, statement: Reading at home}
    secondary_drivers:
      - {id: decodable-practice, statement: Daily decodable practice, drives: [core-phonics]}
      - {id: library-visits, statement: Weekly library visits, drives: [family-reading]}
    change_ideas:
      - id: book-bags
        title: Decodable take-home book bags
        drivers: [decodable-practice, family-reading]
        strategies: [small-group-phonics]
        status: adopted
    ```
    """
    linked = _driver_links(context.plan_set)
    for plan, diagram in _diagrams(context.plan_set):
        for primary in diagram.primary_drivers:
            if (plan.id, primary.id) not in linked:
                _report_orphan_primary(context, primary)
        for secondary in diagram.secondary_drivers:
            if not secondary.drives:
                _report_orphan_secondary(context, secondary)


@rule("PS442", "change-idea-without-driver", Severity.ERROR)
def check_change_idea_drivers(context: RuleContext) -> None:
    """Every change idea names at least one driver it acts on.

    Why: in a driver diagram every change idea should affect at least one driver (Carnegie's
    driver-diagram guidance; Bryk et al., *Learning to Improve*, 2015). A change idea tied to no
    driver has no theory of why it would move the aim.

    Fails:

    ```yaml title="plans/lincoln/drivers/reading-drivers.yml"
    id: reading-drivers
    title: Reading by grade 2
    aim:
      statement: By May 2028, 70% of Lincoln second graders reach the DIBELS 8 benchmark.
      measure: grade2-benchmark
      goal: lincoln-reading
    primary_drivers:
      - {id: core-phonics, statement: Consistent core phonics}
    secondary_drivers:
      - {id: decodable-practice, statement: Daily decodable practice, drives: [core-phonics]}
    change_ideas:
      - id: book-bags
        title: Decodable take-home book bags
        drivers: [decodable-practice]
        strategies: [small-group-phonics]
        status: adopted
      - id: reading-buddies  # PS442
        title: Fifth-grade reading buddies
        status: idea
    ```

    Passes:

    ```yaml title="plans/lincoln/drivers/reading-drivers.yml"
    id: reading-drivers
    title: Reading by grade 2
    aim:
      statement: By May 2028, 70% of Lincoln second graders reach the DIBELS 8 benchmark.
      measure: grade2-benchmark
      goal: lincoln-reading
    primary_drivers:
      - {id: core-phonics, statement: Consistent core phonics}
    secondary_drivers:
      - {id: decodable-practice, statement: Daily decodable practice, drives: [core-phonics]}
    change_ideas:
      - id: book-bags
        title: Decodable take-home book bags
        drivers: [decodable-practice]
        strategies: [small-group-phonics]
        status: adopted
      - id: reading-buddies
        title: Fifth-grade reading buddies
        drivers: [decodable-practice]
        status: idea
    ```
    """
    for plan, diagram in _diagrams(context.plan_set):
        for idea in diagram.change_ideas:
            if not idea.drivers:
                term = plan.term("change_idea")
                context.report(
                    idea,
                    f'{term} "{idea.title}" names no driver, so the diagram does not say '
                    "how it would move the aim",
                    "add drivers: [<id of the primary or secondary driver it acts on>]",
                    at=("drivers",),
                )


ADOPTING_DECISIONS = ("adopt", "expand", "implement")
"""Act decisions that support adopting a change; adapt, abandon and retest do not."""


def _tested_ideas(plan_set: PlanSet) -> set[Key]:
    """Change ideas that a complete PDSA cycle tested and decided to adopt, across all plans."""
    return {
        key_of(cycle.change_idea, plan.id)
        for plan in plan_set.plans.values()
        for cycle in plan.cycles
        if cycle.change_idea
        and cycle.status == "complete"
        and cycle.act is not None
        and cycle.act.decision in ADOPTING_DECISIONS
    }


def _report_untested(context: RuleContext, plan: Plan, idea: ChangeIdea) -> None:
    term = plan.term("change_idea")
    cycles = plan.term("cycle", plural=True)
    context.report(
        idea,
        f'{term} "{idea.title}" is adopted, but no complete {cycles} tested it and decided to '
        "adopt, expand or implement it",
        f"record the cycle (change_idea: {idea.id}, status: complete, act: decision: adopt) "
        "that supports adopting it, or set status: testing until there is one",
        at=("status",),
    )


@rule("PS443", "adopted-without-cycle", Severity.ERROR)
def check_adopted_ideas(context: RuleContext) -> None:
    """A change idea marked adopted has a complete PDSA cycle that decided to adopt it.

    Why: in the Model for Improvement a change is adopted on the evidence of its tests: the Act
    step of a completed Plan-Do-Study-Act cycle (IHI PDSA worksheet; Langley et al., *The
    Improvement Guide*). An adopted change idea with no complete cycle was adopted on faith, and
    one whose cycles decided to adapt, abandon or retest it was adopted against them. A complete
    cycle whose Act decision is adopt, expand or implement counts.

    Fails:

    ```yaml title="plans/lincoln/cycles/book-bags-1.yml"
    id: book-bags-1
    title: Book bags with one class
    change_idea: book-bags
    series: book-bags
    cycle: 1
    purpose: test-change
    status: doing
    start: 2026-10-05
    end: 2026-10-30
    plan:
      objective: See whether families use the bags.
      questions:
        - {id: q1, question: How many bags come back?, prediction: 15 of 22.}
    ```

    ```yaml title="plans/lincoln/drivers/reading-drivers.yml"
    id: reading-drivers
    title: Reading by grade 2
    aim:
      statement: By May 2028, 70% of Lincoln second graders reach the DIBELS 8 benchmark.
      measure: grade2-benchmark
      goal: lincoln-reading
    primary_drivers:
      - {id: core-phonics, statement: Consistent core phonics}
    secondary_drivers:
      - {id: decodable-practice, statement: Daily decodable practice, drives: [core-phonics]}
    change_ideas:
      - id: book-bags
        title: Decodable take-home book bags
        drivers: [decodable-practice]
        strategies: [small-group-phonics]
        status: adopted  # PS443
    ```

    Passes:

    ```yaml title="plans/lincoln/cycles/book-bags-1.yml"
    id: book-bags-1
    title: Book bags with one class
    change_idea: book-bags
    series: book-bags
    cycle: 1
    purpose: test-change
    status: doing
    start: 2026-10-05
    end: 2026-10-30
    plan:
      objective: See whether families use the bags.
      questions:
        - {id: q1, question: How many bags come back?, prediction: 15 of 22.}
    ```

    ```yaml title="plans/lincoln/drivers/reading-drivers.yml"
    id: reading-drivers
    title: Reading by grade 2
    aim:
      statement: By May 2028, 70% of Lincoln second graders reach the DIBELS 8 benchmark.
      measure: grade2-benchmark
      goal: lincoln-reading
    primary_drivers:
      - {id: core-phonics, statement: Consistent core phonics}
    secondary_drivers:
      - {id: decodable-practice, statement: Daily decodable practice, drives: [core-phonics]}
    change_ideas:
      - id: book-bags
        title: Decodable take-home book bags
        drivers: [decodable-practice]
        strategies: [small-group-phonics]
        status: testing
    ```
    """
    tested = _tested_ideas(context.plan_set)
    for plan, diagram in _diagrams(context.plan_set):
        for idea in diagram.change_ideas:
            if idea.status == "adopted" and (plan.id, idea.id) not in tested:
                _report_untested(context, plan, idea)
