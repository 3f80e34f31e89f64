"""Validation: loaded data → model objects, or diagnostics at the file:line:column of the problem.

Pydantic does the type checking; this module turns its errors into plansite diagnostics that
point at the key or value concerned, with a hint (a did-you-mean, the field's description).
"""

from __future__ import annotations

import re
import typing
from pathlib import PurePosixPath
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from plansite.codes import PS201, PS202, PS203, PS204, PS205, PS206, PS207, PS208
from plansite.diagnostics import Diagnostic, closest, diagnose
from plansite.fields import SLUG_PATTERN, describe_kind, school_year_start
from plansite.improvement import DriverDiagram, PdsaCycle
from plansite.model import (
    ActionStep,
    Goal,
    MeasureRevision,
    Organization,
    Period,
    PlanFile,
    StrategyGroup,
)
from plansite.nodes import Item, Node, inner_type, iter_nodes, node_fields
from plansite.parse import Path_, SourceFile
from plansite.settings import RuleSettings

FileKind = Literal["organization", "rules", "plan", "goal", "strategies", "driver-diagram", "cycle"]

MODEL_OF_KIND: dict[FileKind, type[Node]] = {
    "organization": Organization,
    "rules": RuleSettings,
    "plan": PlanFile,
    "goal": Goal,
    "strategies": StrategyGroup,
    "driver-diagram": DriverDiagram,
    "cycle": PdsaCycle,
}

FOLDER_KINDS: dict[str, FileKind] = {
    "goals": "goal",
    "strategies": "strategies",
    "drivers": "driver-diagram",
    "cycles": "cycle",
}

N = TypeVar("N", bound=Node)


def classify_plan_file(relative: PurePosixPath) -> FileKind | None:
    """The kind of a file from its place inside plans/: `<plan>/plan.yml`, `<plan>/goals/x.yml`…"""
    parts = relative.parts
    if len(parts) == 2 and parts[1] in ("plan.yml", "plan.yaml"):
        return "plan"
    if len(parts) == 3:
        return FOLDER_KINDS.get(parts[1])
    return None


def validate_source(source: SourceFile, model: type[N]) -> tuple[N | None, list[Diagnostic]]:
    """Validate one loaded file against its model; on success every node knows its position."""
    try:
        node = model.model_validate(source.data)
    except ValidationError as error:
        misplaced = _misplaced_file(source, model)
        if misplaced:
            return None, [misplaced]
        return None, [_diagnostic_for(source, model, e) for e in error.errors(include_url=False)]
    attach_positions(node, source, ())
    return node, check_field_combinations(node)


def _misplaced_file(source: SourceFile, model: type[Node]) -> Diagnostic | None:
    """One clear message for a file that is valid, but as another kind in another folder."""
    fits = [
        kind
        for kind, other in MODEL_OF_KIND.items()
        if other is not model
        and kind not in ("organization", "rules", "plan")
        and _validates(other, source)
    ]
    if len(fits) != 1:
        return None
    folder = next(f for f, k in FOLDER_KINDS.items() if k == fits[0])
    return diagnose(
        PS207,
        source.path,
        1,
        1,
        f"this file is a valid {fits[0].replace('-', ' ')}, but it is not in {folder}/",
        f"move it to the {folder}/ folder of its plan",
    )


def _validates(model: type[Node], source: SourceFile) -> bool:
    try:
        model.model_validate(source.data)
    except ValidationError:
        return False
    return True


def attach_positions(node: BaseModel, source: SourceFile, where: Path_) -> None:
    """Walk a validated node tree, telling each node where it was written."""
    if isinstance(node, Node):
        node.attach(source, where)
    for name in node_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, BaseModel):
            attach_positions(value, source, (*where, name))
        elif isinstance(value, list):
            for index, element in enumerate(value):
                if isinstance(element, BaseModel):
                    attach_positions(element, source, (*where, name, index))


