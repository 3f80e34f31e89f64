"""The check pipeline: find files, load, validate, assemble and resolve, collecting every problem.

One broken file never stops the others: each file is loaded and validated on its own, and
references into a plan with a broken file are held back rather than reported as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from plansite.diagnostics import Diagnostic, Severity, Summary, diagnose, register, sort_diagnostics
from plansite.load import display_path, load_yaml_file, walk_yaml_files
from plansite.model import Organization, PlanSet
from plansite.nodes import Item, Node
from plansite.resolve import ValidatedFile, assemble_plans, count_items, resolve_references
from plansite.validate import (
    MODEL_OF_KIND,
    FileKind,
    check_id_matches_name,
    classify_plan_file,
    validate_source,
)

PS116 = register(
    "PS116",
    "unknown-file",
    Severity.ERROR,
    "A YAML file is in a place where plansite does not look for one.",
    """
    Inside `plans/`, each plan is a folder holding `plan.yml` and the folders `goals/`,
    `strategies/`, `drivers/` and `cycles/`, one YAML file per item inside them. A YAML file
    anywhere else would never be published, so it is reported rather than ignored. Move it into
    the right folder (or delete it). Files that are not YAML, such as a README, are ignored.

    ```text
    plans/district/goals/early-literacy.yml    fine
    plans/district/early-literacy.yml          PS116
    ```
    """,
)

ORGANIZATION_FILE = "organization.yml"


class UsageError(Exception):
    """The command was asked for something impossible, such as a folder that does not exist."""


@dataclass
class CheckResult:
    """The assembled plans (when there were any) and everything found on the way."""

    plan_set: PlanSet
    summary: Summary


def check_plans(plans_dir: Path, site_config_dir: Path | None = None) -> CheckResult:
    """Load and check every plan under plans_dir, with the organisation in site_config_dir."""
    if not plans_dir.is_dir():
        raise UsageError(f"{plans_dir} is not a folder of plans")
    if not any(plans_dir.iterdir()):
        raise UsageError(f"{plans_dir} holds no plans; each plan is a folder with a plan.yml")
    diagnostics: list[Diagnostic] = []
    organization, files_read = _load_organization(site_config_dir, diagnostics)
    validated, broken, with_plan_file, plan_files = _load_plan_files(plans_dir, diagnostics)
    plan_set, problems = assemble_plans(organization, validated, broken, with_plan_file)
    diagnostics += problems
    diagnostics += resolve_references(plan_set, broken)
    summary = Summary(
        plans=len(plan_set.plans),
        files=files_read + plan_files,
        items=count_items(plan_set),
        diagnostics=sort_diagnostics(diagnostics),
    )
    return CheckResult(plan_set, summary)


def _load_organization(
    site_config_dir: Path | None, diagnostics: list[Diagnostic]
) -> tuple[Organization | None, int]:
    path = site_config_dir / ORGANIZATION_FILE if site_config_dir else None
    if path is None or not path.is_file():
        return None, 0
    node, problems = _load_node(path, "organization")
    diagnostics += problems
    return (node if isinstance(node, Organization) else None), 1


def _load_plan_files(
    plans_dir: Path, diagnostics: list[Diagnostic]
) -> tuple[list[ValidatedFile], set[str], set[str], int]:
    validated: list[ValidatedFile] = []
    broken: set[str] = set()
    with_plan_file: set[str] = set()
    paths = walk_yaml_files(plans_dir)
    for path in paths:
        relative = PurePosixPath(path.relative_to(plans_dir).as_posix())
        kind = classify_plan_file(relative)
        if kind is None:
            diagnostics.append(
                diagnose(
                    PS116,
                    display_path(path),
                    1,
                    0,
                    "plansite does not read YAML files in this place",
                    _placement_hint(relative),
                )
            )
            continue
        folder = relative.parts[0]
        if kind == "plan":
            with_plan_file.add(folder)
        node, problems = _load_node(path, kind)
        if node is not None:
            problems += _check_name(node, kind, relative)
        diagnostics += problems
        if any(p.severity is Severity.ERROR for p in problems):
            broken.add(folder)
        if node is not None:
            validated.append(ValidatedFile(folder, node, display_path(path)))
    return validated, broken, with_plan_file, len(paths)


def _load_node(path: Path, kind: FileKind) -> tuple[Node | None, list[Diagnostic]]:
    source, problems = load_yaml_file(path)
    if source is None:
        return None, problems
    node, invalid = validate_source(source, MODEL_OF_KIND[kind])
    return node, problems + invalid


def _check_name(node: Node, kind: FileKind, relative: PurePosixPath) -> list[Diagnostic]:
    if not isinstance(node, Item):
        return []
    if kind == "plan":
        return check_id_matches_name(node, relative.parts[0], "folder")
    if kind in ("goal", "driver-diagram", "cycle"):
        return check_id_matches_name(node, relative.stem, "file")
    return []


def _placement_hint(relative: PurePosixPath) -> str:
    folders = "goals/, strategies/, drivers/ or cycles/"
    if len(relative.parts) == 1:
        return "put each plan in a folder of its own: plans/<plan-id>/plan.yml"
    return f"move it to plans/{relative.parts[0]}/plan.yml or into {folders} of its plan"
