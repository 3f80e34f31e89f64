"""The check pipeline: find files, load, validate, assemble and resolve, collecting every problem.

One broken file never stops the others: each file is loaded and validated on its own, and
references into a plan with a broken file are held back rather than reported as missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from plansite.asof import find_reference_date
from plansite.checks import run_checks
from plansite.codes import PS116
from plansite.diagnostics import Diagnostic, Severity, Summary, Waived, diagnose, sort_diagnostics
from plansite.load import display_path, load_yaml_file, readable_name, walk_files
from plansite.model import Organization, PlanSet
from plansite.nodes import Item, Node
from plansite.resolve import Gaps, ValidatedFile, assemble_plans, count_items, resolve_references
from plansite.settings import RuleSettings
from plansite.validate import (
    MODEL_OF_KIND,
    FileKind,
    check_id_matches_name,
    classify_plan_file,
    validate_source,
)

ORGANIZATION_FILE = "organization.yml"
RULES_FILE = "rules.yml"
PLANS_FOLDER = "plans"


class UsageError(Exception):
    """The command was asked for something impossible, such as a folder that does not exist."""


@dataclass
class CheckResult:
    """The assembled plans (when there were any) and everything found on the way."""

    plan_set: PlanSet
    summary: Summary


def find_plans_dir(path: Path) -> Path:
    """The plans folder for a path given on the command line: the folder itself, or its plans/."""
    if not path.is_dir():
        raise UsageError(f"{path} is not a folder of plans")
    if (path / "plan.yml").is_file():
        raise UsageError(
            f"{path} is the folder of one plan; check the folder that holds every plan ({path.parent})"
        )
    if (path / PLANS_FOLDER).is_dir():
        return path / PLANS_FOLDER
    return path


@dataclass
class _Collected:
    """Everything the loading stage found, for the stages after it."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    validated: list[ValidatedFile] = field(default_factory=list)
    gaps: Gaps = field(default_factory=Gaps)
    folders_with_plan_file: set[str] = field(default_factory=set)
    files: int = 0


def check_plans(
    plans_dir: Path, site_config_dir: Path | None = None, as_of: dt.date | None = None
) -> CheckResult:
    """Load and check every plan under plans_dir, then run the alignment rules over them."""
    plans_dir = find_plans_dir(plans_dir)
    found = _Collected()
    organization = _load_organization(site_config_dir, found)
    settings = _load_rule_settings(site_config_dir, found)
    _load_plan_files(plans_dir, found)
    plan_set, problems = assemble_plans(organization, found.validated, found.folders_with_plan_file)
    found.diagnostics += problems
    found.diagnostics += resolve_references(plan_set, found.gaps)
    reference = find_reference_date(plans_dir, as_of)
    waived: list[Waived] = []
    notes: list[str] = []
    if any(d.severity is Severity.ERROR for d in found.diagnostics) or settings is None:
        notes.append("the alignment rules run once the errors above are fixed")
    else:
        outcome = run_checks(plan_set, settings, reference.date)
        found.diagnostics += outcome.diagnostics
        waived = outcome.waived
    summary = Summary(
        plans=len(plan_set.plans),
        files=found.files,
        items=count_items(plan_set),
        diagnostics=sort_diagnostics(found.diagnostics),
        waived=sorted(waived, key=lambda w: w.diagnostic),
        as_of=reference.describe(),
        notes=notes,
    )
    return CheckResult(plan_set, summary)


def _load_rule_settings(site_config_dir: Path | None, found: _Collected) -> RuleSettings | None:
    """rules.yml when there is one, else the defaults; None when it is broken."""
    path = site_config_dir / RULES_FILE if site_config_dir else None
    if path is None or not path.is_file():
        return RuleSettings()
    found.files += 1
    node, problems = _load_node(path, "rules")
    found.diagnostics += problems
    return node if isinstance(node, RuleSettings) else None


def _load_organization(site_config_dir: Path | None, found: _Collected) -> Organization | None:
    path = site_config_dir / ORGANIZATION_FILE if site_config_dir else None
    if path is None or not path.is_file():
        found.gaps.organization = "missing"
        return None
    found.files += 1
    node, problems = _load_node(path, "organization")
    found.diagnostics += problems
    if not isinstance(node, Organization):
        found.gaps.organization = "broken"
        found.gaps.organization_path = display_path(path)
        return None
    return node


def _load_plan_files(plans_dir: Path, found: _Collected) -> None:
    paths = walk_files(plans_dir)
    yaml_paths = [p for p in paths if _looks_like_yaml(p.name)]
    if not yaml_paths:
        raise UsageError(f"{plans_dir} holds no plans; each plan is a folder with a plan.yml")
    for path in yaml_paths:
        relative = PurePosixPath(path.relative_to(plans_dir).as_posix())
        kind = classify_plan_file(relative) if path.name.endswith(".yml") else None
        if kind is None:
            if len(relative.parts) > 1:
                # It may hold ids that other files name: hold references into its plan back.
                found.gaps.broken_plans.setdefault(relative.parts[0], display_path(path))
            found.diagnostics.append(
                diagnose(
                    PS116,
                    display_path(path),
                    1,
                    0,
                    _placement_problem(relative),
                    _placement_hint(relative),
                )
            )
            continue
        found.files += 1
        _load_plan_file(path, kind, relative, found)


def _load_plan_file(path: Path, kind: FileKind, relative: PurePosixPath, found: _Collected) -> None:
    folder, shown = relative.parts[0], display_path(path)
    if kind == "plan":
        found.folders_with_plan_file.add(folder)
    node, problems = _load_node(path, kind)
    found.diagnostics += problems
    if node is None:
        found.gaps.broken_plans.setdefault(folder, shown)
        return
    found.diagnostics += _check_name(node, kind, relative)
    found.validated.append(ValidatedFile(folder, node, shown))


def _looks_like_yaml(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith((".yml", ".yaml")) or ".yml." in lowered or ".yaml." in lowered


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
        return check_id_matches_name(node, readable_name(relative.parts[0]), "folder")
    if kind in ("goal", "driver-diagram", "cycle"):
        return check_id_matches_name(node, readable_name(relative.stem), "file")
    return []


def _placement_problem(relative: PurePosixPath) -> str:
    if not relative.name.endswith(".yml"):
        return "plansite reads only files ending in .yml, so this file would never be published"
    return "plansite does not read YAML files in this place, so this file would never be published"


def _placement_hint(relative: PurePosixPath) -> str:
    folders = "goals/, strategies/, drivers/ or cycles/"
    if not relative.name.endswith(".yml"):
        stem = relative.name.split(".")[0]
        return f"rename it to {stem}.yml (lowercase .yml, nothing after it)"
    if len(relative.parts) == 1:
        return "put each plan in a folder of its own: plans/<plan-id>/plan.yml"
    return f"move it to plans/{relative.parts[0]}/plan.yml or into {folders} of its plan"
