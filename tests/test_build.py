"""Building the site: `plansite build`, the private page folder, and the errors staff can meet."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, remove_vision, rules_base_project

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
    return rules_base_project(tmp_path, config)


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
    remove_vision(root)
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


@pytest.mark.parametrize(("page", "address"), [("index.md", "/"), ("district.md", "/district/")])
def test_a_docs_page_at_a_plan_pages_address_is_refused_by_name(
    tmp_path: Path, page: str, address: str
) -> None:
    root = project(tmp_path)
    (root / "docs" / page).write_text("# Welcome\n", encoding="utf-8")
    built = run(root, "mkdocs", "build")
    assert built.returncode == 1
    assert f"docs/{page} has the address of a plan page ({address}); rename or remove it" in (
        built.stderr
    )


def test_addresses_that_are_not_folders_are_refused(tmp_path: Path) -> None:
    root = project(tmp_path, MKDOCS_YML + "use_directory_urls: false\n")
    built = run(root, "mkdocs", "build")
    assert built.returncode == 1
    assert "remove use_directory_urls: false from mkdocs.yml" in built.stderr


def test_a_theme_other_than_material_is_refused_with_the_setting_to_change(
    tmp_path: Path,
) -> None:
    root = project(tmp_path, "site_name: Test\nplugins:\n  - plansite:\n      as_of: 2026-12-01\n")
    built = run(root, "mkdocs", "build")
    assert built.returncode == 1
    assert "the plan pages need mkdocs-material" in built.stderr
    assert "theme: {name: material, custom_dir: theme}" in built.stderr


def test_an_item_id_like_a_section_name_keeps_its_own_anchor(tmp_path: Path) -> None:
    root = project(tmp_path)
    goal = root / "plans" / "district" / "goals" / "reading.yml"
    text = goal.read_text()
    measure_id = text.split("measures:\n  - id: ", 1)[1].split("\n", 1)[0]
    goal.write_text(text.replace(measure_id, "measures"))
    built = run(root, "mkdocs", "build")
    assert built.returncode == 0, built.stderr
    page = (root / "site" / "district" / "goals" / "reading" / "index.html").read_text()
    assert 'id="measures"' in page  # the item
    assert 'id="Measures"' in page  # the section: capitalised, so the two never meet


def test_a_strategy_serving_another_plans_goal_does_not_repeat_its_anchors(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)
    school = root / "plans" / "lincoln" / "strategies" / "reading.yml"
    district = (root / "plans" / "district" / "strategies" / "literacy.yml").read_text()
    district_step = district.split("action_steps:\n      - id: ", 1)[1].split("\n", 1)[0]
    text = school.read_text()
    school_step = text.split("action_steps:\n      - id: ", 1)[1].split("\n", 1)[0]
    text = text.replace(f"id: {school_step}", f"id: {district_step}")
    school.write_text(
        text.replace("serves: [lincoln-reading]", "serves: [lincoln-reading, district:reading]")
    )
    built = run(root, "mkdocs", "build", "--strict")
    assert built.returncode == 0, built.stderr
    page = (root / "site" / "district" / "goals" / "reading" / "index.html").read_text()
    assert "Schedule a 30-minute intervention block" in page  # the school's step, shown here
    assert f'id="{district_step}"' not in page  # anchors live on the strategy pages


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 -- our own server
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_a_plan_is_saved_and_only_then(tmp_path: Path) -> None:
    root = project(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}/district/goals/reading/"
    program = str(Path(sys.executable).parent / "plansite")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [program, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        assert wait_for(lambda: "<h1" in fetch(url), 60), "the preview never came up"
        goal = root / "plans" / "district" / "goals" / "reading.yml"
        text = goal.read_text()
        title = text.split("title: ", 1)[1].split("\n", 1)[0]
        goal.write_text(text.replace(f"title: {title}", "title: Readers by grade three"))
        assert wait_for(lambda: "Readers by grade three" in fetch(url), 60)
        time.sleep(3)  # long enough for a rebuild loop to show itself
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    builds = (tmp_path / "serve.log").read_text().count("Building documentation")
    assert builds == 2, f"{builds} builds: one at start and one after the save were expected"


def test_plansite_build_succeeds_on_the_repository_sample(tmp_path: Path) -> None:
    built = run(
        ROOT,
        "plansite",
        "build",
        "--config-file",
        "mkdocs.yml",
        "--site-dir",
        str(tmp_path / "out"),
    )
    assert built.returncode == 0, built.stderr
    assert "plansite: No problems: checked 3 plans, 41 files" in built.stderr
    assert (
        tmp_path / "out" / "lincoln-elementary" / "cycles" / "book-bags-2" / "index.html"
    ).is_file()


def test_plansite_build_follows_site_dir_and_no_strict_beats_strict_in_mkdocs_yml(
    tmp_path: Path,
) -> None:
    root = project(tmp_path, MKDOCS_YML + "site_dir: public\nstrict: true\n")
    remove_vision(root)
    assert run(root, "plansite", "build").returncode == 1
    built = run(root, "plansite", "build", "--no-strict")
    assert built.returncode == 0, built.stderr
    assert (root / "public" / "district" / "goals" / "reading" / "index.html").is_file()
    assert not (root / "site").exists()


def test_a_site_under_a_sub_path_links_within_itself(tmp_path: Path) -> None:
    config = MKDOCS_YML.replace(
        "https://plans.example.org/", "https://www.example.org/board/plans/"
    )
    root = project(tmp_path, config)
    built = run(root, "mkdocs", "build", "--strict")
    assert built.returncode == 0, built.stderr
    page = (root / "site" / "district" / "goals" / "reading" / "index.html").read_text()
    assert "https://www.example.org/board/plans/district/goals/reading/</a>" in page
    assert 'href="/district/' not in page  # every link inside the site is relative


def test_without_site_url_pages_show_no_permanent_link(tmp_path: Path) -> None:
    root = project(tmp_path, MKDOCS_YML.replace("site_url: https://plans.example.org/\n", ""))
    built = run(root, "mkdocs", "build", "--strict")
    assert built.returncode == 0, built.stderr
    assert "site_url is not set in mkdocs.yml" in built.stderr
    page = (root / "site" / "district" / "goals" / "reading" / "index.html").read_text()
    assert "Permanent link to this page" not in page
