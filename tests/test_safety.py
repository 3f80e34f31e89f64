"""Hostile text in a plan reaches the published site as text, never as markup.

The fixture `fixtures/hostile/` is a small valid project in which every kind of item that has
a Markdown field appears at least once. The test copies it and, guided by the model's field
types, replaces every Markdown value with scripts, event handlers, `javascript:` links, styles
and attribute lists, every plain-text value (titles, names, roles) with text that would close
a tag or an attribute if it were printed raw, and every web address with one that tries to
leave its `href`. Then it runs a real `mkdocs build` and reads every page as a browser would:
as a tree of elements, not as a string to grep.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from conftest import FIXTURES, ROOT
from plansite.diagnostics import Severity
from plansite.fields import Markdown, Text, Url
from plansite.model import Organization
from plansite.nodes import iter_nodes
from plansite.parse import parse_yaml
from plansite.pipeline import check_plans
from plansite.validate import MODEL_OF_KIND, classify_plan_file

AS_OF = "2026-12-01"
SITE_NAME = "Hostile test site"

# ---------------------------------------------------------------- payloads

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = "<svg onload=alert(1)>"
ATTRIBUTE_LIST = '{: onclick="alert(1)" }'
TEMPLATE = "{{ 7*191 }}"
"""Would print 1337 if a value were ever rendered as a Jinja template."""


def markdown_payload(marker: str) -> str:
    """Markdown that tries every way staff text could become markup."""
    return "\n\n".join(
        [
            f"{marker} wrote this.",
            SCRIPT,
            IMG,
            SVG,
            '<iframe src="https://evil.example/"></iframe>',
            '<p style="color:red">styled</p>',
            "<style>body { display: none }</style>",
            '<div onclick="alert(1)">a block of HTML</div>',
            '<form action="javascript:alert(1)"><button>go</button></form>',
            'Inline <a href="javascript:alert(1)">x</a> and <b onmouseover="alert(1)">bold</b>.',
            "[click](javascript:alert(1)) [c2](JaVaScRiPt:alert(1)) [c3](<javascript:alert(1)>)"
            " [c4](&#106;avascript:alert(1)) [c5](java&#x09;script:alert(1))"
            " [c6](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"
            ' [c7](vbscript:msgbox(1)) [c8](javascript:alert(1) "a title")',
            "![x](javascript:alert(1)) ![pixel](https://evil.example/pixel.png)",
            "A [reference link][evil].\n\n[evil]: javascript:alert(1)",
            f"A paragraph that ends with an attribute list.\n{ATTRIBUTE_LIST}",
            'Emphasis with attributes *here*{: onmouseover="alert(1)" style="color:red" }.',
            '### A heading {: onclick="alert(1)" }',
            "| a | b |\n|:--|--:|\n| <script>alert(1)</script> | [t](javascript:alert(1)) |",
            f"`<script>alert(1)</script>` as code, and {TEMPLATE}.",
        ]
    )


def text_payload(marker: str) -> str:
    """Plain text that closes the title, a tag or an attribute if it is printed unescaped."""
    return f"{marker} says </title>{SCRIPT}{IMG} \"><svg onload=alert(1)> ' onmouseover='alert(1)' & {TEMPLATE}"


URL_PAYLOAD = 'https://example.org/minutes.pdf"onmouseover="alert(1)"><script>alert(1)</script>'
"""A web address is only checked for its start and for spaces: the rest must stay in its href."""

KEEP = {("Waiver", "rule")}
"""Plain-text fields left as written: a waiver must name a real rule, or the check fails."""

NOT_PUBLISHED = {
    ("Waiver", "reason"),  # printed in the build log
    ("Subgroup", "description"),
    ("RuleSettings", "restricted_funds"),  # rules.yml, which the fixture does not have
}
"""Fields the site does not show, so their escaping is not tested here."""

# ---------------------------------------------------------------- the model's field types


def unwrap(annotation: Any) -> Any:
    """A field's type without Optional and list, keeping Annotated (Markdown is Annotated)."""
    while typing.get_origin(annotation) in (list, typing.Union, types.UnionType):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


def is_alias(annotation: Any, alias: Any) -> bool:
    """Whether a type is the field type `alias` (Markdown, Text...), told apart by identity."""
    have = getattr(annotation, "__metadata__", ())
    want = alias.__metadata__
    return len(have) >= len(want) and all(a is b for a, b in zip(have, want, strict=False))


def field_types(model: type[BaseModel]) -> dict[str, Any]:
    hints = typing.get_type_hints(model, include_extras=True)
    return {name: unwrap(hints[name]) for name in model.model_fields}


def is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def all_models() -> set[type[BaseModel]]:
    """Every model class a source file can contain, found from the file models down."""
    found: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [Organization, *MODEL_OF_KIND.values()]
    while todo:
        model = todo.pop()
        if model not in found:
            found.add(model)
            todo += [t for t in field_types(model).values() if is_model(t)]
    return found


