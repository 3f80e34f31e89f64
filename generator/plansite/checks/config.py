"""Checks of the rule configuration itself: rules.yml and the waivers in source files."""

from __future__ import annotations

from collections.abc import Iterator

from plansite.checks.registry import RULES, RuleContext
from plansite.diagnostics import REGISTRY, Code, Diagnostic, Severity, closest, register
from plansite.model import PlanSet
from plansite.nodes import Item, Waiver, iter_nodes
from plansite.resolve import plan_roots
from plansite.settings import RuleSettings

PS601 = register(
    "PS601",
    "unknown-rule",
    Severity.ERROR,
    "rules.yml sets the severity of a rule that does not exist, or of one rule twice.",
    """
    Keys under `severity:` in `site_config/rules.yml` are rule codes (`PS404`) or names
    (`incomplete-measure`), as listed in the alignment rules reference. A misspelt one would
    otherwise leave the rule at its default without a word. Setting one rule by both its code
    and its name is reported too, since which line wins would not be obvious.

    ```yaml
    severity:
      PS499: off                 # PS601: no such rule
      incomplete-measures: off   # PS601: did you mean "incomplete-measure"?
    ```
    """,
)
PS602 = register(
    "PS602",
    "unknown-required-goal",
    Severity.ERROR,
    "rules.yml requires a district goal that does not exist.",
    """
    `required_district_goals` names goals (or objectives) that every school plan must serve,
    as `plan-id:item-id`. Each must exist, or the requirement could never be met.
    """,
)
PS603 = register(
    "PS603",
    "unknown-waiver-rule",
    Severity.ERROR,
    "A waiver names a rule that does not exist.",
    """
    A waiver's `rule:` is a rule code or name from the alignment rules reference. A waiver for
    an unknown rule waives nothing.

    ```yaml
    waivers:
      - rule: PS499                # PS603
        reason: Baseline is released in November.
    ```
    """,
)
PS604 = register(
    "PS604",
    "unused-waiver",
    Severity.WARNING,
    "A waiver no longer waives anything.",
    """
    A waiver switches one rule off for one item, with a reason on record. When the rule no longer
    finds anything there (the baseline arrived, the step was finished), the waiver is stale and
    should be deleted, so that it cannot hide a future problem.
    """,
)


def rule_codes() -> dict[str, Code]:
    """Every alignment rule's code, by code and by name."""
    return {key: r.code for r in RULES for key in (r.code.code, r.code.slug)}


def check_settings(settings: RuleSettings, plan_set: PlanSet) -> list[Diagnostic]:
    """Unknown rule names and required goals that do not exist, in rules.yml."""
    known = rule_codes()
    problems = []
    for name in settings.severity:
        if name not in known:
            problems.append(
                settings.problem(
                    PS601,
                    f'there is no rule "{name}"',
                    _did_you_mean(name, list(known)),
                    *("severity", name),
                    key=True,
                )
            )
    problems += _severities_set_twice(settings)
    for index, goal in enumerate(settings.required_district_goals):
        plan_id, _, item_id = goal.rpartition(":")
        plan = plan_set.plans.get(plan_id)
        if plan is None or item_id not in plan.items:
            problems.append(
                settings.problem(
                    PS602,
                    f'required goal "{goal}" does not exist',
                    "name it as plan-id:goal-id, e.g. district:early-literacy",
                    *("required_district_goals", index),
                )
            )
    return problems


def _severities_set_twice(settings: RuleSettings) -> list[Diagnostic]:
    """A rule's severity given by both its code and its name: which one wins is not obvious."""
    problems = []
    for registered in RULES:
        code, slug = registered.code.code, registered.code.slug
        if code in settings.severity and slug in settings.severity:
            problems.append(
                settings.problem(
                    PS601,
                    f"the severity of {code} {slug} is set twice, by code and by name",
                    f"keep one of the two lines for {code}",
                    *("severity", slug),
                    key=True,
                )
            )
    return problems


def check_waivers(context: RuleContext, off_rules: set[str]) -> list[Diagnostic]:
    """Waivers that name no rule, and waivers of active rules that waived nothing."""
    known = rule_codes()
    problems = []
    for item, index, waiver in iter_waivers(context.plan_set):
        code = known.get(waiver.rule)
        if code is None and waiver.rule in REGISTRY:
            problems.append(
                item.problem(
                    PS603,
                    f"{waiver.rule} is not an alignment rule; only rules PS4xx can be waived",
                    "fix the file instead; a loading, schema or reference problem cannot be waived",
                    *("waivers", index, "rule"),
                )
            )
        elif code is None:
            problems.append(
                item.problem(
                    PS603,
                    f'there is no rule "{waiver.rule}" to waive',
                    _did_you_mean(waiver.rule, list(known)),
                    *("waivers", index, "rule"),
                )
            )
        elif id(waiver) not in context.used_waivers and code.code not in off_rules:
            problems.append(
                item.problem(
                    PS604,
                    f"{code.code} {code.slug} reports nothing for this item, so this waiver waives nothing",
                    _unused_waiver_hint(context, item, code),
                    *("waivers", index),
                )
            )
    return problems


def _unused_waiver_hint(context: RuleContext, item: Item, code: Code) -> str:
    """Delete it; or, when the rule does report something in the same file, move it there."""
    path = item.locate().path
    lines = sorted(d.line for d in context.findings if d.code == code.code and d.path == path)
    if lines:
        return f"{code.code} reports line {lines[0]} of this file: move the waiver to that item, or delete it"
    return "delete the waiver"


def iter_waivers(plan_set: PlanSet) -> Iterator[tuple[Item, int, Waiver]]:
    """Every waiver in every plan, with the item it belongs to."""
    for plan in plan_set.plans.values():
        for root in plan_roots(plan):
            for node in iter_nodes(root):
                if isinstance(node, Item):
                    for index, waiver in enumerate(node.waivers):
                        yield node, index, waiver


def _did_you_mean(name: str, known: list[str]) -> str:
    close = closest(name, known)
    return (
        f'did you mean "{close}"?'
        if close
        else "see the alignment rules reference for rule codes and names"
    )
