"""Nodes: the base classes of the plan model, and how to walk a tree of them. No I/O.

Every mapping in a source file becomes a `Node` that remembers where it was written, so any
later stage can point a diagnostic at it; anything with an id of its own is an `Item`.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from plansite.diagnostics import Code, Diagnostic, diagnose
from plansite.fields import Markdown, Slug, Text
from plansite.parse import Path_, SourceFile


@dataclass(frozen=True)
class Location:
    """A 1-based place in a source file."""

    path: str
    line: int
    column: int


def inner_type(annotation: Any) -> Any:
    """Strip Optional, list and Annotated from a field's type, down to the inner type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


@functools.cache
def node_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that hold nodes (directly or in a list), for walking the tree."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if isinstance(inner := inner_type(info.annotation), type) and issubclass(inner, BaseModel)
    )


def iter_nodes(node: BaseModel) -> Iterator[BaseModel]:
    """A node and every node inside it, depth first, in source order."""
    yield node
    for name in node_fields(type(node)):
        value = getattr(node, name)
        children = value if isinstance(value, list) else [value]
        for child in children:
            if isinstance(child, BaseModel):
                yield from iter_nodes(child)


class Node(BaseModel):
    """A mapping in a source file. Unknown keys are refused; values are converted strictly."""

    model_config = ConfigDict(extra="forbid", strict=True)

    _file: SourceFile | None = PrivateAttr(default=None)
    _where: Path_ = PrivateAttr(default=())

    def attach(self, source: SourceFile, where: Path_) -> None:
        """Remember where this node was written, for diagnostics about it."""
        self._file = source
        self._where = where

    def problem(
        self, code: Code, message: str, hint: str, *sub: str | int, key: bool = False
    ) -> Diagnostic:
        """A diagnostic at this node (or a value or key inside it), at the code's severity."""
        where = self.locate(*sub, key=key)
        return diagnose(code, where.path, where.line, where.column, message, hint)

    def locate(self, *sub: str | int, key: bool = False) -> Location:
        """Where this node (or a value inside it) was written."""
        if self._file is None:
            return Location("<memory>", 0, 0)
        line, column = self._file.position((*self._where, *sub), key=key)
        return Location(self._file.path, line, column)


class Waiver(Node):
    """A decision not to apply one alignment rule to one item, with the reason on record."""

    rule: Text = Field(
        description="Code or name of the rule waived, e.g. PS404 or incomplete-measure."
    )
    reason: Markdown = Field(
        description="Why the rule does not apply here, e.g. the baseline is released in November."
    )


class Item(Node):
    """Anything with an id of its own, unique within its plan, that can be linked to."""

    KIND: ClassVar[str] = "item"
    id: Slug = Field(
        description="Lowercase id used in links and page addresses, e.g. early-literacy. Never reuse or change it once published."
    )
    waivers: list[Waiver] = Field(
        [], description="Alignment rules that do not apply to this item, each with its reason."
    )
