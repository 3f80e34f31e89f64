"""PDSA cycles: predictions before Do, complete Study and Act, quick follow-up, rapid cycles."""

from __future__ import annotations

from collections.abc import Iterator

from plansite.checks.registry import RuleContext, rule
from plansite.diagnostics import Severity
from plansite.improvement import PdsaCycle
from plansite.model import Plan, PlanSet

PAST_PLANNING = ("doing", "studying", "complete")


def all_cycles(plan_set: PlanSet) -> Iterator[tuple[Plan, PdsaCycle]]:
    """Every PDSA cycle of every plan, with its plan."""
    for plan in plan_set.plans.values():
        for cycle in plan.cycles:
            yield plan, cycle


def days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


# ---------------------------------------------------------------- PS450


@rule("PS450", "prediction-missing", Severity.ERROR)
def check_predictions(context: RuleContext) -> None:
    """A cycle that has started has learning questions, each with a prediction.

    Why: the Model for Improvement and the IHI PDSA worksheet ask the team to write its questions
    and predict the answers in the Plan step, before the Do step. A prediction written afterwards
    cannot be tested, and a cycle without questions has nothing to learn. Applies once a cycle's
    status is doing, studying or complete.

    Fails:

    ```yaml title="plans/lincoln/cycles/book-bags-1.yml"
    id: book-bags-1
    title: Book bags with one class
    change_idea: book-bags
    series: book-bags
    cycle: 1
    purpose: test-change
    status: complete
    start: 2026-10-05
    end: 2026-10-30
    plan:
      objective: See whether families use the bags.
      questions:
        - {id: q1, question: How many bags come back?, prediction: 15 of 22.}
        - {id: q2, question: Which days do they come back?}  # PS450
    do:
      observations: Most bags came back on Mondays.
    study:
      results:
        - {question: q1, result: 16 of 22 on average., prediction_held: "yes"}
        - {question: q2, result: Mostly on Mondays.}
    act:
      decision: adopt
    ```

    Passes:

    ```yaml title="plans/lincoln/cycles/book-bags-1.yml"
    id: book-bags-1
    title: Book bags with one class
    change_idea: book-bags
    series: book-bags
    cycle: 1
    purpose: test-change
    status: complete
    start: 2026-10-05
    end: 2026-10-30
    plan:
      objective: See whether families use the bags.
      questions:
        - {id: q1, question: How many bags come back?, prediction: 15 of 22.}
        - {id: q2, question: Which days do they come back?, prediction: On Mondays.}
    do:
      observations: Most bags came back on Mondays.
    study:
      results:
        - {question: q1, result: 16 of 22 on average., prediction_held: "yes"}
        - {question: q2, result: Mostly on Mondays., prediction_held: "yes"}
    act:
      decision: adopt
    ```
    """
    for plan, cycle in all_cycles(context.plan_set):
        if cycle.status in PAST_PLANNING:
            _check_cycle_predictions(context, plan, cycle)


def _check_cycle_predictions(context: RuleContext, plan: Plan, cycle: PdsaCycle) -> None:
    term = plan.term("cycle")
    if cycle.plan is None or not cycle.plan.questions:
        context.report(
            cycle,
            f"the {term} has status {cycle.status}, but its plan has no learning questions",
            "add plan: questions: with at least one {id: q1, question: ..., prediction: ...}",
            at=("plan", "questions") if cycle.plan else (),
        )
        return
    for index, question in enumerate(cycle.plan.questions):
        if question.prediction is None:
            context.report(
                cycle,
                f'question {question.id} ("{question.question}") has no prediction',
                "add prediction: with what the team expected before the Do step",
                at=("plan", "questions", index),
            )


# ---------------------------------------------------------------- PS451


def _missing_steps(cycle: PdsaCycle) -> list[str]:
    """What a complete cycle still lacks: observations, a result per question, a decision."""
    missing: list[str] = []
    if cycle.do is None or not cycle.do.observations:
        missing.append("do: observations")
    answered = {result.question for result in cycle.study.results} if cycle.study else set()
    questions = cycle.plan.questions if cycle.plan else []
    unanswered = [q.id for q in questions if q.id not in answered]
    if unanswered:
        missing.append(f"study: results for {', '.join(unanswered)}")
    if cycle.act is None or cycle.act.decision is None:
        missing.append("act: decision")
    return missing


@rule("PS451", "incomplete-cycle", Severity.ERROR)
def check_complete_cycles(context: RuleContext) -> None:
    """A complete cycle records its observations, a result for each question, and a decision.

    Why: the IHI PDSA worksheet and Carnegie's guided PDSA form record what happened (Do), the
    result against each prediction (Study) and the decision to adopt, adapt or abandon (Act). A
    cycle marked complete without them leaves no learning behind for the next cycle.

    Fails:

    ```yaml title="plans/lincoln/cycles/book-bags-1.yml"
    id: book-bags-1
    title: Book bags with one class
    change_idea: book-bags
    series: book-bags
    cycle: 1
    purpose: test-change
    status: complete  # PS451
    start: 2026-10-05
    end: 2026-10-30
    plan:
      objective: See whether families use the bags.
      questions:
        - {id: q1, question: How many bags come back?, prediction: 15 of 22.}
        - {id: q2, question: Which days do they come back?, prediction: On Mondays.}
    do:
      observations: Most bags came back on Mondays.
    study:
      results:
        - {question: q1, result: 16 of 22 on average., prediction_held: "yes"}
    ```

    Passes:

    ```yaml title="plans/lincoln/cycles/book-bags-1.yml"
    id: book-bags-1
    title: Book bags with one class
    change_idea: book-bags
    series: book-bags
    cycle: 1
    purpose: test-change
    status: complete
    start: 2026-10-05
    end: 2026-10-30
    plan:
      objective: See whether families use the bags.
      questions:
        - {id: q1, question: How many bags come back?, prediction: 15 of 22.}
        - {id: q2, question: Which days do they come back?, prediction: On Mondays.}
    do:
      observations: Most bags came back on Mondays.
    study:
      results:
        - {question: q1, result: 16 of 22 on average., prediction_held: "yes"}
        - {question: q2, result: Mostly on Mondays., prediction_held: "yes"}
    act:
      decision: adopt
    ```
    """
    for plan, cycle in all_cycles(context.plan_set):
        if cycle.status != "complete":
            continue
        missing = _missing_steps(cycle)
        if missing:
            context.report(
                cycle,
                f"the {plan.term('cycle')} is complete but lacks {'; '.join(missing)}",
                f"add {'; '.join(missing)}, or set status: studying until they are written",
                at=("status",),
            )


# ---------------------------------------------------------------- PS452
