"""The site's navigation, in MkDocs' `nav:` form, kept small on every page.

District plans come first, then the school and department plans each in a section of their
own level. Inside a plan: its overview, then its goals, strategies, driver diagrams, change
ideas and cycles (each a section, in the plan's own words), its learnings and its alignment.
With mkdocs-material's `navigation.prune`, a page carries only its own branch of this tree.
"""

from __future__ import annotations

from typing import Any

from plansite.model import Plan
from plansite.site import Site, page_path

SECTION_OF_LEVEL = {"school": "Schools", "department": "Departments"}
GROUP_SIZE = 10
"""Most plans listed together. A section open on a page lists all its entries, so a district of
90 schools would write 90 links into every school page; in groups of ten it writes about 20."""


def nav_entries(site: Site) -> list[Any]:
    """Home, the district-level plans, then a section per other level."""
    entries: list[Any] = [{"Home": "index.md"}]
    sections: dict[str, list[Any]] = {}
    for plan in site.plans:
        entry = {plan.meta.organization or plan.meta.title: _plan_nav(site, plan)}
        if plan.meta.level == "district":
            entries.append(entry)
        else:
            sections.setdefault(SECTION_OF_LEVEL[plan.meta.level], []).append(entry)
    entries += [{label: group_entries(plans)} for label, plans in sections.items()]
    return entries


def group_entries(entries: list[Any]) -> list[Any]:
    """Entries as they are when few, else in alphabetical groups of GROUP_SIZE: `A-F`."""
    if len(entries) <= GROUP_SIZE + 2:
        return entries
    groups = [entries[i : i + GROUP_SIZE] for i in range(0, len(entries), GROUP_SIZE)]
    return [{f"{_first(g[0])} to {_first(g[-1])}": g} for g in groups]


def _first(entry: dict[str, Any]) -> str:
    return next(iter(entry))


def _plan_nav(site: Site, plan: Plan) -> list[Any]:
    groups: dict[str, list[Any]] = {}
    for page in site.pages:
        if page.plan is plan and page.item is not None and page.item is not plan:
            groups.setdefault(page.kind, []).append({page.title: page.src_uri})
    labels = [
        ("goal", plan.term("goal", plural=True)),
        ("strategy", plan.term("strategy", plural=True)),
        ("driver-diagram", "Driver diagrams"),
        ("change-idea", plan.term("change_idea", plural=True)),
        ("cycle", plan.term("cycle", plural=True)),
    ]
    # No label: the page keeps its own title (the plan's), which MkDocs would replace with one.
    nav: list[Any] = [page_path(plan.id, "plan")]
    nav += [{label: groups[kind]} for kind, label in labels if kind in groups]
    nav.append({"What we learned": page_path(plan.id, "learnings")})
    nav.append({"Alignment": page_path(plan.id, "alignment")})
    nav.append({"The whole plan, to print": page_path(plan.id, "print")})
    return nav
