"""The real-browser gate: every page of the sample, at 1280x800 and at 320x640, in Chromium.

Run it alone with `pytest -m browser`. At both sizes each page must pass axe-core's WCAG 2.0
and 2.1 A and AA rules with every <details> open, fit the viewport's width, let a keyboard
reach every box that scrolls, name its dialogs and regions, skip from the first tab stop to its
title, load nothing from another host and log no error.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from conftest import FIXTURES

from .checks import (
    Violation,
    Watch,
    axe_violations,
    check_focus_visible,
    check_names,
    check_overflow,
    check_scroll_boxes,
    check_skip_link,
    open_all_details,
    run_axe,
    start_axe,
)
from .conftest import Tally
from .sitebuild import BuiltSite, serving

pytestmark = pytest.mark.browser


def open_page(context: BrowserContext, url: str, *, wait: bool = True) -> tuple[Page, Watch]:
    """A new tab at url, its requests and console watched from before it starts loading.

    Without wait, returns once the page starts loading: wait_for_load_state("load") after."""
    page = context.new_page()
    watch = Watch(urlsplit(url).netloc)
    watch.attach(page)
    page.goto(url, wait_until="load" if wait else "commit")
    return page, watch


@dataclass
class View:
    """One page open at one viewport, and what the gate found there."""

    viewport: str
    page: Page
    watch: Watch
    problems: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)

    def report(self) -> list[str]:
        """Everything found, in words, each line naming the viewport."""
        found = [v.describe() for v in self.violations] + self.problems
        found += [f"request to another host: {url}" for url in self.watch.foreign_requests]
        found += self.watch.console_errors
        return [f"at {self.viewport}: {line}" for line in found]


def test_every_page_passes_the_gate(
    address: str, contexts: dict[str, BrowserContext], base_url: str, tally: Tally
) -> None:
    url = base_url + address
    views = [View(name, *open_page(context, url, wait=False)) for name, context in contexts.items()]
    try:
        run_gate(views)
    finally:
        for view in views:
            view.page.close()
    count(tally, address, views)
    report = [line for view in views for line in view.report()]
    assert not report, f"/{address}:\n" + "\n".join(report)


def test_the_gate_fails_on_text_without_contrast(
    sample: BuiltSite, contexts: dict[str, BrowserContext], tmp_path: Path
) -> None:
    """The sample with a theme tweak making body text #999 on white, served at a sub-path."""
    folder = shutil.copytree(sample.folder, tmp_path / "site")
    with (folder / "assets" / "stylesheets" / "plansite.css").open("a", encoding="utf-8") as css:
        css.write((FIXTURES / "contrast-failure" / "theme-tweak.css").read_text(encoding="utf-8"))
    tweaked = BuiltSite(folder, "/board/plans/", sample.pages)
    with serving(tweaked) as url:
        assert url.endswith("/board/plans/")
        goal = url + "district/goals/early-literacy/"
        view = View("desktop", *open_page(contexts["desktop"], goal))
        try:
            run_gate([view])
        finally:
            view.page.close()
    contrast = [v for v in view.violations if v.rule == "color-contrast"]
    assert contrast, "the gate missed grey body text:\n" + "\n".join(view.report())
    assert any("foreground color: #999999" in summary for _, summary in contrast[0].nodes)
    assert "at desktop: color-contrast (serious)" in "\n".join(view.report())


def run_gate(views: list[View]) -> None:
    """Check one page at each of its viewports; the findings go into each view."""
    for view in views:
        view.page.wait_for_load_state("load")  # the viewports' pages load at once
        view.problems += check_skip_link(view.page)
        open_all_details(view.page)
        view.problems += check_overflow(view.page) + check_scroll_boxes(view.page)
        view.problems += check_names(view.page)
        start_axe(view.page)  # the viewports' axe runs overlap, each in its own process
    for view in views:
        view.violations = axe_violations(view.page)
        view.page.wait_for_load_state("networkidle")  # the search index loads after the page


def count(tally: Tally, address: str, views: list[View]) -> None:
    """Add one page's findings to the session's summary."""
    tally.addresses.add(address)
    for view in views:
        tally.page_views += 1
        tally.violations += len(view.violations)
        tally.foreign_requests += len(view.watch.foreign_requests)
        tally.console_errors += len(view.watch.console_errors)


FOCUS_WALKS = ("", "district/goals/early-literacy/", "reference/source-format/")
"""Pages tabbed through stop by stop: the home page, a goal page, a staff page with tables."""


@pytest.mark.parametrize("walked", FOCUS_WALKS, ids=[page or "home" for page in FOCUS_WALKS])
def test_every_tab_stop_shows_where_the_focus_is(
    walked: str, viewport: str, contexts: dict[str, BrowserContext], base_url: str
) -> None:
    page, _ = open_page(contexts[viewport], base_url + walked)
    try:
        stops, problems = check_focus_visible(page)
    finally:
        page.close()
    assert stops > 10, f"/{walked} at {viewport}: only {stops} tab stops"
    assert not problems, f"/{walked} at {viewport}:\n" + "\n".join(problems)


def test_the_open_search_dialog_passes_with_its_results(
    viewport: str, contexts: dict[str, BrowserContext], base_url: str
) -> None:
    """axe and the name checks, with the search dialog open over results (the page check
    sees it closed)."""
    page, watch = open_page(contexts[viewport], base_url)
    try:
        page.locator("input.md-search__input").focus()
        page.keyboard.type("reading")
        page.locator(".md-search-result__item").first.wait_for(state="visible")
        problems = check_scroll_boxes(page) + check_names(page)
        violations = run_axe(page)
    finally:
        page.close()
    report = [v.describe() for v in violations] + problems + watch.console_errors
    assert not report, f"search at {viewport}:\n" + "\n".join(report)


def test_a_keyboard_opens_and_closes_the_navigation_on_a_phone(
    contexts: dict[str, BrowserContext], base_url: str
) -> None:
    page, _ = open_page(contexts["phone"], base_url + "district/goals/early-literacy/")
    try:
        menu = page.get_by_role("button", name="Navigation")
        link = page.locator(".md-sidebar--primary a.md-nav__link").first
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")
        expect(menu).to_be_focused()
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(link).to_be_hidden()  # closed, its links are out of sight and out of the tab order
        page.keyboard.press("Enter")
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(link).to_be_visible()
        page.keyboard.press("Escape")
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(menu).to_be_focused()
        expect(link).to_be_hidden()
    finally:
        page.close()
