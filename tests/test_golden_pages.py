"""Golden pages: the main content of one goal, one strategy and one cycle page, as published.

A change to templates or wording shows up here as a readable diff. When the change is meant,
rewrite the files with `pytest tests/test_golden_pages.py --update-golden` and review the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from htmlscan import scan

GOLDEN = Path(__file__).resolve().parent / "golden"

PAGES = {
    "goal-early-literacy.html": "district/goals/early-literacy",
    "strategy-structured-literacy-k3.html": "district/strategies/structured-literacy-k3",
    "cycle-book-bags-2.html": "lincoln-elementary/cycles/book-bags-2",
}


def normalised(html: str) -> str:
    """One tag-ish chunk per line, without the indentation MkDocs adds, for readable diffs."""
    lines = (line.strip() for line in re.sub(r">\s*<", ">\n<", html).splitlines())
    return "\n".join(line for line in lines if line) + "\n"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_main_content_matches_the_golden_file(
    name: str, sample_site: Path, update_golden: bool
) -> None:
    actual = normalised(scan(sample_site / PAGES[name] / "index.html").main_html)
    golden = GOLDEN / name
    if update_golden:
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden file yet: run pytest {__file__} --update-golden"
    assert actual == golden.read_text(encoding="utf-8")
