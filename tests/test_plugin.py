"""The MkDocs plugin: a real `mkdocs build` checks the plans first and refuses to publish errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, remove_vision, rules_base_project

MKDOCS_YML = f"""\
site_name: Test district
docs_dir: docs
theme:
  name: material
  custom_dir: {ROOT / "theme"}
  font: false
plugins:
  - plansite:
      as_of: 2026-12-01
"""


def project(tmp_path: Path) -> Path:
    return rules_base_project(tmp_path, MKDOCS_YML)


def mkdocs(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(Path(sys.executable).parent / "mkdocs"), "build", *args]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, check=False)


def test_clean_plans_build_and_say_what_was_checked(tmp_path: Path) -> None:
    root = project(tmp_path)
    built = mkdocs(root, "--strict")
    assert built.returncode == 0, built.stderr
    assert "plansite: No problems: checked 2 plans, 9 files" in built.stderr
    assert (root / "site" / "index.html").is_file()


def test_an_error_in_a_plan_stops_the_build_with_the_diagnostic(tmp_path: Path) -> None:
    root = project(tmp_path)
    goal = root / "plans" / "district" / "goals" / "reading.yml"
    goal.write_text(goal.read_text().replace("direction: increase", "direction: up"))
    built = mkdocs(root)
    assert built.returncode == 1
    assert (
        'plans/district/goals/reading.yml:8:16: PS204 invalid-value: direction: "up" is not one of'
        in built.stderr
    )
    assert "the plans have errors, so the site was not built" in built.stderr
    assert not (root / "site").exists()


def test_a_warning_passes_a_build_but_fails_a_strict_one(tmp_path: Path) -> None:
    root = project(tmp_path)
    remove_vision(root)
    assert mkdocs(root).returncode == 0
    strict = mkdocs(root, "--strict")
    assert strict.returncode == 1
    assert (
        "plans/district/plan.yml:1:1: PS401 mission-and-vision: the plan has no vision"
        in strict.stderr
    )
    assert "Aborted with 1 warnings in strict mode!" in strict.stdout


def test_the_repository_site_builds_strictly_with_the_sample_plans(tmp_path: Path) -> None:
    built = subprocess.run(
        [
            str(Path(sys.executable).parent / "mkdocs"),
            "build",
            "--strict",
            "--site-dir",
            str(tmp_path / "site"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert "plansite: No problems: checked 3 plans, 41 files" in built.stderr
    # The build log lists each waiver with its reason, as the check does.
    assert "waived PS411 incomplete-measure" in built.stderr
    assert "(reason: Advisory began in August 2026" in built.stderr
