"""JSON Schema for every kind of source file, so editors complete and flag fields while staff type.

The schemas are generated from the model, written by `plansite schema` to `schemas/` and
committed; a test fails when the committed copies are stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from plansite.validate import MODEL_OF_KIND

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

FILE_PLACES = {
    "organization": "site_config/organization.yml",
    "rules": "site_config/rules.yml",
    "plan": "plans/<plan>/plan.yml",
    "goal": "plans/<plan>/goals/<goal-id>.yml",
    "strategies": "plans/<plan>/strategies/<group>.yml",
    "driver-diagram": "plans/<plan>/drivers/<diagram-id>.yml",
    "cycle": "plans/<plan>/cycles/<cycle-id>.yml",
}


def schema_file_name(kind: str) -> str:
    """The file a kind's schema is written to, e.g. `goal.schema.json`."""
    return f"{kind}.schema.json"


def build_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file, as YAML 1.2 editors see its values."""
    model = MODEL_OF_KIND[kind]  # type: ignore[index]
    schema = model.model_json_schema()
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"plansite/{schema_file_name(kind)}",
        "title": f"plansite {kind} file ({FILE_PLACES[kind]})",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def render_schemas() -> dict[str, str]:
    """Every schema as the exact text written to disk, by file name."""
    return {
        schema_file_name(kind): json.dumps(build_schema(kind), indent=2, sort_keys=True) + "\n"
        for kind in MODEL_OF_KIND
    }


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema into out_dir; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(out_dir: Path) -> list[str]:
    """Names of schemas in out_dir that are missing or differ from the model."""
    return [
        name
        for name, text in render_schemas().items()
        if not (out_dir / name).is_file() or (out_dir / name).read_text(encoding="utf-8") != text
    ]
