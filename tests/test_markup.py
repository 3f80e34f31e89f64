"""Staff Markdown to HTML: headings fit the page's outline, raw HTML is text, links are safe."""

from __future__ import annotations

from plansite.markup import plain_text, render_inline, render_markdown
from plansite.resolve import display_code_order


def test_headings_start_at_the_level_the_field_sits_at() -> None:
    html = render_markdown("# Why\n\nBecause.\n\n## How\n\nSo.", heading_level=2)
    assert "<h2>Why</h2>" in html
    assert "<h3>How</h3>" in html
    assert "<h4>" in render_markdown("## Deep", heading_level=3)
    assert "<h6>Deepest</h6>" in render_markdown("###### Deepest", heading_level=4)


def test_raw_html_shows_as_text_and_never_as_markup() -> None:
    html = render_markdown('<script>alert(1)</script> and <b onclick="x()">bold</b>')
    assert "<script" not in html
    assert "<b" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_links_keep_only_safe_addresses() -> None:
    html = render_markdown("[minutes](https://example.org/m.pdf) [bad](javascript:alert(1))")
    assert '<a href="https://example.org/m.pdf" rel="noopener noreferrer">minutes</a>' in html
    assert "javascript" not in html
    assert ">bad</a>" in html or "bad" in html


def test_a_numbered_list_keeps_its_first_number() -> None:
    assert '<ol start="3">' in render_markdown("3. third\n4. fourth")


def test_inline_markdown_has_no_wrapping_paragraph() -> None:
    assert render_inline("**Strong** start") == "<strong>Strong</strong> start"


def test_plain_text_is_what_a_reader_sees() -> None:
    assert plain_text("Students scoring <40% in **fall**") == "Students scoring <40% in fall"


def test_display_codes_sort_as_numbers() -> None:
    codes = ["1.10", "1.2", "2", "1", "1.B", "1.A", None, "1.²"]
    ordered = sorted(codes, key=display_code_order)
    assert ordered == ["1", "1.2", "1.10", "1.A", "1.B", "1.²", "2", None]
