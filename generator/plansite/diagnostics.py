"""Diagnostics: the one problem type, the registry of stable codes, and the reporters.

Every problem plansite finds, from a stray tab to a broken cascade, becomes a `Diagnostic`
with a file, a 1-based line and column, a stable code and a hint. Codes never change meaning;
each is registered once with the documentation that the reference page is generated from.
"""

from __future__ import annotations

import difflib
import json
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How much a problem matters: errors fail a check, warnings fail it only with --strict."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Sort order: errors first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Code:
    """A registered diagnostic code: `PS` + three digits, a slug, and its documentation."""

    code: str
    slug: str
    severity: Severity
    family: str
    summary: str
    doc: str

    @property
    def label(self) -> str:
        """The code and slug as printed, e.g. `PS301 unknown-reference`."""
        return f"{self.code} {self.slug}"


# Families by hundreds, so a code's first digit says which stage found the problem.
FAMILIES: dict[str, str] = {
    "1": "Loading: the file itself (encoding, YAML syntax, limits)",
    "2": "Schema: fields, types and values",
    "3": "References: ids and links between items and plans",
    "4": "Alignment: the plan's chain from vision to PDSA cycles",
    "5": "Content: text and data published on pages",
    "6": "Configuration: files in site_config/",
}

REGISTRY: dict[str, Code] = {}


def register(code: str, slug: str, severity: Severity, summary: str, doc: str) -> Code:
    """Add a code to the registry; a code or slug may be registered only once."""
    if code in REGISTRY or any(c.slug == slug for c in REGISTRY.values()):
        raise ValueError(f"diagnostic code {code} {slug} registered twice")
    if code[2] not in FAMILIES:
        raise ValueError(f"diagnostic code {code} is outside every family")
    entry = Code(code, slug, severity, code[2], summary, textwrap.dedent(doc).strip())
    REGISTRY[code] = entry
    return entry


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place in one file. Line and column are 1-based; 0 means unknown."""

    path: str
    line: int
    column: int
    code: str
    severity: Severity = field(compare=False)
    message: str
    hint: str = field(default="", compare=False)

    @property
    def slug(self) -> str:
        """The code's slug, e.g. `unknown-key`."""
        return REGISTRY[self.code].slug

    @property
    def where(self) -> str:
        """`path:line:column`, leaving out what is unknown."""
        parts = [self.path]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)


def diagnose(
    code: Code, path: str, line: int, column: int, message: str, hint: str = ""
) -> Diagnostic:
    """Make a diagnostic for a registered code at its default severity."""
    return Diagnostic(path, line, column, code.code, code.severity, message, hint)


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name nearest to a misspelt one, when one is near enough to suggest."""
    found = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return found[0] if found else None


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort by file, then position, then code, with exact duplicates removed."""
    return sorted(set(diagnostics))


@dataclass(frozen=True)
class Waived:
    """A finding that a waiver in the source switched off, with the waiver's reason."""

    diagnostic: Diagnostic
    reason: str


@dataclass(frozen=True)
class Summary:
    """What a check looked at and what it found."""

    plans: int
    files: int
    items: int
    diagnostics: Sequence[Diagnostic]
    waived: Sequence[Waived] = ()
    as_of: str = ""
    notes: Sequence[str] = ()

    def count(self, severity: Severity) -> int:
        """How many problems of one severity."""
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def files_with_problems(self) -> int:
        """How many distinct files have at least one problem."""
        return len({d.path for d in self.diagnostics})

    def failed(self, *, strict: bool) -> bool:
        """True when errors were found, or warnings under --strict."""
        return self.count(Severity.ERROR) > 0 or (strict and self.count(Severity.WARNING) > 0)

    def sentence(self) -> str:
        """One line for people: what was checked and what was found."""
        checked = (
            f"checked {_plural(self.plans, 'plan')}, {_plural(self.files, 'file')}, "
            f"{_plural(self.items, 'item')}"
        )
        if self.as_of:
            checked += f", {self.as_of}"
        if self.waived:
            checked += f"; {_plural(len(self.waived), 'finding')} waived"
        if not self.diagnostics:
            return f"No problems: {checked}."
        counts = [
            _plural(self.count(severity), severity.value)
            for severity in Severity
            if self.count(severity)
        ]
        where = _plural(self.files_with_problems, "file")
        return f"{', '.join(counts)} in {where} ({checked})."


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def format_text(summary: Summary) -> str:
    """Human output: one line per problem, its hint indented below, waivers, then the summary."""
    lines: list[str] = []
    for d in summary.diagnostics:
        lines.append(f"{d.where}: {d.severity.value} {d.code} {d.slug}: {d.message}")
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    for w in summary.waived:
        d = w.diagnostic
        lines.append(f"{d.where}: waived {d.code} {d.slug}: {d.message}")
        lines.append(f"    reason: {_one_line(w.reason)}")
    lines += [f"note: {note}" for note in summary.notes]
    lines.append(summary.sentence())
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _as_object(d: Diagnostic) -> dict[str, object]:
    return {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "code": d.code,
        "slug": d.slug,
        "severity": d.severity.value,
        "message": d.message,
        "hint": d.hint,
    }


def format_json(summary: Summary) -> str:
    """Machine output: every problem as an object, the waived findings, and the counts."""
    payload = {
        "diagnostics": [_as_object(d) for d in summary.diagnostics],
        "waived": [{**_as_object(w.diagnostic), "reason": w.reason} for w in summary.waived],
        "notes": list(summary.notes),
        "summary": {
            "plans": summary.plans,
            "files": summary.files,
            "items": summary.items,
            "errors": summary.count(Severity.ERROR),
            "warnings": summary.count(Severity.WARNING),
            "infos": summary.count(Severity.INFO),
            "waived": len(summary.waived),
            "as_of": summary.as_of,
        },
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(summary: Summary) -> str:
    """GitHub Actions workflow commands, so problems appear on the pull request's lines."""
    lines = []
    for d in summary.diagnostics:
        props = [f"file={_escape_property(d.path)}"]
        if d.line:
            props.append(f"line={d.line}")
        if d.column:
            props.append(f"col={d.column}")
        props.append(f"title={_escape_property(f'{d.code} {d.slug}')}")
        text = d.message + (f"\nhint: {d.hint}" if d.hint else "")
        lines.append(f"::{_GITHUB_LEVEL[d.severity]} {','.join(props)}::{_escape_data(text)}")
    lines += [f"note: {note}" for note in summary.notes]
    lines.append(summary.sentence())
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    # GitHub's toolkit escapes exactly these in a command's message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


REPORTERS = {"text": format_text, "json": format_json, "github": format_github}


def render_code_reference() -> str:
    """The Markdown reference page of every code but the alignment rules, grouped by family."""
    out = [
        "# Diagnostic codes",
        "",
        "<!-- Generated by `plansite codes --format markdown`; do not edit by hand. -->",
        "",
        "Every problem `plansite check` reports carries one of these codes. A code never",
        "changes meaning. Severity is the default; errors fail the check, warnings fail it",
        "with `--strict`.",
    ]
    for family, title in FAMILIES.items():
        if family == "4":
            out += ["", f"## {title}", "", "See the [alignment rules](rules.md) reference."]
            continue
        codes = [c for c in sorted(REGISTRY.values(), key=lambda c: c.code) if c.family == family]
        if not codes:
            continue
        out += ["", f"## {title}"]
        for c in codes:
            out += ["", f"### {c.code} {c.slug}", "", f"*{c.severity.value}*: {c.summary}", ""]
            out.append(c.doc)
    return "\n".join(out) + "\n"
