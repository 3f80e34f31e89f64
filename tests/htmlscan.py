"""Read built pages as a browser would see their structure: ids, links, headings, tables, text.

The standard library's HTML parser is enough for this; it keeps the tests free of a parsing
dependency and reads the HTML exactly as MkDocs wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Table:
    """One table: its caption, header cells, and rows of cell text."""

    caption: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Page:
    """What the tests look at in one HTML page."""

    path: Path
    ids: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    """(tag, address) for every href and src; a link tag is named with its rel: link[canonical]."""
    headings: list[tuple[int, str, str]] = field(default_factory=list)
    """(level, id, text) of every heading inside the main content."""
    tables: list[Table] = field(default_factory=list)
    main_html: str = ""
    main_text: str = ""
    title: str = ""


class _Scanner(HTMLParser):
    def __init__(self, page: Page, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.source = source
        self.article_depth = 0
        self.main_start: int | None = None
        self.heading: tuple[int, str, list[str]] | None = None
        self.table: Table | None = None
        self.cell: list[str] | None = None
        self.row: list[str] | None = None
        self.in_caption = False
        self.in_title = False
        self.in_thead = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.page.ids.append(found["id"] or "")
        for name in ("href", "src"):
            if found.get(name) is not None:
                kind = f"link[{found.get('rel')}]" if tag == "link" else tag
                self.page.links.append((kind, found[name] or ""))
        if tag == "article" and "md-content__inner" in (found.get("class") or ""):
            self.article_depth = 1
            self.main_start = self._offset_after_tag()
        elif tag == "article" and self.article_depth:
            self.article_depth += 1
        if tag == "title":
            self.in_title = True
        if self.article_depth:
            self._start_in_main(tag, found)

    def _start_in_main(self, tag: str, found: dict[str, str | None]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.heading = (int(tag[1]), found.get("id") or "", [])
        elif tag == "table":
            self.table = Table()
        elif tag == "caption":
            self.in_caption = True
        elif tag == "thead":
            self.in_thead = True
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if not self.article_depth:
            return
        if tag == "article":
            self.article_depth -= 1
            if not self.article_depth and self.main_start is not None:
                end = self._offset()
                self.page.main_html = self.source[self.main_start : end].strip()
                self.page.main_text = " ".join(" ".join(self.text).split())
            return
        if self.heading and tag == f"h{self.heading[0]}":
            level, anchor, parts = self.heading
            text = " ".join("".join(parts).split()).removesuffix("#").strip()
            self.page.headings.append((level, anchor, text))
            self.heading = None
        elif tag == "caption":
            self.in_caption = False
        elif tag == "thead":
            self.in_thead = False
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table is not None:
            if self.in_thead:
                self.table.header = self.row
            else:
                self.table.rows.append(self.row)
            self.row = None
        elif tag == "table" and self.table is not None:
            self.page.tables.append(self.table)
            self.table = None

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.page.title += data
        if not self.article_depth:
            return
        self.text.append(data)
        if self.heading:
            self.heading[2].append(data)
        if self.in_caption and self.table is not None:
            self.table.caption += data
        if self.cell is not None:
            self.cell.append(data)

    def _offset(self) -> int:
        line, column = self.getpos()
        lines = self.source.splitlines(keepends=True)
        return sum(len(x) for x in lines[: line - 1]) + column

    def _offset_after_tag(self) -> int:
        start = self._offset()
        return self.source.index(">", start) + 1


def scan(path: Path) -> Page:
    """Read one built page."""
    source = path.read_text(encoding="utf-8")
    page = Page(path)
    scanner = _Scanner(page, source)
    scanner.feed(source)
    scanner.close()
    page.title = " ".join(page.title.split())
    for table in page.tables:
        table.caption = " ".join(table.caption.split())
    return page


def site_pages(site: Path) -> dict[str, Page]:
    """Every page of a built site by its address (`district/goals/reading/`), assets left out."""
    pages = {}
    for path in sorted(site.rglob("index.html")):
        relative = path.parent.relative_to(site).as_posix()
        if relative.startswith("assets"):
            continue
        pages["" if relative == "." else f"{relative}/"] = scan(path)
    return pages
