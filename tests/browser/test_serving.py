"""The browser tests' server puts a site at the path of its `site_url`, as the real host does."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .sitebuild import BuiltSite, serving, site_pages, site_url_path


def fetch(url: str) -> int:
    """The HTTP status of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 -- our own server
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_a_site_is_served_at_its_path_and_nowhere_else(tmp_path: Path) -> None:
    (tmp_path / "goals" / "reading").mkdir(parents=True)
    (tmp_path / "index.html").write_text("<h1>Plans</h1>", encoding="utf-8")
    (tmp_path / "goals" / "reading" / "index.html").write_text("<h1>Reading</h1>", encoding="utf-8")
    assert site_pages(tmp_path) == ("", "goals/reading/")
    with serving(BuiltSite(tmp_path, "/board/plans/", site_pages(tmp_path))) as url:
        assert url.endswith("/board/plans/")
        assert fetch(url) == 200
        assert fetch(url + "goals/reading/") == 200
        assert fetch(url.removesuffix("board/plans/")) == 404
        assert fetch(url.removesuffix("board/plans/") + "goals/reading/") == 404


@pytest.mark.parametrize(
    ("site_url", "path"),
    [
        ("https://plans.example.org/", "/"),
        ("https://example.org/board/plans", "/board/plans/"),
        ("https://example.org/board/plans/", "/board/plans/"),
        (None, "/"),
    ],
)
def test_the_path_is_site_urls(tmp_path: Path, site_url: str | None, path: str) -> None:
    config = "site_name: Plans\n" + (f"site_url: {site_url}\n" if site_url else "")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert site_url_path(tmp_path / "mkdocs.yml") == path
