"""The loader keeps what staff typed, refuses what YAML would hide, and says where."""

from __future__ import annotations

import pytest

from plansite.load import load_yaml_bytes


def load(text: str) -> dict[str, object]:
    source, problems = load_yaml_bytes(text.encode("utf-8"), "plan.yml")
    assert problems == []
    assert source is not None and source.data is not None
    return source.data


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("no", "no"),
        ("on", "on"),
        ("0755", "0755"),
        ("1:30", "1:30"),
        ("2024-06-18", "2024-06-18"),
        ("2024-25", "2024-25"),
        ("1e3", "1e3"),
        ("0x1F", "0x1F"),
        ("41.50", "41.50"),
        ("'quoted: yes'", "quoted: yes"),
        ('"null"', "null"),
    ],
)
def test_scalars_are_read_as_the_text_typed(typed: str, kept: str) -> None:
    assert load(f"value: {typed}\n") == {"value": kept}


@pytest.mark.parametrize("typed", ["", "~", "null", "Null", "NULL"])
def test_plain_empty_and_null_words_mean_no_value(typed: str) -> None:
    assert load(f"value: {typed}\n") == {"value": None}


def test_block_text_is_kept_with_its_line_breaks() -> None:
    assert load("mission: |\n  Every child.\n  Every day.\n") == {
        "mission": "Every child.\nEvery day.\n"
    }


def test_positions_of_keys_and_values_are_one_based() -> None:
    source, _ = load_yaml_bytes(b"id: a\nmeasures:\n  - id: m\n    name:   M\n", "g.yml")
    assert source is not None
    assert source.position(("measures", 0, "name")) == (4, 13)
    assert source.position(("measures", 0, "name"), key=True) == (4, 5)
    # A missing key points at its parent mapping.
    assert source.position(("measures", 0, "baseline")) == (3, 5)


def test_a_byte_order_mark_at_the_start_is_accepted() -> None:
    source, problems = load_yaml_bytes("\ufeffid: a\n".encode(), "g.yml")
    assert problems == []
    assert source is not None and source.data == {"id": "a"}


def test_windows_line_endings_keep_line_numbers() -> None:
    source, problems = load_yaml_bytes(b"id: a\r\ntitle: b\r\n", "g.yml")
    assert problems == []
    assert source is not None and source.position(("title",)) == (2, 8)


def test_a_billion_laughs_is_refused_at_its_first_anchor() -> None:
    bomb = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    source, problems = load_yaml_bytes(bomb.encode(), "bomb.yml")
    assert source is None
    assert [(p.line, p.code) for p in problems][:3] == [(1, "PS108"), (2, "PS108"), (2, "PS108")]


def test_every_bad_byte_line_is_reported() -> None:
    _, problems = load_yaml_bytes(b"a: caf\xe9\nb: ok\nc: na\xefve\n", "g.yml")
    assert [(p.line, p.column, p.code) for p in problems] == [(1, 7, "PS103"), (3, 6, "PS103")]


def test_lone_carriage_return_is_reported_since_yaml_breaks_the_line_there() -> None:
    _, problems = load_yaml_bytes(b"a: one\rb: two\n", "g.yml")
    assert [(p.line, p.column, p.code) for p in problems] == [(1, 7, "PS105")]
