"""Printing for board packets: the whole-plan page, printed to PDF by Chromium itself.

Each goal must start a printed page of its own, in the plan's order, and the print view must
carry the content only.
"""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader

from conftest import ROOT
from plansite.pipeline import check_plans

pytestmark = pytest.mark.browser


def goal_headings(plan_id: str) -> list[str]:
    """The heading of each goal of a plan, as the site writes it, in reading order."""
    plan = check_plans(ROOT / "plans", ROOT / "site_config").plan_set.plans[plan_id]
    word = plan.term("goal")
    return [f"{word} {g.code}: {g.title}" if g.code else f"{word}: {g.title}" for g in plan.goals]


def printed_pages(browser: Browser, url: str) -> list[str]:
    """The text of each page of the PDF Chromium prints from url."""
    page = browser.new_page()
    page.goto(url)
    pdf = page.pdf(format="Letter")
    page.close()
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("plan_id", ["district", "lincoln-elementary", "riverbend-high"])
def test_each_goal_starts_a_printed_page_in_order(
    plan_id: str, browser: Browser, base_url: str
) -> None:
    pages = printed_pages(browser, f"{base_url}{plan_id}/print/")
    headings = goal_headings(plan_id)
    first_lines = [text.strip().splitlines()[0].strip() for text in pages if text.strip()]
    assert [line for line in first_lines if line in headings] == headings
    whole = "\n".join(pages)
    positions = [whole.index(heading) for heading in headings]
    assert positions == sorted(positions)


def test_the_print_view_carries_the_content_only(browser: Browser, base_url: str) -> None:
    pages = printed_pages(browser, f"{base_url}district/print/")
    whole = "\n".join(pages)
    assert pages[0].strip().startswith("Riverbend Rising: Strategic Plan 2024-2029")
    assert "Table of contents" not in whole  # no sidebars, navigation or search
    assert "Type to start searching" not in whole
    # A printed link cannot be clicked, so its address is written out.
    assert "(https://www.riverbendusd.example.org/board/minutes/" in whole.replace("\n", "")