def fields_of(alias: Any) -> set[tuple[str, str]]:
    """(class, field) for every field of the model whose type is `alias`."""
    return {
        (model.__name__, name)
        for model in all_models()
        for name, annotation in field_types(model).items()
        if is_alias(annotation, alias)
    }


MARKDOWN_FIELDS = fields_of(Markdown)
TEXT_FIELDS = fields_of(Text)

# ---------------------------------------------------------------- the hostile project


PAYLOADS: list[tuple[Any, Callable[[str], str]]] = [
    (Markdown, markdown_payload),
    (Text, text_payload),
    (Url, lambda _: URL_PAYLOAD),
]


def hostile(value: Any, annotation: Any, where: tuple[str, str]) -> Any:
    """A value with its Markdown, text and web addresses replaced by payloads."""
    if isinstance(value, list):
        return [hostile(v, annotation, where) for v in value]
    if isinstance(value, dict) and is_model(annotation):
        return inject(value, annotation)
    if isinstance(value, str) and where not in KEEP:
        for alias, payload in PAYLOADS:
            if is_alias(annotation, alias):
                return payload(".".join(where))
    return value


def inject(data: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    types_ = field_types(model)
    return {key: hostile(v, types_[key], (model.__name__, key)) for key, v in data.items()}


def model_of(relative: PurePosixPath) -> type[BaseModel]:
    if relative.parts[0] == "site_config":
        return Organization
    kind = classify_plan_file(PurePosixPath(*relative.parts[1:]))
    assert kind is not None, relative
    return MODEL_OF_KIND[kind]


def mkdocs_yml() -> str:
    """The repository's own site configuration (theme, plugins, extensions), for this project."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("nav", None)
    config["site_name"] = SITE_NAME
    config["strict"] = False
    config["theme"]["custom_dir"] = str(ROOT / "theme")
    config["plugins"] = [
        {"plansite": {"as_of": AS_OF}} if isinstance(p, dict) and "plansite" in p else p
        for p in config["plugins"]
    ]
    return yaml.safe_dump(config, sort_keys=False)


def make_project(root: Path) -> None:
    """The hostile fixture with payloads in every value that could carry them.

    The files are read with plansite's own parser (every scalar as text) and written back as
    JSON, which is YAML too, so no payload needs quoting by hand.
    """
    shutil.copytree(FIXTURES / "hostile", root)
    for path in sorted(root.rglob("*.yml")):
        relative = PurePosixPath(path.relative_to(root).as_posix())
        source, problems = parse_yaml(path.read_text(encoding="utf-8"), str(relative))
        assert source is not None, problems
        data = inject(source.data, model_of(relative))
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(mkdocs_yml(), encoding="utf-8")


# ---------------------------------------------------------------- reading pages as a browser does

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass(eq=False)
class Element:
    """One element of a parsed page; attribute values are already HTML-unescaped."""

    tag: str
    attrs: list[tuple[str, str | None]]
    children: list[Element | str] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        return next((v for k, v in self.attrs if k == name), None)

    @property
    def classes(self) -> list[str]:
        return (self.get("class") or "").split()

    def iter(self) -> Iterator[Element]:
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str) -> list[Element]:
        return [e for e in self.iter() if e.tag == tag]

    def text(self) -> str:
        """The text a reader sees (or a script holds)."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def describe(self) -> str:
        attrs = "".join(f' {k}="{v}"' if v is not None else f" {k}" for k, v in self.attrs)
        return f"<{self.tag}{attrs}>{self.text()[:80]!r}"


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [])
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, attrs)
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse_html(text: str) -> Element:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def main_content(page: Element) -> Element:
    """Material's <article>, which holds the page's content."""
    (article,) = [e for e in page.find_all("article") if "md-content__inner" in e.classes]
    return article


URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite"}
)
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")


def is_dangerous_url(value: str) -> bool:
    """Whether a browser would run or render this address (it ignores spaces and controls)."""
    return re.sub(r"[\x00-\x20]", "", value).lower().startswith(DANGEROUS_SCHEMES)


EMBEDDED = frozenset(
    {"script", "style", "iframe", "frame", "object", "embed", "img", "svg", "math", "form"}
    | {"link", "meta", "base"}
)
"""Elements that run code, load or show something from elsewhere, or restyle the page."""
MATERIAL_CHROME = frozenset({"script", "svg", "form", "link", "meta"})
"""What material puts around the content: its scripts, icons, search box and page head."""


CHART_ELEMENTS = frozenset(
    {"svg", "title", "desc", "line", "polyline", "circle", "rect", "path", "text"}
)
"""What plansite's own charts (`<svg class="ps-chart">`) are drawn with; their attributes are
still checked like any other."""


