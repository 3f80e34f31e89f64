"""Rendering: each generated page's main content, from its theme template, escaped throughout.

Page templates live in `theme/plansite/<kind>.html`. Each extends `plansite/page.html` (which
MkDocs renders around the content) and puts the page's content in the block `plansite_main`.
This module renders only that block, in an environment of its own with autoescaping on and
undefined names refused, so every value from a plan is escaped unless it went through
`markup.render_markdown`, and a template typo fails the build instead of printing nothing.
The HTML becomes the page's content, so search, the table of contents and other plugins see it.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup

from plansite.charts import is_suppressed, measure_chart
from plansite.checks.targets import WINDOW_ORDER
from plansite.fields import school_year_start
from plansite.improvement import PdsaCycle
from plansite.markup import plain_text, render_inline, render_markdown
from plansite.model import DEFAULT_MINIMUM_GROUP_SIZE, DEFAULT_TERMS, Actual, Goal, Measure
from plansite.nodes import Item
from plansite.resolve import Key, key_of
from plansite.runcharts import RunChart, build_run_chart
from plansite.site import Page, Site, page_path, url_of
from plansite.status import STATUS_RULE, display_number, goal_status, measure_status

MAIN_BLOCK = "plansite_main"

EVIDENCE_TIERS = {
    1: "Strong evidence (ESSA tier 1)",
    2: "Moderate evidence (ESSA tier 2)",
    3: "Promising evidence (ESSA tier 3)",
    4: "Demonstrates a rationale (ESSA tier 4)",
}
"""ESSA evidence tiers in words (ESSA section 8101(21)(A))."""

WORDS = {
    "not-started": "Not started",
    "in-progress": "In progress",
    "complete": "Complete",
    "delayed": "Delayed",
    "cancelled": "Cancelled",
    "increase": "Higher is better",
    "decrease": "Lower is better",
    "maintain": "Keep at or above the target",
    "idea": "Idea, not yet tested",
    "testing": "Being tested",
    "adopted": "Adopted",
    "abandoned": "Abandoned",
    "adopt": "Adopt (keep the change as it is)",
    "adapt": "Adapt (change it and test again)",
    "abandon": "Abandon (stop testing this change)",
    "expand": "Expand (test it in more places)",
    "implement": "Implement (make it standard practice)",
    "retest": "Retest (test it again as it is)",
    "collect-information": "Collect information",
    "develop-change": "Develop a change",
    "test-change": "Test a change",
    "implement-change": "Implement a change",
    "planned": "Planned",
    "doing": "Under way",
    "studying": "Studying the results",
    "yes": "Yes",
    "partly": "Partly",
    "no": "No",
    "outcome": "Outcome measure",
    "process": "Process measure (is the work being done?)",
    "balancing": "Balancing measure (watches for side effects)",
    "leading": "leading indicator (an early signal)",
    "lagging": "lagging indicator (the final result)",
}
"""Source-format values in the words readers see."""


class RenderError(Exception):
    """A page could not be rendered; the message says which page and why."""


@dataclass(frozen=True)
class Rendered:
    """A page's main content and its headings, for the table of contents."""

    html: str
    toc: list[dict[str, Any]]


def number(value: float, places: int | None = None) -> str:
    """186,000 or 41.5; with `places`, every value of a table shows the same decimals (59.0)."""
    return display_number(value) if places is None else f"{value:,.{places}f}"


def decimals(value: float) -> int:
    """How many decimals a value was written with, as far as a float remembers: 59.6 → 1."""
    text = repr(float(value))
    return 0 if "e" in text or text.endswith(".0") else len(text.split(".")[1])


def money(value: float) -> str:
    """$186,000."""
    return f"${number(value)}"


def long_date(value: dt.date | None) -> str:
    """June 18, 2024."""
    return f"{value:%B} {value.day}, {value.year}" if value else ""


def words(value: str | None) -> str:
    """A source-format value (`in-progress`) as words (`In progress`)."""
    return WORDS.get(value or "", (value or "").replace("-", " ").capitalize())


