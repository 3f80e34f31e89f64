"""Shared test helpers: run the real command line on fixture folders, and golden files."""

from __future__ import annotations

import io
import os
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
