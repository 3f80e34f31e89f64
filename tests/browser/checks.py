"""What the browser gate checks on one loaded page: axe-core, overflow, scroll boxes, names,
requests and console errors. Each check returns the problems it found, in words."""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Error, Page, Request

AXE_SCRIPT = Path(str(importlib.resources.files("axe_playwright_python") / "axe.min.js"))
"""axe-core as axe-playwright-python bundles it (4.12.1 in 0.1.8); loaded into each page."""

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


@dataclass
class Violation:
    """One failed axe-core rule on a page, with every element that fails it."""

    rule: str
    impact: str
    help: str
    nodes: list[list[str]]
    """[CSS selector, axe's failure summary] of each failing element."""

    def describe(self) -> str:
        """The rule, its impact and every failing element, one per line."""
        lines = [f"{self.rule} ({self.impact}): {self.help}"]
        for target, summary in self.nodes:
            lines.append(f"    {target}: {' '.join(summary.split())}")
        return "\n".join(lines)


@dataclass
class Watch:
    """Requests to other hosts and console errors, recorded from the moment a page opens."""

    origin: str
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        """Listen to the page's requests, console and uncaught errors."""
        page.on("request", self._on_request)
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def _on_request(self, request: Request) -> None:
        url = urlsplit(request.url)
        # data: and blob: URLs name no host; every http(s)/ws request must go to the test server.
        if url.scheme in {"http", "https", "ws", "wss"} and url.netloc != self.origin:
            self.foreign_requests.append(request.url)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"console: {message.text} ({message.location['url']})")

    def _on_page_error(self, error: Error) -> None:
        self.console_errors.append(f"uncaught: {error.message}")


def open_all_details(page: Page) -> None:
    """Open every <details>, so axe sees what a reader sees after clicking them."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


def run_axe(page: Page) -> list[Violation]:
    """Run axe-core with the WCAG 2.0 and 2.1 A and AA rules; every violation it reports."""
    start_axe(page)
    return axe_violations(page)


def start_axe(page: Page) -> None:
    """Load axe-core into the page and start it, without waiting for it to finish.

    Pages in different browser contexts run in different processes, so two can be checked at
    once (axe's contrast rule takes most of the gate's time)."""
    page.add_script_tag(path=AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": list(WCAG_TAGS)}, "resultTypes": ["violations"]}
    page.evaluate(
        # axe.run does most of its work before it returns: start it from a timer, so this
        # call returns at once.
        """(options) => { window.__plansiteAxe = new Promise(resolve => setTimeout(() => resolve(
            axe.run(document, options).then(results => results.violations.map(v => ({
                rule: v.id, impact: v.impact || "", help: v.help,
                nodes: v.nodes.map(n => [n.target.join(" "), n.failureSummary || ""]),
            })))
        ))); }""",
        options,
    )


def axe_violations(page: Page) -> list[Violation]:
    """Wait for the axe run start_axe began; every violation it found."""
    found = page.evaluate("() => window.__plansiteAxe")
    return [Violation(v["rule"], v["impact"], v["help"], v["nodes"]) for v in found]


def check_overflow(page: Page) -> list[str]:
    """The page must not scroll sideways; if it does, name the elements that stick out."""
    found = page.evaluate(_OVERFLOW_JS)
    if found is None:
        return []
    width, viewport, culprits = found["width"], found["viewport"], found["culprits"]
    return [f"page is {width} px wide in a {viewport} px viewport: {culprits} stick out"]


def check_scroll_boxes(page: Page) -> list[str]:
    """Every box that scrolls can be reached by keyboard; tab stops and regions have names."""
    return list(page.evaluate(_in_page(_SCROLL_BOXES_JS)))


def check_skip_link(page: Page) -> list[str]:
    """The first Tab shows a link that skips to the page's title, and Enter follows it."""
    page.keyboard.press("Tab")
    first = page.evaluate(_in_page(_FIRST_STOP_JS))
    if first["problem"]:
        return [f"skip link: {first['problem']}"]
    page.keyboard.press("Enter")
    target = page.evaluate(_in_page(_SKIP_TARGET_JS), first["href"])
    return [f"skip link: {target}"] if target else []


def check_focus_visible(page: Page, limit: int = 400) -> tuple[int, list[str]]:
    """Tab through the whole page: each stop must be on screen and drawn with a focus ring.

    Returns how many tab stops there were, and the problems found."""
    problems: list[str] = []
    for stop in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_in_page(_FOCUSED_JS))
        if focused["done"]:
            return stop, problems
        problems += [f"tab stop {stop + 1}, {focused['where']}: {p}" for p in focused["problems"]]
    return limit, [*problems, f"still tabbing after {limit} stops: a keyboard trap?"]


def check_names(page: Page) -> list[str]:
    """Every dialog and every region has an accessible name."""
    return list(page.evaluate(_in_page(_NAMES_JS)))


def _in_page(body: str) -> str:
    """A function for page.evaluate: the shared helpers, then body, which may use `arg`."""
    return "async (arg) => {\n" + _SHARED_JS + body + "\n}"