def check_id_matches_name(item: Item, expected: str, what: str) -> list[Diagnostic]:
    """An item's id must equal its file (or folder) name."""
    if item.id == expected:
        return []
    message = f'id "{item.id}" differs from the {what} name "{expected}"'
    return [item.problem(PS205, message, _rename_hint(item.id, expected, what), "id")]


def _rename_hint(item_id: str, name: str, what: str) -> str:
    new_name = f"{item_id}.yml" if what == "file" else item_id
    if re.fullmatch(SLUG_PATTERN, name):
        return (
            f"rename the {what} to {new_name}, or set id: {name} (a published id should not change)"
        )
    return f"rename the {what} to {new_name}; if it is a copy of another {what}, delete it"


def check_field_combinations(node: Node) -> list[Diagnostic]:
    """Keys required only because of another key's value, and ranges that end before they start."""
    problems: list[Diagnostic] = []
    for inner in iter_nodes(node):
        if isinstance(inner, PdsaCycle):
            problems += _check_cycle_links(inner)
        if (
            isinstance(inner, MeasureRevision)
            and inner.field == "annual_target"
            and inner.period is None
        ):
            problems.append(
                inner.problem(
                    PS206,
                    "a revision of an annual_target needs the period whose target changed",
                    "add period: <school year>, e.g. period: 2026-27",
                )
            )
        problems += _check_range(inner)
    return problems


def _check_cycle_links(cycle: PdsaCycle) -> list[Diagnostic]:
    if cycle.purpose == "collect-information":
        if cycle.change_idea is None and cycle.goal is None:
            return [
                cycle.problem(
                    PS206,
                    "an information-gathering cycle needs a goal (or a change_idea)",
                    "add goal: <id of the goal it informs>",
                )
            ]
        return []
    if cycle.change_idea is None:
        return [
            cycle.problem(
                PS206,
                f"a cycle with purpose {cycle.purpose} needs a change_idea",
                "add change_idea: <id of the change idea tested>, or set purpose: collect-information",
            )
        ]
    return []


def _check_range(node: BaseModel) -> list[Diagnostic]:
    if isinstance(node, Period) and school_year_start(node.end) < school_year_start(node.start):
        return [
            node.problem(
                PS208,
                f"the period ends in {node.end}, before it starts in {node.start}",
                "swap start and end, or correct the year",
                *("end",),
            )
        ]
    if (
        isinstance(node, PdsaCycle | ActionStep)
        and node.start
        and node.end
        and node.end < node.start
    ):
        return [
            node.problem(
                PS208,
                f"end {node.end} is before start {node.start}",
                "swap start and end, or correct the date",
                *("end",),
            )
        ]
    return []


# ---------------------------------------------------------------- pydantic errors → diagnostics

_QUOTES = "\u201c\u201d\u2018\u2019\"'"

_SHAPE_ERRORS = {
    "string_type": "text",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "dict_type": "a mapping (key: value lines)",
    "list_type": "a list",
    "float_type": "a number",
    "int_type": "a whole number",
    "date_type": "a date",
}