def chart_elements(root: Element) -> set[int]:
    """The elements of plansite's own charts under root, by identity."""
    charts = [e for e in root.iter() if e.tag == "svg" and "ps-chart" in e.classes]
    return {id(e) for chart in charts for e in chart.iter() if e.tag in CHART_ELEMENTS}


def live_markup(root: Element, allowed: frozenset[str] = frozenset()) -> list[str]:
    """Every element or attribute under root that could run code or restyle the page."""
    found = []
    ours = chart_elements(root)
    for e in root.iter():
        if e.tag in EMBEDDED - allowed and id(e) not in ours:
            found.append(e.describe())
        for name, value in e.attrs:
            if name.startswith("on") or name == "style":
                found.append(f"{name} on {e.describe()}")
            if name in URL_ATTRIBUTES and value and is_dangerous_url(value):
                found.append(f"{name}={value!r} on {e.describe()}")
    return found


MATERIAL_BUNDLE = re.compile(
    r"(/|(\.\./)*)assets/javascripts/(bundle\.[0-9a-f]+\.min|plansite)\.js"
)
"""The script files a page loads: material's bundle, and theme/assets/javascripts/plansite.js
(keyboard access material leaves out); mkdocs.yml adds no extra_javascript."""


def material_inline_scripts() -> list[re.Pattern[str]]:
    """Material's own inline scripts, from its templates, with template expressions as wildcards."""
    folder = files("material") / "templates" / "partials" / "javascripts"
    sources = [f.read_text(encoding="utf-8") for f in folder.iterdir() if f.name.endswith(".html")]
    bodies = [b for s in sources for b in re.findall(r"<script>(.*?)</script>", s, re.DOTALL)]
    assert bodies, "material's inline scripts have moved"
    return [
        re.compile('[^"<]*'.join(re.escape(part) for part in re.split(r"\{\{.*?\}\}", body)))
        for body in bodies
    ]