# Helpers shared by the in-page checks: a readable selector, rendered, tabbable, named.
_SHARED_JS = """
const describe = (el) => {
  const parts = [];
  for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
    let part = e.tagName.toLowerCase();
    if (e.id) { parts.unshift(part + "#" + e.id); break; }
    const classes = [...e.classList].slice(0, 2);
    if (classes.length) part += "." + classes.join(".");
    parts.unshift(part);
  }
  return parts.join(" > ");
};
const rendered = (el) => {
  if (!el.getClientRects().length) return false;
  const style = getComputedStyle(el);
  return style.visibility !== "hidden" && !el.closest("[inert]");
};
const NATIVE = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, '
  + 'iframe, summary, audio[controls], video[controls], [contenteditable=""], '
  + '[contenteditable="true"]';
const tabbable = (el) => {
  const index = el.getAttribute("tabindex");
  if (index !== null && Number(index) < 0) return false;
  if (el.disabled) return false;
  return (index !== null || el.matches(NATIVE)) && rendered(el);
};
// Let the transitions a focus starts (material fades the skip link in) finish first.
const settle = async (el) => {
  const running = [];
  for (let e = el; e; e = e.parentElement) {
    running.push(...e.getAnimations().filter(a => a.effect?.getComputedTiming().endTime !== Infinity));
  }
  await Promise.all(running.map(a => a.finished.catch(() => null)));
};
const onScreen = (el) => {
  const box = el.getBoundingClientRect();
  if (!(box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth)) return false;
  let opacity = 1;
  for (let e = el; e; e = e.parentElement) {
    const style = getComputedStyle(e);
    opacity *= Number(style.opacity);
    // The root's overflow belongs to the viewport, which the box was checked against above.
    if (e !== el && e !== document.documentElement && style.overflow !== "visible") {
      const clip = e.getBoundingClientRect();
      if (box.right <= clip.left || box.left >= clip.right
          || box.bottom <= clip.top || box.top >= clip.bottom) return false;
    }
  }
  return opacity > 0.5 && getComputedStyle(el).visibility === "visible";
};
// Focus may start a transition or a script (material opens search when its box is focused):
// the element must be on screen within half a second.
const shown = async (el) => {
  await settle(el);
  for (let frame = 0; frame < 30 && !onScreen(el); frame++) {
    await new Promise(resolve => requestAnimationFrame(resolve));
  }
  return onScreen(el);
};
const nameOf = (el) => {
  const label = (el.getAttribute("aria-label") || "").trim();
  if (label) return label;
  const ids = (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
  return ids.map(id => (document.getElementById(id)?.textContent || "").trim()).join(" ").trim();
};
"""

_SCROLL_BOXES_JS = """
  const problems = [];
  for (const el of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    const scrolls = /auto|scroll/;
    const sideways = scrolls.test(style.overflowX) && el.scrollWidth > el.clientWidth;
    const upDown = scrolls.test(style.overflowY) && el.scrollHeight > el.clientHeight;
    if (!(sideways || upDown) || !rendered(el)) continue;
    const stop = tabbable(el);
    const where = describe(el) + ` (scrolls ${sideways ? "sideways" : "up and down"}, `
      + `${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`;
    if (!stop && ![...el.querySelectorAll("*")].some(tabbable)) {
      problems.push(where + ": a keyboard cannot reach it (no tabindex, nothing focusable inside)");
    }
    const region = (el.getAttribute("role") || "").split(/\\s+/).includes("region");
    if ((stop || region) && !nameOf(el)) {
      problems.push(where + ": a tab stop or region without aria-label or aria-labelledby");
    }
  }
  return problems;
"""

_NAMES_JS = """
  const problems = [];
  for (const el of document.querySelectorAll('[role~="dialog"], dialog, [role~="region"]')) {
    if (!nameOf(el)) problems.push(describe(el) + ": a dialog or region without a name");
  }
  return problems;
"""

_FIRST_STOP_JS = """
  const el = document.activeElement;
  if (!el || !el.matches("a[href^='#']")) {
    return { problem: `the first tab stop is ${el ? describe(el) : "nothing"}, not a skip link` };
  }
  if (!await shown(el)) {
    return { problem: `${describe(el)} is focused but not shown` };
  }
  return { problem: "", href: el.getAttribute("href") };
"""

_FOCUSED_JS = """
  const el = document.activeElement;
  window.__plansiteSeen ??= new WeakSet();
  if (!el || el === document.body || window.__plansiteSeen.has(el)) return { done: true };
  window.__plansiteSeen.add(el);
  const problems = [];
  if (!await shown(el)) problems.push("focused but not on screen");
  const style = getComputedStyle(el);
  const transparent = /^(transparent|rgba\\(.*,\\s*0\\))$/.test(style.outlineColor);
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1 && !transparent;
  if (!ring && style.boxShadow === "none") problems.push("no focus ring (outline or box-shadow)");
  return { done: false, where: describe(el), problems };
"""

_SKIP_TARGET_JS = """
  const href = arg;
  const target = document.getElementById(decodeURIComponent(href.slice(1)));
  if (!target) return `it points to ${href}, which is not on the page`;
  const title = document.querySelector(".md-content h1");
  if (target !== title) return `it points to ${href}, not to the page's title (its h1)`;
  if (location.hash !== href) return `Enter did not follow it (the address ends in "${location.hash}")`;
  return "";
"""

_OVERFLOW_JS = """
() => {
  const width = document.documentElement.scrollWidth, viewport = window.innerWidth;
  if (width <= viewport) return null;
  const clipped = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      if (getComputedStyle(e).overflowX !== "visible") return true;
    }
    return false;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > viewport + 0.5 && !culprits.some(c => c.contains(el)) && !clipped(el)) {
      culprits.push(el);
    }
  }
  const names = culprits.slice(0, 5).map(el => {
    const classes = [...el.classList].slice(0, 2).join(".");
    return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (classes ? "." + classes : "");
  });
  return { width, viewport, culprits: names.join(", ") };
}
"""
