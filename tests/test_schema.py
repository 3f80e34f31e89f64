"""The JSON Schema editors use agrees with `plansite check` on every fixture and the sample."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import jsonschema
import pytest

from conftest import FIXTURES, ROOT, run_cli
from plansite.schema import render_schemas, schema_file_name
from plansite.validate import classify_plan_file
from yaml12 import load_yaml12

SCHEMAS = ROOT / "schemas"
SCHEMA_CODES = {"PS201", "PS202", "PS203", "PS204"}


def validator_for(path: Path, plans_dir: Path) -> jsonschema.Draft202012Validator:
    if path.name == "organization.yml":
        kind = "organization"
    else:
        kind = classify_plan_file(PurePosixPath(path.relative_to(plans_dir).as_posix())) or ""
    schema = json.loads((SCHEMAS / schema_file_name(kind)).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def schema_errors(project: Path, path: Path) -> list[str]:
    validator = validator_for(path, project / "plans")
    return [error.message for error in validator.iter_errors(load_yaml12(path))]


def yaml_files(project: Path) -> list[Path]:
    return sorted(project.glob("plans/**/*.yml")) + sorted(
        project.glob("site_config/organization.yml")
    )


def test_committed_schemas_are_current() -> None:
    for name, text in render_schemas().items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == text, (
            f"schemas/{name} is stale; run: plansite schema"
        )


def test_schema_command_check_reports_stale_schema(tmp_path: Path) -> None:
    assert run_cli("schema", "--out", str(tmp_path), cwd=ROOT).code == 0
    assert run_cli("schema", "--check", "--out", str(tmp_path), cwd=ROOT).code == 0
    (tmp_path / "goal.schema.json").write_text("{}", encoding="utf-8")
    stale = run_cli("schema", "--check", "--out", str(tmp_path), cwd=ROOT)
    assert stale.code == 1
    assert "goal.schema.json: out of date" in stale.out


@pytest.mark.parametrize(
    "project", [ROOT, *sorted((FIXTURES / "valid").iterdir())], ids=lambda p: p.name
)
def test_every_valid_file_passes_the_schema(project: Path) -> None:
    files = yaml_files(project)
    assert files
    for path in files:
        assert schema_errors(project, path) == [], path


def schema_level_cases() -> list[Path]:
    cases = []
    for case in sorted((FIXTURES / "invalid").iterdir()):
        codes = {w for w in (case / "expected.txt").read_text().split() if w.startswith("PS")}
        if codes and codes <= SCHEMA_CODES:
            cases.append(case)
    return cases


@pytest.mark.parametrize("case", schema_level_cases(), ids=lambda p: p.name)
def test_schema_rejects_each_file_the_checker_rejects_and_only_those(case: Path) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    for path in yaml_files(case):
        shown = path.relative_to(case).as_posix()
        rejected_by_checker = f"{shown}:" in expected
        assert bool(schema_errors(case, path)) == rejected_by_checker, shown


def test_there_are_enough_schema_level_cases_to_mean_something() -> None:
    assert len(schema_level_cases()) >= 12
