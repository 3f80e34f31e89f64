"""Evidence: every strategy's ESSA tier, a rationale and evaluation for tier 4, strong evidence for restricted funds."""

from __future__ import annotations

import re

from plansite.checks.registry import RuleContext, rule
from plansite.checks.strategies import all_strategies, strategy_name
from plansite.checks.wording import spoken_list
from plansite.diagnostics import Severity
from plansite.model import Funding, Strategy

EVIDENCE_TIERS_FOR_RESTRICTED_FUNDS = (1, 2, 3)


@rule("PS426", "missing-evidence-tier", Severity.WARNING)
def check_evidence_declared(context: RuleContext) -> None:
    """Every strategy declares its ESSA evidence tier and the study it rests on.

    Why: ESSA asks for evidence-based interventions and defines four tiers of evidence
    (ESEA §8101(21)(A), 20 U.S.C. 7801(21)(A)); Missouri's CSIP rubric (MSIP 6) scores plans on
    evidence-based strategies. Give `evidence` a `tier` (1 strong, 2 moderate, 3 promising,
    4 demonstrates a rationale) and a `citation` so a reader can check the claim.

    Fails:

    ```yaml title="plans/lincoln/strategies/reading.yml"
    strategies:
      - id: small-group-phonics
        title: Daily small-group phonics
        serves: [lincoln-reading]
        evidence: {tier: 2}  # PS426
        action_steps:
          - id: schedule-win-block
            title: Schedule a 30-minute intervention block
            roles: [Principal]
            recurrence: annually
            status: in-progress
    ```

    Passes:

    ```yaml title="plans/lincoln/strategies/reading.yml"
    strategies:
      - id: small-group-phonics
        title: Daily small-group phonics
        serves: [lincoln-reading]
        evidence: {tier: 2, citation: "Gersten et al. (2009), IES practice guide."}
        action_steps:
          - id: schedule-win-block
            title: Schedule a 30-minute intervention block
            roles: [Principal]
            recurrence: annually
            status: in-progress
    ```
    """
    for plan, strategy in all_strategies(context):
        evidence = strategy.evidence
        name = strategy_name(plan, strategy)
        if evidence is None:
            context.report(
                strategy,
                f"{name} gives no evidence tier or citation",
                "add evidence: {tier: ..., citation: ...}: tier 1 (strong), 2 (moderate), "
                "3 (promising) or 4 (demonstrates a rationale), and the study it rests on",
            )
            continue
        missing = [key for key in ("tier", "citation") if getattr(evidence, key) is None]
        if missing:
            context.report(
                strategy,
                f"the evidence for {name} has no {' and no '.join(missing)}",
                "under evidence:, add " + " and ".join(_EVIDENCE_HINTS[key] for key in missing),
                at=("evidence",),
            )


_EVIDENCE_HINTS = {
    "tier": "tier: 1 (strong), 2 (moderate), 3 (promising) or 4 (demonstrates a rationale)",
    "citation": "citation: (the study or review the tier rests on)",
}


@rule("PS427", "tier4-incomplete", Severity.ERROR)
def check_tier4_rationale(context: RuleContext) -> None:
    """A tier-4 strategy has both a logic model and an evaluation plan.

    Why: under ESSA a tier 4 ("demonstrates a rationale") intervention needs a logic model based
    on research *and* ongoing efforts to evaluate its effects (ESEA §8101(21)(A)(ii)); without
    them it is not evidence-based at all. Write both under `evidence`: `logic_model` and
    `evaluation_plan`.

    Fails:

    ```yaml title="plans/lincoln/strategies/reading.yml"
    strategies:
      - id: small-group-phonics
        title: Daily small-group phonics
        serves: [lincoln-reading]
        evidence:
          tier: 4  # PS427
          citation: "Gersten et al. (2009), IES practice guide."
          logic_model: Daily small groups give each reader more practice at the right level.
        action_steps:
          - id: schedule-win-block
            title: Schedule a 30-minute intervention block
            roles: [Principal]
            recurrence: annually
            status: in-progress
    ```

    Passes:

    ```yaml title="plans/lincoln/strategies/reading.yml"
    strategies:
      - id: small-group-phonics
        title: Daily small-group phonics
        serves: [lincoln-reading]
        evidence:
          tier: 4
          citation: "Gersten et al. (2009), IES practice guide."
          logic_model: Daily small groups give each reader more practice at the right level.
          evaluation_plan: Compare DIBELS 8 growth of students in groups with the year before.
        action_steps:
          - id: schedule-win-block
            title: Schedule a 30-minute intervention block
            roles: [Principal]
            recurrence: annually
            status: in-progress
    ```
    """
    for plan, strategy in all_strategies(context):
        evidence = strategy.evidence
        if evidence is None or evidence.tier != 4:
            continue
        missing = [
            (what, key)
            for what, key in (
                ("logic model", "logic_model"),
                ("evaluation plan", "evaluation_plan"),
            )
            if getattr(evidence, key) is None
        ]
        if missing:
            context.report(
                strategy,
                f"{strategy_name(plan, strategy)} is at evidence tier 4 but has no "
                f"{' and no '.join(what for what, _ in missing)}",
                f"add {spoken_list([f'{key}:' for _, key in missing])} under evidence: "
                "(ESSA requires tier 4 strategies to rest on research and be evaluated as they run)",
                at=("evidence",),
            )