def make_environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    """The environment page content renders in: autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    add_filters(env)
    return env


def add_filters(env: jinja2.Environment) -> None:
    """The filters page templates use; MkDocs' environment needs them too, to compile them."""
    env.filters.update(
        md=render_markdown,
        plain=plain_text,
        mdi=render_inline,
        num=number,
        money=money,
        longdate=long_date,
        words=words,
        sentence=lambda text: text[:1].upper() + text[1:],
        tier=lambda t: EVIDENCE_TIERS.get(t, "No evidence tier given"),
    )
    env.tests["contains"] = lambda values, value: value in values


def render_page(env: jinja2.Environment, site: Site, page: Page, site_url: str) -> Rendered:
    """The main content of one generated page."""
    try:
        template = env.get_template(page.template)
        context = template.new_context(_context(site, page, site_url))
        html_text = "".join(template.blocks[MAIN_BLOCK](context))
    except (jinja2.TemplateError, KeyError) as error:
        raise RenderError(
            f"{page.template} could not render /{url_of(page.src_uri)}: {error}"
        ) from error
    _check_unique_ids(page, html_text)
    return Rendered(html_text, table_of_contents(html_text))


def _context(site: Site, page: Page, site_url: str) -> dict[str, Any]:
    here = url_of(page.src_uri)

    def href(src_uri: str, anchor: str | None = None) -> str:
        target = url_of(src_uri)
        relative = posixpath.relpath(target or ".", here or ".") if target != here else ""
        relative = "./" if relative in ("", ".") else f"{relative}/"
        if target == here and anchor:
            return f"#{anchor}"
        return f"{relative}#{anchor}" if anchor else relative

    def link_to(key: Key) -> str:
        src_uri, anchor = site.place(key)
        return href(src_uri, anchor)

    def href_of(item: Item) -> str:
        return link_to(site.key_for(item))

    def plan_href(plan_id: str, kind: str = "plan") -> str:
        return href(page_path(plan_id, kind))

    organization = site.plan_set.organization
    minimum = organization.minimum_group_size if organization else DEFAULT_MINIMUM_GROUP_SIZE
    settings = organization.run_charts if organization and organization.run_charts else None

    def chart_of_measure(measure: Measure, goal: Goal | None = None) -> Markup | None:
        groups = site.plan_set.subgroups
        named = {g: groups[g].name for g in (goal.subgroups if goal else []) if g in groups}
        return measure_chart(measure, named, minimum)

    def run_chart_of(
        cycles: list[PdsaCycle], chart_id: str, focus: PdsaCycle | None = None
    ) -> RunChart | None:
        return build_run_chart(cycles, chart_id, settings, focus)

    return {
        "site": site,
        "page": page,
        "plan": page.plan,
        "item": page.item,
        "href": href,
        "link_to": link_to,
        "href_of": href_of,
        "plan_href": plan_href,
        "ref": key_of,
        "lookup": site.item,
        "label": lambda key: _label(site, key),
        "measure_status": lambda m: measure_status(m, minimum),
        "goal_status": lambda g: goal_status(g, minimum),
        "suppressed": lambda a: is_suppressed(a, minimum),
        "minimum_group_size": minimum,
        "measure_chart": chart_of_measure,
        "run_chart": run_chart_of,
        "measure_table": measure_table,
        "status_rule": STATUS_RULE,
        "organization": site.plan_set.organization,
        "subgroups": site.plan_set.subgroups,
        # Without site_url there is no public address to show; the page says nothing rather
        # than print a path that breaks under a sub-folder.
        "permanent_url": f"{site_url.rstrip('/')}/{here}" if site_url else "",
    }


@dataclass
class MeasureRow:
    """One line of a measure's table: a school year (and window) with what was set and found."""

    period: str
    window: str | None
    baseline: float | None = None
    target: float | None = None
    end_target: float | None = None
    actual: Actual | None = None
    revised_from: dict[str, float] = field(default_factory=dict)
    """Earlier values of this row's baseline or target, when a revision changed them."""


@dataclass
class MeasureTable:
    """A measure's all-students table, in time order, with the decimals its values need."""

    rows: list[MeasureRow]
    places: int
    has_windows: bool


