"""The theme's copies of mkdocs-material partials stay material's, but for what they add."""

from __future__ import annotations

from importlib.resources import files

from conftest import ROOT

NAMES_ADDED = {
    '<div class="md-search" data-md-component="search" role="dialog">': (
        '<div class="md-search" data-md-component="search" role="dialog"'
        " aria-label=\"{{ lang.t('search') }}\">"
    ),
    '<div class="md-search__scrollwrap" tabindex="0" data-md-scrollfix>': (
        '<div class="md-search__scrollwrap" tabindex="0" role="region"'
        ' aria-label="Search results" data-md-scrollfix>'
    ),
}


def test_the_search_partial_is_materials_with_two_names() -> None:
    material = (files("material") / "templates" / "partials" / "search.html").read_text("utf-8")
    ours = (ROOT / "theme" / "partials" / "search.html").read_text(encoding="utf-8")
    expected = material.split("-#}\n", 1)[1]
    for theirs, named in NAMES_ADDED.items():
        assert theirs in expected, f"material's search.html changed: {theirs} is gone"
        expected = expected.replace(theirs, named)
    assert ours.split("-#}\n", 1)[1] == expected, (
        "material's partials/search.html changed: copy it to theme/partials/ again and add the "
        "names in NAMES_ADDED"
    )
