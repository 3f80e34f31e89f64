"""Alignment checks: the rules that say where a plan's chain does not line up.

Each family of rules is a module; importing it registers its rules. `run_checks` runs every
rule that is not switched off, at its configured severity, and then checks the waivers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Importing a family registers its rules, in this order.
from plansite.checks import (  # noqa: F401
    action_steps,
    cascade,
    cycle_series,
    direction,
    drivers,
    evidence,
    freshness,
    measures,
    pdsa,
    strategies,
    targets,
)
from plansite.checks.config import check_settings, check_waivers
from plansite.checks.registry import RULES, Rule, RuleContext
from plansite.diagnostics import Diagnostic, Severity, Waived
from plansite.model import PlanSet
from plansite.settings import RuleSettings

__all__ = ["RULES", "CheckOutcome", "Waived", "run_checks"]


@dataclass(frozen=True)
class CheckOutcome:
    """What the rules found, and what waivers switched off."""

    diagnostics: list[Diagnostic]
    waived: list[Waived]


def run_checks(plan_set: PlanSet, settings: RuleSettings, as_of: dt.date) -> CheckOutcome:
    """Run every active rule over the plans, as of a reference date."""
    context = RuleContext(plan_set, settings, as_of)
    off_rules: set[str] = set()
    for registered in RULES:
        severity = configured_severity(registered, settings)
        if severity is None:
            off_rules.add(registered.code.code)
            continue
        context.rule, context.severity = registered, severity
        registered.check(context)
    problems = check_settings(settings, plan_set) + check_waivers(context, off_rules)
    return CheckOutcome(context.findings + problems, context.waived)


def configured_severity(registered: Rule, settings: RuleSettings) -> Severity | None:
    """A rule's severity from rules.yml (by code or name), its default, or None when off."""
    code = registered.code
    chosen = settings.severity.get(code.code) or settings.severity.get(code.slug)
    if chosen is None:
        return code.severity
    return None if chosen == "off" else Severity(chosen)