@rule("PS428", "restricted-funds-evidence", Severity.ERROR)
def check_restricted_funds_evidence(context: RuleContext) -> None:
    """A strategy paid from a restricted source has evidence tier 1, 2 or 3.

    Why: ESSA Section 1003 school-improvement funds may pay only for interventions with strong,
    moderate or promising evidence (tiers 1-3, ESEA §8101(21)(A)(i)); tier 4 is not enough. List
    such sources in `restricted_funds` in `site_config/rules.yml`. A source counts whether it is on
    the strategy's own `funding` or on one of its action steps'. A source matches when its name
    contains a restricted name, ignoring case, spaces and punctuation: "Title I, Section
    1003(a)" matches "Title I, Section 1003". List each spelling your district uses.

    Fails:

    ```yaml title="site_config/rules.yml"
    restricted_funds: ["Title I, Section 1003"]
    ```

    ```yaml title="plans/lincoln/strategies/reading.yml"
    strategies:
      - id: small-group-phonics
        title: Daily small-group phonics
        serves: [lincoln-reading]
        evidence:
          tier: 4
          citation: "Gersten et al. (2009), IES practice guide."
          logic_model: Daily small groups give each reader more practice at the right level.
          evaluation_plan: Compare DIBELS 8 growth of students in groups with the year before.
        action_steps:
          - id: schedule-win-block
            title: Schedule a 30-minute intervention block
            roles: [Principal]
            recurrence: annually
            funding:
              - {source: title i section 1003, amount: 42000}  # PS428
            status: in-progress
    ```

    Passes:

    ```yaml title="site_config/rules.yml"
    restricted_funds: ["Title I, Section 1003"]
    ```

    ```yaml title="plans/lincoln/strategies/reading.yml"
    strategies:
      - id: small-group-phonics
        title: Daily small-group phonics
        serves: [lincoln-reading]
        evidence: {tier: 2, citation: "Gersten et al. (2009), IES practice guide."}
        action_steps:
          - id: schedule-win-block
            title: Schedule a 30-minute intervention block
            roles: [Principal]
            recurrence: annually
            funding:
              - {source: title i section 1003, amount: 42000}
            status: in-progress
    ```
    """
    restricted = {_fund_key(source) for source in context.settings.restricted_funds}
    if not restricted:
        return
    for plan, strategy in all_strategies(context):
        tier = strategy.evidence.tier if strategy.evidence else None
        if tier in EVIDENCE_TIERS_FOR_RESTRICTED_FUNDS:
            continue
        found = _first_restricted_funding(strategy, restricted)
        if found is not None:
            funding, at = found
            has = f"its evidence tier is {tier}" if tier else "it has no evidence tier"
            context.report(
                strategy,
                f'{strategy_name(plan, strategy)} is paid from "{funding.source}", which may '
                f"only fund strategies with evidence tier 1, 2 or 3, but {has}",
                "cite tier 1-3 evidence under evidence: (tier: and citation:), "
                "or pay for it from another source",
                at=at,
            )


def _fund_key(source: str) -> str:
    """A funding source's name without case, spaces or punctuation, for comparing."""
    return re.sub(r"[\W_]+", "", source.casefold())


def _first_restricted_funding(
    strategy: Strategy, restricted: set[str]
) -> tuple[Funding, tuple[str | int, ...]] | None:
    """The first funding entry (the strategy's own, then its steps') from a restricted source."""
    entries: list[tuple[Funding, tuple[str | int, ...]]] = [
        (funding, ("funding", n)) for n, funding in enumerate(strategy.funding)
    ]
    for s, step in enumerate(strategy.action_steps):
        entries += [
            (funding, ("action_steps", s, "funding", n)) for n, funding in enumerate(step.funding)
        ]
    # Contains, not equals: "Title I, Section 1003(a)" is the same fund as "Title I, Section 1003".
    return next(
        ((f, at) for f, at in entries if any(key in _fund_key(f.source) for key in restricted)),
        None,
    )
