"""Loading: find plan files, read their bytes, and refuse what is not clean UTF-8 text.

Encoding and invisible-character problems are found before parsing, with line and column,
then the text goes to the parser (`parse.py`).
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

from plansite.codes import MAX_FILE_BYTES, PS101, PS102, PS103, PS104, PS105
from plansite.diagnostics import Diagnostic, diagnose
from plansite.parse import SourceFile, parse_yaml

_BAD_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
    "\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff]|\r(?!\n)"
)
# A non-breaking space where YAML needs a space (after a key's colon or a list dash, or between
# a key and its colon) makes the line text instead of a key. Elsewhere it is legitimate text.
_BAD_SPACE = re.compile(
    "^[ ]*(?:-[ ]+)?(?:-\u00a0|[A-Za-z_][A-Za-z0-9_]*(?::\u00a0|\u00a0+:))", re.MULTILINE
)
_BAD_INDENT = re.compile("^[ ]*([\t\u00a0])", re.MULTILINE)


MAX_PROBLEMS_PER_FILE = 20
"""Past this many character problems in one file, the rest are counted, not listed."""


def display_path(path: Path) -> str:
    """A path as diagnostics show it: relative to the working directory when inside it."""
    # abspath, not resolve: a symlinked file is shown where staff see it, not where it points.
    absolute = os.path.abspath(path)  # noqa: PTH100
    here = os.getcwd() + os.sep  # noqa: PTH109
    shown = absolute[len(here) :] if absolute.startswith(here) else absolute
    return readable_name(shown).replace(os.sep, "/")


def readable_name(name: str) -> str:
    """A file name with any bytes that are not UTF-8 escaped (\\xe9), so it can be printed."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def load_yaml_file(path: Path) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Read, decode, scan and parse one file; never raises for bad input."""
    shown = display_path(path)
    try:
        raw = _read_regular_file(path, shown)
    except _RefusedError as refused:
        return None, [refused.diagnostic]
    return load_yaml_bytes(raw, shown)


class _RefusedError(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def _read_regular_file(path: Path, shown: str) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A pipe or a device would block or never end; only ordinary files are plan files.
            raise _RefusedError(
                diagnose(
                    PS101,
                    shown,
                    1,
                    0,
                    "this is not an ordinary file (a pipe, device or folder)",
                    "replace it with an ordinary .yml file",
                )
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise _RefusedError(
            diagnose(
                PS101,
                shown,
                1,
                0,
                f"cannot read file: {error.strerror or error}",
                "check that the file exists and is readable",
            )
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        size = max(info.st_size, len(raw))
        message = f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes (1 MiB)"
        raise _RefusedError(
            diagnose(
                PS102,
                shown,
                1,
                0,
                message,
                "split the file or remove data that does not belong in a plan",
            )
        )
    return raw


def load_yaml_bytes(raw: bytes, shown: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Decode and parse YAML bytes that came from the file shown as `shown`."""
    text, problems = _decode(raw, shown)
    if text is None:
        return None, _capped(problems)
    problems = _scan_characters(text, shown)
    if problems:
        return None, _capped(problems)
    return parse_yaml(text, shown)


def _capped(problems: list[Diagnostic]) -> list[Diagnostic]:
    """At most MAX_PROBLEMS_PER_FILE problems, then one line that counts the rest."""
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    rest = problems[MAX_PROBLEMS_PER_FILE:]
    first = rest[0]
    more = f"...and {len(rest)} more problems like these in this file (not listed)"
    summary = Diagnostic(
        first.path, first.line, first.column, first.code, first.severity, more, first.hint
    )
    return [*problems[:MAX_PROBLEMS_PER_FILE], summary]


def _decode(raw: bytes, shown: str) -> tuple[str | None, list[Diagnostic]]:
    # A byte-order mark at the very start is what some Windows editors write; it is harmless.
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    problems = []
    for number, line in enumerate(body.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            column = len(line[: error.start].decode("utf-8", "replace")) + 1
            bad = line[error.start : error.start + 1].hex()
            problems.append(
                diagnose(
                    PS103,
                    shown,
                    number,
                    column,
                    f"byte 0x{bad} is not valid UTF-8",
                    "re-save the file as UTF-8 and retype the character here",
                )
            )
    return None, problems


def _scan_characters(text: str, shown: str) -> list[Diagnostic]:
    # Cheap membership tests first: almost every file has no tab and no non-breaking space.
    odd_spaces = "\t" in text or "\u00a0" in text
    if not _BAD_CHARACTERS.search(text) and not (
        odd_spaces and (_BAD_INDENT.search(text) or _BAD_SPACE.search(text))
    ):
        return []
    problems: list[Diagnostic] = []
    for number, line in enumerate(text.split("\n"), start=1):
        # A Windows line ending is fine; only a carriage return elsewhere is a problem.
        line = line.removesuffix("\r")  # noqa: PLW2901
        problems += _indentation_problems(line, number, shown)
        for match in _BAD_SPACE.finditer(line):
            column = match.start() + match.group().index("\u00a0") + 1
            problems.append(
                diagnose(
                    PS105,
                    shown,
                    number,
                    column,
                    "non-breaking space (U+00A0) where YAML needs an ordinary space",
                    "replace it with an ordinary space (it often comes with text pasted from a word processor)",
                )
            )
        for match in _BAD_CHARACTERS.finditer(line):
            problems.append(
                diagnose(
                    PS105,
                    shown,
                    number,
                    match.start() + 1,
                    f"invisible character {_describe(match.group())}",
                    "delete it and retype the text around it",
                )
            )
    return problems


def _indentation_problems(line: str, number: int, shown: str) -> list[Diagnostic]:
    indent = _BAD_INDENT.match(line)
    if not indent:
        return []
    column = indent.start(1) + 1
    if indent.group(1) == "\t":
        return [
            diagnose(
                PS104, shown, number, column, "tab used for indentation", "indent with spaces only"
            )
        ]
    return [
        diagnose(
            PS105,
            shown,
            number,
            column,
            "non-breaking space (U+00A0) used for indentation",
            "replace it with an ordinary space",
        )
    ]


def _describe(char: str) -> str:
    name = unicodedata.name(char, "") or {"\r": "CARRIAGE RETURN"}.get(char, "CONTROL CHARACTER")
    return f"U+{ord(char):04X} ({name.lower()})"


def is_ignored(name: str) -> bool:
    """Hidden files, editor backups and lock files are nobody's plan files."""
    return name.startswith((".", "#", "~$")) or name.endswith(("~", ".swp", ".bak"))


def walk_files(root: Path) -> list[Path]:
    """Every file under root, in a stable order, skipping hidden folders and editor leftovers."""
    found = []
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found += [Path(folder) / f for f in sorted(files) if not is_ignored(f)]
    return found
