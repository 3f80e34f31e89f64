"""Fixtures of the real-browser gate: the sample site built once and served at the path of its
`site_url`, and Debian's Chromium driven by Playwright. No browser is ever downloaded.

Tests here are marked `browser`. Without /usr/bin/chromium they are skipped, with the command
that installs it, except in CI (the `CI` variable set), where they fail: CI runs the whole suite.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ViewportSize, sync_playwright

from conftest import ROOT

from .sitebuild import BuiltSite, build_site, serving

CHROMIUM = Path("/usr/bin/chromium")
INSTALL = "apt-get install -y chromium fonts-dejavu-core"
VIEWPORTS = {
    "desktop": ViewportSize(width=1280, height=800),
    "phone": ViewportSize(width=320, height=640),
}


@dataclass
class Tally:
    """What the gate checked in this session, for the summary at the end of the run."""

    page_views: int = 0
    addresses: set[str] = field(default_factory=set)
    violations: int = 0
    foreign_requests: int = 0
    console_errors: int = 0


TALLY = pytest.StashKey[Tally]()
SAMPLE = pytest.StashKey[BuiltSite]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[TALLY] = Tally()


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip browser tests without Chromium, with how to install it; in CI, fail them instead."""
    if item.get_closest_marker("browser") is None or CHROMIUM.is_file():
        return
    if os.environ.get("CI"):
        pytest.fail(
            f"{CHROMIUM} is missing, and CI must run the browser tests: `.ci/run` installs it "
            f"(`{INSTALL}`); install it before running pytest",
            pytrace=False,
        )
    pytest.skip(f"needs Debian's Chromium at {CHROMIUM}: sudo {INSTALL}")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests that take `address` run once per page of the sample; `viewport`, once per size."""
    if "viewport" in metafunc.fixturenames:
        metafunc.parametrize("viewport", list(VIEWPORTS))
    if "address" in metafunc.fixturenames:
        pages = sample_site_once(metafunc.config).pages
        metafunc.parametrize("address", pages, ids=[page or "home" for page in pages])


def sample_site_once(config: pytest.Config) -> BuiltSite:
    """The repository's site (mkdocs.yml, plans, theme) built once a session, in a temp folder.

    Built while collecting, since the tests are parametrized by the pages it has."""
    if SAMPLE not in config.stash:
        scratch = Path(tempfile.mkdtemp(prefix="plansite-browser-"))
        config.add_cleanup(lambda: shutil.rmtree(scratch, ignore_errors=True))
        config.stash[SAMPLE] = build_site(ROOT, scratch / "site")
    return config.stash[SAMPLE]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    tally = terminalreporter.config.stash[TALLY]
    if tally.page_views:
        terminalreporter.write_sep("-", "browser gate")
        terminalreporter.write_line(
            f"{tally.page_views} page views checked ({len(tally.addresses)} pages x {len(VIEWPORTS)} "
            f"viewports): {tally.violations} axe violations, {tally.foreign_requests} foreign "
            f"requests, {tally.console_errors} console errors"
        )


@pytest.fixture(scope="session")
def tally(request: pytest.FixtureRequest) -> Tally:
    """The session's running counts, printed at the end of the run."""
    return request.config.stash[TALLY]


@pytest.fixture(scope="session")
def sample(request: pytest.FixtureRequest) -> BuiltSite:
    """The sample site, built by real MkDocs from the repository's mkdocs.yml."""
    return sample_site_once(request.config)


@pytest.fixture(scope="session")
def base_url(sample: BuiltSite) -> Iterator[str]:
    """The sample served on 127.0.0.1 at its site_url path, e.g. http://127.0.0.1:PORT/."""
    with serving(sample) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, once a session."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def contexts(browser: Browser) -> Iterator[dict[str, BrowserContext]]:
    """One browser context per viewport, shared by every page opened at that size."""
    made = {name: new_context(browser, name) for name in VIEWPORTS}
    yield made
    for context in made.values():
        context.close()


def new_context(browser: Browser, viewport: str) -> BrowserContext:
    """A context at one of VIEWPORTS' sizes, with animations off so colours are final."""
    return browser.new_context(viewport=VIEWPORTS[viewport], reduced_motion="reduce")
