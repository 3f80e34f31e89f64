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
from dataclasses import dataclass
from typing import Any

import jinja2

from plansite.checks.targets import WINDOW_ORDER
from plansite.fields import school_year_start
from plansite.markup import plain_text, render_inline, render_markdown
from plansite.model import DEFAULT_TERMS, Actual, Measure
from plansite.nodes import Item
from plansite.resolve import Key, key_of
from plansite.site import Page, Site, url_of
from plansite.status import STATUS_RULE, Status, measure_status

MAIN_BLOCK = "plansite_main"

EVIDENCE_TIERS = {
    1: "Tier 1: strong evidence",
    2: "Tier 2: moderate evidence",
    3: "Tier 3: promising evidence",
    4: "Tier 4: demonstrates a rationale",
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
    "adopt": "Adopt: keep the change as it is",
    "adapt": "Adapt: change it and test again",
    "abandon": "Abandon: stop testing this change",
    "expand": "Expand: test it in more places",
    "implement": "Implement: make it standard practice",
    "retest": "Retest: test it again as it is",
    "collect-information": "Collect information",
    "develop-change": "Develop a change",
    "test-change": "Test a change",
    "implement-change": "Implement a change",
    "planned": "Planned",
    "doing": "Doing",
    "studying": "Studying",
    "yes": "Yes",
    "partly": "Partly",
    "no": "No",
}
"""Source-format values in the words readers see."""


class RenderError(Exception):
    """A page could not be rendered; the message says which page and why."""


@dataclass(frozen=True)
class Rendered:
    """A page's main content and its headings, for the table of contents."""

    html: str
    toc: list[dict[str, Any]]


def number(value: float) -> str:
    """41.5, 70 and 186,000: as few digits as the value needs, with thousands separated."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


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

    def ref(reference: str, plan_id: str) -> Key:
        return key_of(reference, plan_id)

    return {
        "site": site,
        "page": page,
        "plan": page.plan,
        "item": page.item,
        "href": href,
        "link_to": link_to,
        "href_of": href_of,
        "ref": ref,
        "lookup": site.item,
        "title_of": _title_of,
        "label": lambda key: _label(site, key),
        "measure_status": measure_status,
        "measure_rows": measure_rows,
        "Status": Status,
        "status_rule": STATUS_RULE,
        "organization": site.plan_set.organization,
        "subgroups": site.plan_set.subgroups,
        "permanent_url": f"{site_url.rstrip('/')}/{here}" if site_url else f"/{here}",
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


def measure_rows(measure: Measure) -> list[MeasureRow]:
    """The all-students table of a measure, in time order: baseline, targets and results."""
    rows: dict[tuple[str, str | None], MeasureRow] = {}

    def row(period: str, window: str | None) -> MeasureRow:
        return rows.setdefault((period, window), MeasureRow(period, window))

    if measure.baseline:
        row(measure.baseline.period, measure.baseline.window).baseline = measure.baseline.value
    for target in measure.annual_targets:
        row(target.period, target.window).target = target.value
    if measure.target:
        row(measure.target.period, measure.target.window).end_target = measure.target.value
    for actual in measure.actuals:
        if actual.subgroup is None:
            row(actual.period, actual.window).actual = actual
    return sorted(
        rows.values(), key=lambda r: (school_year_start(r.period), WINDOW_ORDER[r.window])
    )


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


_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
_HEADERLINK = re.compile(r'<a class="headerlink".*?</a>', re.DOTALL)
_ID = re.compile(r'\sid="([^"]+)"')


def table_of_contents(html_text: str) -> list[dict[str, Any]]:
    """h2 and h3 headings with ids, nested, in the form MkDocs' `get_toc` takes."""
    tokens: list[dict[str, Any]] = []
    for match in _HEADING.finditer(html_text):
        level, anchor, inner = int(match[1]), match[2], _HEADERLINK.sub("", match[3]).strip()
        token: dict[str, Any] = {"level": level, "id": anchor, "name": inner, "children": []}
        if level == 3 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def _check_unique_ids(page: Page, html_text: str) -> None:
    repeated = [anchor for anchor, n in Counter(_ID.findall(html_text)).items() if n > 1]
    if repeated:
        raise RenderError(
            f"/{url_of(page.src_uri)} would have two places called #{html.unescape(repeated[0])}; "
            "an item id there is the same as a section name: give the item another id"
        )
