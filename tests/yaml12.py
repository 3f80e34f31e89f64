"""Read YAML the way editors do (YAML 1.2 core schema), to test the JSON Schema as they use it.

The yaml-language-server types `41.5` as a number and `2024-25`, `no` and `on` as strings. This
loader does the same, so the schema test sees each file as an editor sees it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML with YAML 1.2 core-schema typing instead of YAML 1.1's."""


Yaml12Loader.yaml_implicit_resolvers = {}
_RESOLVERS = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
]
for tag, pattern, first in _RESOLVERS:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), first)


def _construct_int(loader: Yaml12Loader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text, 10)


def _construct_float(loader: Yaml12Loader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node)).lower()
    return float(text.replace(".inf", "inf").replace(".nan", "nan"))


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def load_yaml12(path: Path) -> Any:
    """The file's data as a YAML 1.2 editor types it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)  # noqa: S506 - a SafeLoader subclass