def measure_table(measure: Measure) -> MeasureTable:
    """Baseline, annual and end targets and results for all students, one row per year and window."""
    rows: dict[tuple[str, str | None], MeasureRow] = {}

    def row(period: str, window: str | None) -> MeasureRow:
        return rows.setdefault((period, window), MeasureRow(period, window))

    values: list[float] = []
    if measure.baseline:
        row(measure.baseline.period, measure.baseline.window).baseline = measure.baseline.value
        values.append(measure.baseline.value)
    for target in measure.annual_targets:
        row(target.period, target.window).target = target.value
        values.append(target.value)
    if measure.target:
        row(measure.target.period, measure.target.window).end_target = measure.target.value
        values.append(measure.target.value)
    for actual in measure.actuals:
        if actual.subgroup is None:
            row(actual.period, actual.window).actual = actual
            values.append(actual.value)
    _mark_revisions(measure, list(rows.values()))
    ordered = sorted(
        rows.values(), key=lambda r: (school_year_start(r.period), WINDOW_ORDER[r.window])
    )
    places = max((decimals(v) for v in values), default=0)
    return MeasureTable(ordered, places, any(r.window for r in ordered))


def _mark_revisions(measure: Measure, rows: list[MeasureRow]) -> None:
    """Note on each row the value a revision replaced, oldest revision's value first."""
    for revision in reversed(measure.revisions):
        for row in rows:
            if revision.field == "baseline" and row.baseline is not None:
                row.revised_from["baseline"] = revision.old
            elif revision.field == "target" and row.end_target is not None:
                row.revised_from["end_target"] = revision.old
            elif (
                revision.field == "annual_target"
                and row.target is not None
                and revision.period == row.period
            ):
                row.revised_from["target"] = revision.old


def _label(site: Site, key: Key) -> str:
    """How a link to an item reads: `Goal 1: Early literacy`, `Objective 1.A: ...`, or its name."""
    item = site.item(key)
    plan = site.plan_set.plans[key[0]]
    code = getattr(item, "code", None)
    kind = getattr(item, "KIND", "").replace("-", "_")
    title = _title_of(item)
    if len(title) > 90:
        title = title[:89].rsplit(" ", 1)[0] + "…"
    return f"{plan.term(kind)} {code}: {title}" if code and kind in DEFAULT_TERMS else title


def _title_of(item: Item | None) -> str:
    """The words an item is known by, whatever its kind."""
    for name in ("title", "name"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            return value
    statement = getattr(item, "statement", None)
    if isinstance(statement, str):
        return plain_text(statement)
    return item.id if item is not None else ""


_HEADING = re.compile(r'<h([123]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
_HEADERLINK = re.compile(r'<a class="headerlink".*?</a>', re.DOTALL)
_ID = re.compile(r'\sid="([^"]+)"')


def table_of_contents(html_text: str) -> list[dict[str, Any]]:
    """The h1 with its h2s and their h3s, in the form MkDocs' `get_toc` takes.

    The h1 leads so that material's "skip to content" link lands on the page's title; its
    table of contents shows the h1's children, as for a page written in Markdown.
    """
    roots: list[dict[str, Any]] = []
    open_at: dict[int, dict[str, Any]] = {}
    for match in _HEADING.finditer(html_text):
        level, anchor, inner = int(match[1]), match[2], _HEADERLINK.sub("", match[3]).strip()
        token: dict[str, Any] = {"level": level, "id": anchor, "name": inner, "children": []}
        parent = next((open_at[up] for up in range(level - 1, 0, -1) if up in open_at), None)
        (parent["children"] if parent else roots).append(token)
        open_at = {k: v for k, v in open_at.items() if k < level} | {level: token}
    return roots


def _check_unique_ids(page: Page, html_text: str) -> None:
    repeated = [anchor for anchor, n in Counter(_ID.findall(html_text)).items() if n > 1]
    if repeated:
        raise RenderError(
            f"/{url_of(page.src_uri)} would have two places called #{html.unescape(repeated[0])}, "
            "so links to it would land in the wrong place; this is a plansite bug, please report it"
        )