def _diagnostic_for(source: SourceFile, model: type[Node], error: ErrorDetails) -> Diagnostic:
    loc: Path_ = tuple(error["loc"])
    kind, value = error["type"], error.get("input")
    if kind == "extra_forbidden":
        return _unknown_key(source, model, loc)
    if kind == "missing" or (value is None and kind != "plansite_value"):
        return _missing(source, model, loc, present=kind != "missing")
    line, column = source.position(loc)
    name = str(loc[-1]) if loc and isinstance(loc[-1], str) else _parent_key(loc)
    if kind == "plansite_type" or kind in _SHAPE_ERRORS:
        expected = error.get("ctx", {}).get("expected") or _SHAPE_ERRORS.get(kind, "another shape")
        hint = _shape_hint(expected)
        return diagnose(
            PS203,
            source.path,
            line,
            column,
            f"{name}: expected {expected}, found {describe_kind(value)}",
            hint,
        )
    if kind == "literal_error":
        # Choices from the model; for a mapping of choices (rules.yml severity), from the error.
        choices = _literal_choices(model, loc) or re.findall(
            r"'([^']*)'", str(error.get("ctx", {}).get("expected", ""))
        )
        bare = str(value).strip(_QUOTES)
        close = closest(bare, choices)
        hint = f'did you mean "{close}"?' if close else f"use one of: {', '.join(choices)}"
        if bare in choices:
            hint = f"leave out the curly quotes: {name}: {bare}"
        return diagnose(
            PS204,
            source.path,
            line,
            column,
            f'{name}: "{value}" is not one of: {", ".join(choices)}',
            hint,
        )
    bounds = {"less_than_equal": ("at most", "le"), "greater_than_equal": ("at least", "ge")}
    if kind in bounds:
        words, key = bounds[kind]
        limit = error.get("ctx", {}).get(key)
        return diagnose(
            PS204,
            source.path,
            line,
            column,
            f"{name}: {value} is too far out; it must be {words} {limit}",
            _field_description(model, loc),
        )
    # Custom errors say "what is wrong; how to fix it".
    message, _, how = str(error["msg"]).partition("; ")
    return diagnose(
        PS204,
        source.path,
        line,
        column,
        f"{name}: {message}",
        how or _field_description(model, loc),
    )


def _parent_key(loc: Path_) -> str:
    keys = [str(part) for part in loc if isinstance(part, str)]
    return keys[-1] if keys else "value"


def _shape_hint(expected: str) -> str:
    if expected == "a list":
        return "write each entry on its own line starting with '- ', or use [a, b]"
    if expected.startswith("a mapping"):
        return "indent key: value lines under this key"
    return "write a single value here"


def _unknown_key(source: SourceFile, model: type[Node], loc: Path_) -> Diagnostic:
    key = str(loc[-1])
    line, column = source.position(loc, key=True)
    owner = _model_at(model, loc[:-1])
    allowed = list(owner.model_fields) if owner else []
    close = closest(key, allowed)
    hint = f'did you mean "{close}"?' if close else f"allowed keys here: {', '.join(allowed)}"
    if " " in key.strip() and not close:
        # Text after a comma in a {flow: mapping} becomes a key of its own.
        hint = "this looks like text: inside { } a comma starts a new key, so quote a value that contains a comma"
    return diagnose(PS201, source.path, line, column, f'unknown key "{key}"', hint)


def _missing(source: SourceFile, model: type[Node], loc: Path_, *, present: bool) -> Diagnostic:
    key = str(loc[-1])
    description = _field_description(model, loc)
    if present:
        line, column = source.position(loc)
        message = f'"{key}" has no value'
    else:
        line, column = source.position(loc[:-1])
        owner = _model_at(model, loc[:-1])
        what = f" in this {_kind_name(owner)}" if owner else ""
        message = f'missing required key "{key}"{what}'
    hint = f'add a line "{key}: ..." here' + (
        f" ({_lower_first(description)})" if description else ""
    )
    return diagnose(PS202, source.path, line, column, message, hint)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:].rstrip(".")


def _kind_name(model: type[BaseModel]) -> str:
    kind = getattr(model, "KIND", "")
    if kind and kind != "item":
        return str(kind).replace("-", " ")
    return re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower()


def _model_at(model: type[BaseModel], loc: Path_) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if (
            not (isinstance(current, type) and issubclass(current, BaseModel))
            or part not in current.model_fields
        ):
            return None
        current = inner_type(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_description(model: type[BaseModel], loc: Path_) -> str:
    keys = [p for p in loc if isinstance(p, str)]
    owner = _model_at(model, tuple(keys[:-1])) if keys else None
    if owner is None or keys[-1] not in owner.model_fields:
        return ""
    return owner.model_fields[keys[-1]].description or ""


def _literal_choices(model: type[BaseModel], loc: Path_) -> list[str]:
    keys = tuple(p for p in loc if isinstance(p, str))
    owner = _model_at(model, keys[:-1])
    if owner is None:
        return []
    literal = inner_type(owner.model_fields[keys[-1]].annotation)
    return [str(choice) for choice in typing.get_args(literal)]
