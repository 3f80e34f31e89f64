"""Staff Markdown to safe HTML: the one place where text typed by staff becomes markup.

Two locks, so that neither alone has to be perfect. Markdown is parsed with raw HTML turned
off (a `<script>` typed in a field shows as text) and without attribute lists (so
`{: onclick=...}` stays text). The result then goes through nh3, the maintained binding of the
Ammonia sanitiser, with an allow-list: only the tags below, only `href`/`title` on links, only
http, https and mailto addresses. No style, class, id or event handler survives.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "sub", "sup",
    "ul", "ol", "li", "a", "abbr",
    "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

_HEADING = re.compile(r"<(/?)h([1-6])\b")


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    # Raw HTML is shown as text rather than passed through: staff write Markdown, not HTML.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_MD = _markdown()


def render_markdown(text: str | None, heading_level: int = 3) -> Markup:
    """Staff Markdown as sanitised HTML; headings start at `heading_level` so the outline holds."""
    if not text:
        return Markup("")
    html = _MD.reset().convert(text)
    html = _HEADING.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + heading_level - 1)}", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return Markup(clean)  # noqa: S704 -- sanitised by nh3 with the allow-list above


def render_inline(text: str | None) -> Markup:
    """Staff Markdown that belongs inside a sentence or a table cell: no wrapping paragraph."""
    html = str(render_markdown(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)  # noqa: S704 -- already sanitised


def plain_text(text: str | None) -> str:
    """Staff Markdown as the words a reader sees, for link labels: no markup, entities decoded."""
    return " ".join(html.unescape(nh3.clean(str(render_markdown(text)), tags=set())).split())
