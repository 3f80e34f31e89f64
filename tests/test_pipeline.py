"""The fixture corpus: every broken input gives exactly the diagnostics in its expected.txt.

Each folder under fixtures/invalid/ is a small project (plans/, maybe site_config/). Its
expected.txt is the exact text `plansite check plans` prints. Regenerate with
`pytest tests/test_pipeline.py --update-golden` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, Run, run_cli
from plansite.diagnostics import REGISTRY

INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())


AS_OF = "2026-12-01"


def check(case: Path) -> Run:
    return run_cli("check", "plans", "--as-of", AS_OF, cwd=case)


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_fixture_reports_exactly_its_expected_diagnostics(
    case: Path, update_golden: bool
) -> None:
    result = check(case)
    expected_file = case / "expected.txt"
    if update_golden:
        expected_file.write_text(result.out, encoding="utf-8")
    assert result.out == expected_file.read_text(encoding="utf-8")
    assert result.code == (1 if ": error PS" in result.out else 0)


@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_valid_fixture_is_clean(case: Path) -> None:
    result = check(case)
    # Loading, schema and references are clean; these small plans do break alignment rules.
    assert not re.search(r": error PS[123]", result.out), result.out
    assert "checked 1 plan" in result.out.splitlines()[-1]


def test_corpus_covers_every_loading_schema_and_reference_code() -> None:
    seen = {
        word
        for case in INVALID
        for word in (case / "expected.txt").read_text(encoding="utf-8").split()
        if word.startswith("PS")
    }
    # PS101 needs an unreadable file and PS102 a 10 MB one; both are made by tests below.
    expected = {code for code in REGISTRY if code[2] in "1236"} - {"PS101", "PS102"}
    assert expected <= seen, f"no fixture produces {sorted(expected - seen)}"


def test_ten_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    plans = tmp_path / "plans" / "district"
    (plans / "goals").mkdir(parents=True)
    (plans / "plan.yml").write_text(
        (FIXTURES / "valid/minimal/plans/district/plan.yml").read_text()
    )
    huge = plans / "goals" / "reading.yml"
    huge.write_bytes(b"id: reading\ntitle: Reading\nstatement: |\n" + b"  lorem ipsum\n" * 800_000)
    assert huge.stat().st_size > 10_000_000
    result = check(tmp_path)
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        "plans/district/goals/reading.yml:1: error PS102 file-too-large: "
        "file is 11,200,040 bytes; the limit is 1,048,576 bytes (1 MiB)"
    )


def test_unreadable_file_is_reported_and_the_rest_still_checked(tmp_path: Path) -> None:
    plans = tmp_path / "plans" / "district"
    (plans / "goals").mkdir(parents=True)
    (plans / "plan.yml").write_text(
        (FIXTURES / "valid/minimal/plans/district/plan.yml").read_text()
    )
    (plans / "goals" / "reading.yml").symlink_to(tmp_path / "nowhere.yml")
    (plans / "goals" / "math.yml").write_text("id: math\ntitle: Math\nstatment: Math.\n")
    lines = check(tmp_path).out.splitlines()
    assert lines[0].startswith("plans/district/goals/math.yml:1:1: error PS202 missing-field")
    assert (
        lines[2]
        == 'plans/district/goals/math.yml:3:1: error PS201 unknown-key: unknown key "statment"'
    )
    assert lines[4].startswith(
        "plans/district/goals/reading.yml:1: error PS101 file-unreadable: cannot read file"
    )


def minimal_project(tmp_path: Path) -> Path:
    plans = tmp_path / "plans" / "district"
    (plans / "goals").mkdir(parents=True)
    (plans / "plan.yml").write_text(
        (FIXTURES / "valid/minimal/plans/district/plan.yml").read_text()
    )
    return plans


def test_a_pipe_or_device_is_refused_instead_of_read_forever(tmp_path: Path) -> None:
    plans = minimal_project(tmp_path)
    os.mkfifo(plans / "goals" / "pipe.yml")
    (plans / "goals" / "zeros.yml").symlink_to("/dev/zero")
    lines = check(tmp_path).out.splitlines()
    assert lines[0] == (
        "plans/district/goals/pipe.yml:1: error PS101 file-unreadable: "
        "this is not an ordinary file (a pipe, device or folder)"
    )
    assert lines[2].startswith("plans/district/goals/zeros.yml:1: error PS101 file-unreadable")


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    plans = minimal_project(tmp_path)
    goal = (FIXTURES / "valid/minimal/plans/district/goals/reading.yml").read_bytes()
    (plans / "goals" / os.fsdecode(b"caf\xe9.yml")).write_bytes(goal)
    result = check(tmp_path)
    assert result.out.splitlines()[0] == (
        "plans/district/goals/caf\\xe9.yml:1:5: error PS205 id-file-mismatch: "
        'id "reading" differs from the file name "caf\\xe9"'
    )
    result.out.encode("utf-8")  # printable anywhere: no lone surrogates
