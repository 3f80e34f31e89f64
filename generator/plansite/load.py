"""Loading: find plan files, read their bytes, and refuse what is not clean UTF-8 text.

Encoding and invisible-character problems are found before parsing, with line and column,
then the text goes to the parser (`parse.py`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from plansite.diagnostics import Diagnostic, Severity, diagnose, register
from plansite.parse import SourceFile, parse_yaml

MAX_FILE_BYTES = 1024 * 1024
"""A plan file over 1 MiB is a mistake (or an attack); real ones are a few kilobytes."""

PS101 = register(
    "PS101",
    "file-unreadable",
    Severity.ERROR,
    "The file could not be read from disk.",
    """
    The operating system refused to read the file (permissions, a broken link, a folder where a
    file was expected). Check that the file exists and is readable, then run the check again.
    """,
)
PS102 = register(
    "PS102",
    "file-too-large",
    Severity.ERROR,
    f"The file is larger than {MAX_FILE_BYTES // 1024} KiB.",
    """
    Plan files are small: a goal with its measures is a few kilobytes. A file this large is a
    mistake (a pasted export, a generated file) and is not parsed. Split it, or remove the data
    that does not belong in the plan.
    """,
)
PS103 = register(
    "PS103",
    "not-utf8",
    Severity.ERROR,
    "The file contains bytes that are not valid UTF-8.",
    """
    Plan files must be saved as UTF-8. This usually comes from text pasted from a word processor
    and saved as Windows-1252 or Latin-1. Re-save the file as UTF-8 in your editor and retype the
    character at the position given.
    """,
)
PS104 = register(
    "PS104",
    "tab-indent",
    Severity.ERROR,
    "A tab character is used for indentation.",
    """
    YAML indentation must use spaces; a tab can make a line belong to a different item than it
    appears to. Replace the tab with spaces (two per level in the sample plans).

    ```yaml
    goals:
    ⇥ - reading     # indented with a tab (shown as ⇥): PS104
      - reading     # indented with spaces: fine
    ```
    """,
)
PS105 = register(
    "PS105",
    "invisible-character",
    Severity.ERROR,
    "An invisible or control character is in the file.",
    """
    Characters you cannot see change what a file means: a line separator (U+2028) splits a line
    for the YAML parser but not for your editor, a non-breaking space in indentation is not
    indentation, a byte-order mark in mid-file or a zero-width space ends up in an id, and
    bidirectional controls can make text display differently from what it says. Delete the
    character at the position given (it usually arrives with text pasted from a web page or a
    word processor) and retype what was meant.
    """,
)
_BAD_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
    "\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff]|\r(?!\n)"
)
_BAD_INDENT = re.compile("^[ ]*([\t\u00a0])", re.MULTILINE)


def display_path(path: Path) -> str:
    """A path as diagnostics show it: relative to the working directory when inside it."""
    # abspath, not resolve: a symlinked file is shown where staff see it, not where it points.
    absolute = os.path.abspath(path)  # noqa: PTH100
    here = os.getcwd() + os.sep  # noqa: PTH109
    shown = absolute[len(here) :] if absolute.startswith(here) else absolute
    return shown.replace(os.sep, "/")


def load_yaml_file(path: Path) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Read, decode, scan and parse one file; never raises for bad input."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = (
                f"file is {size / 1024 / 1024:.1f} MiB; the limit is {MAX_FILE_BYTES // 1024} KiB"
            )
            return None, [
                diagnose(
                    PS102,
                    shown,
                    1,
                    0,
                    message,
                    "split the file or remove data that does not belong in a plan",
                )
            ]
        raw = path.read_bytes()
    except OSError as error:
        return None, [
            diagnose(
                PS101,
                shown,
                1,
                0,
                f"cannot read file: {error.strerror or error}",
                "check that the file exists and is readable",
            )
        ]
    return load_yaml_bytes(raw, shown)


def load_yaml_bytes(raw: bytes, shown: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Decode and parse YAML bytes that came from the file shown as `shown`."""
    text, problems = _decode(raw, shown)
    if text is None:
        return None, problems
    problems = _scan_characters(text, shown)
    if problems:
        return None, problems
    return parse_yaml(text, shown)


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
    problems: list[Diagnostic] = []
    if not _BAD_CHARACTERS.search(text) and not _BAD_INDENT.search(text):
        return problems
    for number, line in enumerate(text.split("\n"), start=1):
        indent = _BAD_INDENT.match(line)
        if indent:
            column = indent.start(1) + 1
            if indent.group(1) == "\t":
                problems.append(
                    diagnose(
                        PS104,
                        shown,
                        number,
                        column,
                        "tab used for indentation",
                        "indent with spaces only",
                    )
                )
            else:
                problems.append(
                    diagnose(
                        PS105,
                        shown,
                        number,
                        column,
                        "non-breaking space (U+00A0) used for indentation",
                        "replace it with an ordinary space",
                    )
                )
        for match in _BAD_CHARACTERS.finditer(line):
            char = match.group()
            problems.append(
                diagnose(
                    PS105,
                    shown,
                    number,
                    match.start() + 1,
                    f"invisible character {_describe(char)}",
                    "delete it and retype the text around it",
                )
            )
    return problems


def _describe(char: str) -> str:
    name = unicodedata.name(char, "") or {"\r": "CARRIAGE RETURN"}.get(char, "CONTROL CHARACTER")
    return f"U+{ord(char):04X} ({name.lower()})"


def is_hidden(path: Path) -> bool:
    """Editor backups and hidden files are not plan files."""
    return path.name.startswith(".") or path.name.endswith("~") or path.name.startswith("#")


def walk_yaml_files(root: Path) -> list[Path]:
    """Every .yml/.yaml file under root, in a stable order, skipping hidden folders."""
    found = []
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found += [
            Path(folder) / f
            for f in sorted(files)
            if f.endswith((".yml", ".yaml")) and not is_hidden(Path(f))
        ]
    return found
