"""Parsing: YAML text → plain data, refusing what YAML would hide; positions on demand.

Every scalar is kept as the text staff typed (the schema converts it), so YAML 1.1 surprises
(`no` → false, `0755` → 493, `1:30` → 5400, dates) cannot happen. Anchors, aliases, merge keys
and tags are refused, so there are no alias bombs and nothing is hidden.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
import yaml.cyaml

from plansite.codes import (
    MAX_DEPTH,
    PS106,
    PS107,
    PS108,
    PS109,
    PS110,
    PS111,
    PS112,
    PS113,
    PS114,
    PS115,
    PS117,
)
from plansite.diagnostics import Code, Diagnostic, diagnose

NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
"""Plain scalars that mean "no value", as in YAML 1.2's core schema."""

Path_ = tuple[str | int, ...]
"""Where a value sits inside a document: keys and list indexes from the top."""


# A "#" right after a space, followed by a non-space: a comment that may have been meant as text.
_HASH_AFTER_SPACE = re.compile(r"[ \t]#[^\s#]")


@dataclass
class SourceFile:
    """A loaded YAML file: its data (scalars as text), and where each key and value stands.

    Positions are worked out on first use, by parsing the text again while recording them:
    a clean file never needs them, so a clean check of thousands of files does not pay for them.
    """

    path: str
    data: dict[str, Any]
    text: str
    _values: dict[Path_, tuple[int, int]] = field(default_factory=dict, repr=False)
    _keys: dict[Path_, tuple[int, int]] = field(default_factory=dict, repr=False)

    def position(self, where: Path_, *, key: bool = False) -> tuple[int, int]:
        """The 1-based (line, column) of a value (or its key), or of its nearest parent."""
        if not self._values:
            builder = _TreeBuilder(self.path, record=True)
            _run_parser(self.text, builder)
            self._values, self._keys = builder.values, builder.keys
        for end in range(len(where), -1, -1):
            found = (self._keys.get(where[:end]) if key else None) or self._values.get(where[:end])
            if found:
                return found
        return (1, 1)


_SYNTAX_HINTS = {
    "mapping values are not allowed": 'quote a value that contains ": " (e.g. title: "Goal 1: reading"), or check that this line is indented like the lines around it',
    "could not find expected ':'": "check this line's indentation against the line above; a key needs a colon",
    "did not find expected key": "check this line's indentation; keys of one mapping start in the same column",
    "did not find expected '-' indicator": "list items must all start with '- ' in the same column",
    "found unexpected end of stream": "a quote or bracket is not closed",
    "found character that cannot start any token": "put the value in quotes",
}
_CURLY_QUOTES = "\u201c\u201d\u2018\u2019"
_SPECIAL_START = re.compile(r"^\s*(?:-\s+)?(?:[A-Za-z_][\w-]*:\s+)?([*&!@`%|>\[{])")
_APOSTROPHE_IN_SINGLE_QUOTES = re.compile(r":\s+'[^']*'[^\s,}\]#]")


def _syntax_diagnostic(error: yaml.YAMLError, shown: str, text: str) -> Diagnostic:
    mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 0)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = problem
    if context and context_mark is not None and context_mark.line + 1 != line:
        message += f" ({context} that starts on line {context_mark.line + 1})"
    elif context:
        message += f" ({context})"
    lines = text.split("\n")
    suspects = [
        lines[n]
        for n in {line - 2, line - 1, (context_mark.line if context_mark else -1)}
        if 0 <= n < len(lines)
    ]
    return diagnose(
        PS106, shown, line, column, message, _syntax_hint(problem, suspects, context_mark)
    )


