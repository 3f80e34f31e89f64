"""Building the site: `plansite build`, the private page folder, and the errors staff can meet."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, ROOT

MKDOCS_YML = f"""\
site_name: Test district
site_url: https://plans.example.org/
docs_dir: docs
theme:
  name: material
  custom_dir: {ROOT / "theme"}
  font: false
  features: [navigation.prune]
plugins:
  - search
  - plansite:
      as_of: 2026-12-01
"""


def project(tmp_path: Path, config: str = MKDOCS_YML) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "rules-base", root)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "about.md").write_text("# About these plans\n", encoding="utf-8")
    return root


def run(root: Path, *command: str, tmp: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if tmp is not None:
        env["TMPDIR"] = str(tmp)
    program = str(Path(sys.executable).parent / command[0])
    return subprocess.run(
        [program, *command[1:]], cwd=root, capture_output=True, text=True, env=env, check=False
    )


def test_plansite_build_checks_then_builds_every_page(tmp_path: Path) -> None:
    root = project(tmp_path)
    built = run(root, "plansite", "build")
    assert built.returncode == 0, built.stderr
    assert "plansite: No problems: checked 2 plans" in built.stderr
    assert "plansite: built" in built.stdout
    assert (root / "site" / "district" / "goals" / "reading" / "index.html").is_file()
    assert (root / "site" / "about" / "index.html").is_file()


def test_a_failed_build_leaves_the_last_good_site_in_place(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert run(root, "plansite", "build").returncode == 0
    good = (root / "site" / "district" / "goals" / "reading" / "index.html").read_text()
    goal = root / "plans" / "district" / "goals" / "reading.yml"
    goal.write_text(goal.read_text().replace("direction: increase", "direction: up"))
    failed = run(root, "plansite", "build")
    assert failed.returncode == 1
    assert "PS204 invalid-value" in failed.stderr
    assert "the build failed, so" in failed.stderr
    assert "was left as it was" in failed.stderr
    assert (root / "site" / "district" / "goals" / "reading" / "index.html").read_text() == good
    assert not (root / ".site.building").exists()


def test_plansite_build_is_strict_unless_told_otherwise(tmp_path: Path) -> None:
    root = project(tmp_path)
    plan = root / "plans" / "district" / "plan.yml"
    plan.write_text(
        plan.read_text().replace(
            "vision: Every graduate is ready for the future they choose.\n", ""
        )
    )
    assert run(root, "plansite", "build").returncode == 1
    assert not (root / "site").exists()
    assert run(root, "plansite", "build", "--no-strict").returncode == 0
    assert (root / "site" / "index.html").is_file()


def test_generated_pages_live_outside_docs_and_are_removed_after_the_build(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    built = run(root, "mkdocs", "build", "--strict", tmp=scratch)
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in (root / "docs").iterdir()) == ["about.md"]
    assert list(scratch.iterdir()) == []


def test_a_docs_page_at_a_plan_address_is_refused_by_name(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "docs" / "index.md").write_text("# Welcome\n", encoding="utf-8")
    built = run(root, "mkdocs", "build")
    assert built.returncode == 1
    assert "docs/index.md has the address of a plan page; rename or remove it" in built.stderr


def test_a_theme_other_than_material_is_refused_with_the_setting_to_change(
    tmp_path: Path,
) -> None:
    root = project(tmp_path, "site_name: Test\nplugins:\n  - plansite:\n      as_of: 2026-12-01\n")
    built = run(root, "mkdocs", "build")
    assert built.returncode == 1
    assert "the plan pages need mkdocs-material" in built.stderr
    assert "theme: {name: material, custom_dir: theme}" in built.stderr


def test_an_item_id_that_takes_a_section_name_is_reported_not_published_twice(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)
    goal = root / "plans" / "district" / "goals" / "reading.yml"
    text = goal.read_text()
    measure_id = text.split("measures:\n  - id: ", 1)[1].split("\n", 1)[0]
    goal.write_text(text.replace(measure_id, "measures"))
    built = run(root, "mkdocs", "build")
    assert built.returncode == 1
    assert "would have two places called #measures" in built.stderr
    assert "give the item another id" in built.stderr