@dataclass
class Built:
    """The built hostile site: every HTML page, parsed, by its path under site/."""

    root: Path
    pages: dict[str, Element]

    def page(self, address: str) -> Element:
        return self.pages[f"{address}index.html"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("safety") / "project"
    make_project(root)
    return root


@pytest.fixture(scope="module")
def built(project: Path) -> Built:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(Path(sys.executable).parent / "mkdocs"), "build"]
    done = subprocess.run(
        command, cwd=project, capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    site = project / "site"
    pages = {
        p.relative_to(site).as_posix(): parse_html(p.read_text(encoding="utf-8"))
        for p in sorted(site.rglob("*.html"))
    }
    return Built(project, pages)


# ---------------------------------------------------------------- the fixture covers the model


def test_every_markdown_field_of_the_model_carries_the_payload(project: Path) -> None:
    result = check_plans(project / "plans", project / "site_config", dt.date.fromisoformat(AS_OF))
    assert not result.summary.count(Severity.ERROR), result.summary.diagnostics
    plan_set = result.plan_set
    assert plan_set.organization is not None
    roots: list[BaseModel] = [plan_set.organization]
    for plan in plan_set.plans.values():
        roots += [plan.meta, *plan.goals, *plan.strategies, *plan.driver_diagrams, *plan.cycles]
    carried = {
        (type(node).__name__, name)
        for root in roots
        for node in iter_nodes(root)
        for name in type(node).model_fields
        if (type(node).__name__, name) in MARKDOWN_FIELDS
        and SCRIPT in str(getattr(node, name) or "")
    }
    assert sorted(MARKDOWN_FIELDS - carried) == [], "add these fields to fixtures/hostile/"
    # The types are told apart: a statement is Markdown, a title is plain text.
    assert {("Goal", "statement"), ("CycleAct", "next_steps"), ("Waiver", "reason")} <= carried
    assert ("Goal", "title") in TEXT_FIELDS - MARKDOWN_FIELDS


# ---------------------------------------------------------------- nothing runs


def test_the_site_was_built_with_every_kind_of_page(built: Built) -> None:
    assert "index.html" in built.pages
    for address in (
        "district/",
        "district/goals/reading/",
        "district/strategies/structured-literacy/",
        "district/learnings/",
        "district/alignment/",
        "lincoln/drivers/reading-drivers/",
        "lincoln/change-ideas/book-bags/",
        "lincoln/cycles/book-bags-1/",
        "lincoln/cycles/book-bags-2/",
    ):
        assert f"{address}index.html" in built.pages


def test_no_script_runs_but_the_themes_own(built: Built) -> None:
    known = material_inline_scripts()
    foreign = []
    for name, page in built.pages.items():
        for script in page.find_all("script"):
            src, body = script.get("src"), script.text()
            if src is not None:
                ok = bool(MATERIAL_BUNDLE.fullmatch(src))
            elif script.get("id") == "__config":
                ok = script.get("type") == "application/json" and bool(json.loads(body))
            else:
                ok = any(p.fullmatch(body) for p in known)
            if not ok:
                foreign.append(f"{name}: {script.describe()}")
        assert not main_content(page).find_all("script"), name
    assert foreign == []


def test_no_event_handler_style_or_embedded_content_reaches_a_page(built: Built) -> None:
    found = []
    for name, page in built.pages.items():
        found += [f"{name}: {f}" for f in live_markup(main_content(page))]
        # Material's header, navigation and table of contents carry plan titles too.
        found += [f"{name}: {f}" for f in live_markup(page, MATERIAL_CHROME)]
    assert found == []


def test_no_value_was_run_as_a_template(built: Built) -> None:
    for name, page in built.pages.items():
        assert "1337" not in page.text(), name


# ---------------------------------------------------------------- the text is still there


def test_a_hostile_title_shows_literally_in_the_heading_and_the_window_title(
    built: Built,
) -> None:
    goal = built.page("district/goals/reading/")
    title = text_payload("Goal.title")
    (h1,) = main_content(goal).find_all("h1")
    window = goal.find_all("title")[0]  # the page's; charts carry titles of their own
    assert title in h1.text()
    assert title in window.text()
    assert window.text().endswith(f" - {SITE_NAME}")
    strategy = built.page("district/strategies/structured-literacy/")
    (h1,) = main_content(strategy).find_all("h1")
    assert text_payload("Strategy.title") in h1.text()
    nav_links = [a.text() for a in goal.find_all("a") if "md-nav__link" in a.classes]
    assert any(title in text for text in nav_links)


def test_hostile_markdown_shows_as_text_and_its_links_lose_their_address(built: Built) -> None:
    goal = built.page("district/goals/reading/")
    (statement,) = [e for e in goal.iter() if "ps-statement" in e.classes]
    text = statement.text()
    for payload in (SCRIPT, IMG, SVG, '<p style="color:red">styled</p>', ATTRIBUTE_LIST):
        assert payload in text
    links = {a.text(): a.get("href") for a in statement.find_all("a")}
    expected = {"click", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "reference link", "t"}
    assert links == dict.fromkeys(expected)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_published_markdown_field_shows_its_payload_as_text(built: Built) -> None:
    content = squeeze("".join(main_content(page).text() for page in built.pages.values()))
    missing = {
        f
        for f in MARKDOWN_FIELDS - NOT_PUBLISHED
        if squeeze(f"{'.'.join(f)} wrote this. {SCRIPT} {IMG} {SVG}") not in content
    }
    assert missing == set()


def test_every_published_text_field_shows_its_payload_as_text(built: Built) -> None:
    everything = "".join(page.text() for page in built.pages.values())
    missing = {
        f for f in TEXT_FIELDS - KEEP - NOT_PUBLISHED if text_payload(".".join(f)) not in everything
    }
    assert missing == set()


ESCAPED_TWICE = re.compile(r"&(?:lt|gt|amp|quot|#\d+);")
"""An entity left in the text a reader sees: the value was escaped twice."""


def test_text_is_escaped_once(built: Built) -> None:
    """A reader sees `<` and `&`, never `&lt;` or `&amp;`."""
    found = []
    for name, page in built.pages.items():
        for e in page.iter():
            texts = [c for c in e.children if isinstance(c, str)] + [v or "" for _, v in e.attrs]
            found += [f"{name}: {t[:80]!r}" for t in texts if ESCAPED_TWICE.search(t)]
    assert found == []


def test_a_hostile_web_address_stays_inside_its_link(built: Built) -> None:
    overview = built.page("district/")
    minutes = [a for a in main_content(overview).find_all("a") if a.text() == "minutes"]
    assert [a.get("href") for a in minutes] == [URL_PAYLOAD, URL_PAYLOAD]


# ---------------------------------------------------------------- search


def test_the_search_index_holds_no_live_markup(built: Built) -> None:
    index = json.loads(
        (built.root / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    )
    found = []
    for doc in index["docs"]:
        for key in ("title", "text"):
            shown = parse_html(doc[key])  # material puts both into its results as HTML
            found += [f"{doc['location']} {key}: {f}" for f in live_markup(shown)]
            if ESCAPED_TWICE.search(shown.text()):
                found.append(f"{doc['location']} {key} escaped twice: {shown.text()[:80]!r}")
    assert found == []
    goal = [d for d in index["docs"] if d["location"].startswith("district/goals/reading/")]
    assert any(text_payload("Goal.title") in parse_html(d["title"]).text() for d in goal)
    assert any(SCRIPT in parse_html(d["text"]).text() for d in goal)