def _syntax_hint(problem: str, suspects: list[str], context_mark: Any) -> str:
    """The likeliest cause of a syntax error, from the lines around it."""
    if any(q in line for line in suspects for q in _CURLY_QUOTES):
        return "replace curly quotes (\u201c \u201d \u2018 \u2019) with straight quotes (\" or ')"
    if any(_APOSTROPHE_IN_SINGLE_QUOTES.search(line) for line in suspects):
        return "inside '...' write an apostrophe twice ('Lincoln''s goal'), or use double quotes"
    special = next((m.group(1) for line in suspects if (m := _SPECIAL_START.match(line))), None)
    if special and special not in "|>[{":
        return (
            f'a value that starts with {special} must be put in quotes, e.g. title: "{special}..."'
        )
    if "expected ',' or" in problem and context_mark is not None:
        return f"a [ or {{ opened on line {context_mark.line + 1} is not closed, or a value inside it needs quotes"
    return next(
        (h for key, h in _SYNTAX_HINTS.items() if key in problem),
        "fix the YAML syntax at this position",
    )


def parse_yaml(text: str, shown: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Parse one document into data (scalars as text), or report why it cannot be used."""
    builder = _TreeBuilder(shown, record=False)
    builder.watch_comments(text)
    try:
        _run_parser(text, builder)
    except yaml.YAMLError as error:
        return None, [*builder.diagnostics, _syntax_diagnostic(error, shown, text)]
    return builder.finish(text)


def _run_parser(text: str, builder: _TreeBuilder) -> None:
    parser = _LOADER(text)
    try:
        event = parser.get_event()
        while not isinstance(event, yaml.StreamEndEvent):
            builder.feed(event)
            event = parser.get_event()
    finally:
        parser.dispose()


# LibYAML's parser is several times faster than the pure-Python one; both give the same events.
# Only the parser is wanted: a full Loader also builds a resolver and constructor per file.
_LOADER: Any = yaml.cyaml.CParser if yaml.__with_libyaml__ else yaml.SafeLoader  # type: ignore[attr-defined]

_DISCARD = object()
"""Marks a key whose value is refused and so not kept."""


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    where: Path_
    kept: bool
    key: Any = None
    seen: dict[str, int] = field(default_factory=dict)


class _TreeBuilder:
    """Builds plain data from parser events, refusing YAML features; can record positions."""

    def __init__(self, shown: str, *, record: bool) -> None:
        self.shown = shown
        self.record = record
        self.diagnostics: list[Diagnostic] = []
        self.stack: list[_Frame] = []
        self.root: Any = _DISCARD
        self.documents = 0
        self.too_deep_reported = False
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.lines: list[str] | None = None

    def watch_comments(self, text: str) -> None:
        """Look for comments that cut plain values short, when the text has any candidates."""
        if "#" in text and _HASH_AFTER_SPACE.search(text):
            self.lines = text.split("\n")

    def check_trailing_comment(self, event: Any) -> None:
        assert self.lines is not None
        end = event.end_mark
        rest = self.lines[end.line][end.column :] if end.line < len(self.lines) else ""
        if re.match(r"[ \t]+#[^\s#]", rest):
            comment = rest.strip()
            self.error(
                PS117,
                end,
                f'"{comment}" is read as a comment, so the value ends at "{event.value}"',
                f'put the whole value in quotes: "{event.value} {comment}"; for a comment, write "# " with a space',
            )

    def error(self, code: Code, mark: Any, message: str, hint: str) -> None:
        self.diagnostics.append(
            diagnose(code, self.shown, mark.line + 1, mark.column + 1, message, hint)
        )

    def feed(self, event: Any) -> None:
        kind = type(event)
        if self.documents > 1 and kind is not yaml.DocumentStartEvent:
            return
        # Most events are scalars, so they are tested first; this is the loader's hot path.
        if kind is yaml.ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                self.check_node_features(event)
            value = None if not event.style and event.value in NULL_WORDS else event.value
            if self.lines is not None and not event.style and value is not None:
                self.check_trailing_comment(event)
            self.place(value, event.start_mark)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                self.check_node_features(event)
            container: dict[str, Any] | list[Any] = {} if kind is yaml.MappingStartEvent else []
            where = self.place(container, event.start_mark)
            self.stack.append(_Frame(container, where or (), kept=where is not None))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.stack.pop()
        elif kind is yaml.AliasEvent:
            self.error(
                PS108,
                event.start_mark,
                f"alias *{event.anchor} is not allowed",
                "write the value out in full",
            )
            self.place(None, event.start_mark)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents == 2:
                self.error(
                    PS112,
                    event.start_mark,
                    "a second YAML document starts here",
                    "keep one item per file; move this document to a file of its own",
                )

    def check_node_features(self, event: Any) -> None:
        if event.anchor is not None:
            self.error(
                PS108,
                event.start_mark,
                f"anchor &{event.anchor} is not allowed",
                "write the value out in full where it is needed",
            )
        if event.tag is not None and event.tag != "!":
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.error(
                PS110,
                event.start_mark,
                f"tag {tag} is not allowed",
                "remove the tag; quote the value if it must stay text",
            )

    def place(self, value: Any, mark: Any) -> Path_ | None:
        """Put a value where the parser is; return its path, or None when it is not kept."""
        if not self.stack:
            self.root = value
            self.values[()] = (mark.line + 1, mark.column + 1)
            return ()
        frame = self.stack[-1]
        if type(frame.container) is list:
            return self.keep(frame, len(frame.container), value, mark)
        if frame.key is None:
            self.take_key(frame, value, mark)
            return None
        key, frame.key = frame.key, None
        if key is _DISCARD:
            return None
        return self.keep(frame, key, value, mark)

    def keep(self, frame: _Frame, key: str | int, value: Any, mark: Any) -> Path_ | None:
        if not frame.kept:
            return None
        if len(self.stack) > MAX_DEPTH:
            if not self.too_deep_reported:
                self.too_deep_reported = True
                self.error(
                    PS111,
                    mark,
                    f"nesting is deeper than {MAX_DEPTH} levels",
                    "check the indentation; plan files need far fewer levels",
                )
            return None
        container = frame.container
        if type(container) is list:
            container.append(value)
        else:
            container[key] = value  # type: ignore[index]
        if not self.record:
            return ()
        where = (*frame.where, key)
        self.values[where] = (mark.line + 1, mark.column + 1)
        return where

    def take_key(self, frame: _Frame, key: Any, mark: Any) -> None:
        if not isinstance(key, str) or key == "":
            frame.key = _DISCARD
            self.error(
                PS115, mark, "a key must be a field name", "check the indentation of this line"
            )
        elif key == "<<":
            frame.key = _DISCARD
            self.error(
                PS109, mark, "merge key << is not allowed", "write the merged keys out in full"
            )
        elif key in frame.seen:
            frame.key = _DISCARD
            self.error(
                PS107,
                mark,
                f'key "{key}" appears twice: on line {frame.seen[key]} and here',
                "delete or rename one of them",
            )
        else:
            frame.seen[key] = mark.line + 1
            frame.key = key
            if self.record and frame.kept:
                self.keys[(*frame.where, key)] = (mark.line + 1, mark.column + 1)

    def finish(self, text: str) -> tuple[SourceFile | None, list[Diagnostic]]:
        if self.root is _DISCARD or self.root is None:
            if not self.diagnostics:
                self.diagnostics.append(
                    diagnose(
                        PS113,
                        self.shown,
                        1,
                        0,
                        "file has no content",
                        "fill it in, or delete the file",
                    )
                )
            return None, self.diagnostics
        if not isinstance(self.root, dict):
            line, column = self.values[()]
            found = "a list" if isinstance(self.root, list) else "a single value"
            self.diagnostics.append(
                diagnose(
                    PS114,
                    self.shown,
                    line,
                    column,
                    f"the file is {found}, not a mapping of keys to values",
                    "start the file with keys such as id: and title: at the left margin",
                )
            )
            return None, self.diagnostics
        if self.diagnostics:
            # Parts were refused, so the data is not what the file says; it is not handed on.
            return None, self.diagnostics
        return SourceFile(self.shown, self.root, text), []
