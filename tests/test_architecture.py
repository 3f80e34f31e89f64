"""Data flows one way: a module imports only from modules above it, and only plugin.py knows MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator" / "plansite"
# Top to bottom, the order data flows through the stages.
LAYERS = [
    "diagnostics",
    "codes",
    "parse",
    "load",
    "fields",
    "nodes",
    "improvement",
    "model",
    "settings",
    "validate",
    "resolve",
    "checks",
    "alignment",
    "asof",
    "pipeline",
    "status",
    "runlimits",
    "stretches",
    "signals",
    "charts",
    "runcharts",
    "site",
    "navigation",
    "markup",
    "render",
    "schema",
    "cli",
    "__main__",
]


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def files_of(layer: str) -> list[Path]:
    """A layer is a module, or a package whose modules share its place."""
    package = PACKAGE / layer
    return sorted(package.glob("*.py")) if package.is_dir() else [PACKAGE / f"{layer}.py"]


def test_every_module_has_a_place_in_the_layers() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")} | {
        p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()
    }
    assert modules - {"__init__"} <= set(LAYERS) | {"plugin"}, (
        "add new modules to LAYERS in flow order"
    )


def test_modules_import_only_from_modules_above_them() -> None:
    for index, name in enumerate(LAYERS):
        allowed = {f"plansite.{above}" for above in LAYERS[: index + 1]}
        for path in files_of(name):
            # A package's submodules stand where the package stands: plansite.checks.registry
            # is plansite.checks.
            own = {
                ".".join(m.split(".")[:2]) for m in imports_of(path) if m.startswith("plansite.")
            }
            assert own <= allowed, f"{path.name} imports {sorted(own - allowed)} from below it"


def test_only_the_plugin_imports_mkdocs() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name != "plugin.py":
            assert not any(m.split(".")[0] == "mkdocs" for m in imports_of(path)), path.name
