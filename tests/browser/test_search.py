"""Search works offline: the index ships with the site and the browser searches it locally."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser


def test_a_word_from_a_goals_statement_finds_that_goal(browser: Browser, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url)
    search = page.get_by_role("combobox", name="Search").or_(page.locator("input.md-search__input"))
    search.first.click()
    # Typed key by key: material reads the query on keyup, which fill() never sends.
    search.first.press_sequentially("DIBELS composite")
    results = page.locator("a.md-search-result__link")
    expect(results.first).to_be_visible(timeout=10_000)
    addresses = results.evaluate_all("links => links.map(link => link.href)")
    assert any(address.endswith("/district/goals/early-literacy/") for address in addresses)
    assert all(url.startswith(base_url) for url in requests), "search asked another host"
    page.close()
