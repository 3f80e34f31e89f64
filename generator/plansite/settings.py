"""Rule settings: site_config/rules.yml, where staff tune the alignment rules. No I/O.

Per-rule severities, thresholds, the district goals every school plan must serve, and the
funding sources that require strong evidence. Every key has a default, so the file is optional.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from plansite.fields import Count, Flag, Ref, RefTo, Text
from plansite.nodes import Node

SeverityName = Literal["error", "warning", "info", "off"]

MAX_DAYS = 3650
"""Day thresholds beyond ten years are mistakes (and would overflow date arithmetic)."""


class Thresholds(Node):
    """Numbers that rules compare against."""

    max_goals: Count = Field(
        5, ge=1, le=50, description="Most goals a plan may have before PS402 (default 5)."
    )
    max_cycle_days: Count = Field(
        90,
        ge=1,
        le=MAX_DAYS,
        description="Longest PDSA cycle, in days, still counted as rapid (default 90).",
    )
    adapt_follow_up_days: Count = Field(
        30,
        ge=1,
        le=MAX_DAYS,
        description="Days after an adapt decision by which the next cycle starts (default 30).",
    )
    stale_grace_days: Count = Field(
        120,
        ge=0,
        le=MAX_DAYS,
        description="Days allowed, beyond a measure's cadence, for results to be published (default 120).",
    )


class RuleSettings(Node):
    """site_config/rules.yml: how strictly the alignment rules apply."""

    KIND: ClassVar[str] = "rules file"
    severity: dict[str, SeverityName] = Field(
        {}, description="Severity per rule, by code or name: error, warning, info or off."
    )
    thresholds: Thresholds = Field(default_factory=Thresholds, description="Rule thresholds.")
    required_district_goals: list[Annotated[Ref, RefTo("goal", "objective")]] = Field(
        [],
        description="Goals every school plan must serve, as plan:id, e.g. district:early-literacy.",
    )
    restricted_funds: list[Text] = Field(
        [], description='Funding sources that require ESSA tier 1-3, e.g. "Title I, Section 1003".'
    )
    step_funding_required: Flag = Field(
        False, description="true when every action step must name its funding source."
    )
