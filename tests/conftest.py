"""Shared test helpers: run the real command line on fixture folders, and golden files."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from plansite.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite expected.txt files from the current output instead of comparing",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@dataclass
class Run:
    """What a user sees from one command: exit code and standard output."""

    code: int
    out: str


@contextmanager
def working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_cli(*args: str, cwd: Path) -> Run:
    """Run `plansite ARGS` in cwd, in-process, capturing what it prints."""
    buffer = io.StringIO()
    with working_directory(cwd), redirect_stdout(buffer):
        code = main(list(args))
    return Run(code, buffer.getvalue())


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site (sample plans, mkdocs.yml, theme), built once by real MkDocs."""
    site = tmp_path_factory.mktemp("sample") / "site"
    built = mkdocs_build(ROOT, "--strict", "--site-dir", str(site))
    assert built.returncode == 0, built.stderr
    return site


def mkdocs_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build ARGS` in root, as staff would run it."""
    command = [str(Path(sys.executable).parent / "mkdocs"), "build", *args]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, check=False)


def remove_vision(root: Path) -> None:
    """Take the vision out of a rules-base copy's district plan: a warning (PS401), no error."""
    plan = root / "plans" / "district" / "plan.yml"
    vision = "vision: Every graduate is ready for the future they choose.\n"
    assert vision in plan.read_text()
    plan.write_text(plan.read_text().replace(vision, ""))


def rules_base_project(tmp_path: Path, mkdocs_yml: str) -> Path:
    """A site project around the small rules-base plans: plans, settings, docs, mkdocs.yml."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "rules-base", root)
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "about.md").write_text("# About these plans\n", encoding="utf-8")
    return root
