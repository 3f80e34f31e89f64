"""`plansite check` as staff and CI see it: output formats, summary, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli

UNKNOWN_KEY = FIXTURES / "invalid" / "unknown-key"
BROKEN_OTHERS = FIXTURES / "invalid" / "broken-file-does-not-stop-others"


def test_sample_plans_check_clean_with_a_summary() -> None:
    result = run_cli("check", "plans", "--strict", "--as-of", "2026-12-04", cwd=ROOT)
    assert result.code == 0, result.out
    lines = result.out.splitlines()
    assert lines[-1] == (
        "No problems: checked 3 plans, 41 files, 232 items, as of 2026-12-04, as given; 1 finding waived."
    )
    # The one waiver in the sample is listed with its reason.
    assert lines[0].endswith(
        'waived PS411 incomplete-measure: the progress measure "Scheduled advisory sessions held" has no baseline'
    )
    assert lines[1].startswith("    reason: Advisory began in August 2026")


def test_problems_exit_1_with_file_line_column_code_and_hint() -> None:
    result = run_cli("check", "plans", "--as-of", "2026-12-01", cwd=UNKNOWN_KEY)
    assert result.code == 1
    assert result.out.splitlines() == [
        'plans/district/goals/reading.yml:9:5: error PS201 unknown-key: unknown key "basline"',
        '    hint: did you mean "baseline"?',
        "note: the alignment rules run once the errors above are fixed",
        "1 error in 1 file (checked 1 plan, 2 files, 2 items, as of 2026-12-01, as given).",
    ]


def test_json_format_lists_every_problem_and_the_counts() -> None:
    result = run_cli(
        "check", "plans", "--format", "json", "--as-of", "2026-12-01", cwd=BROKEN_OTHERS
    )
    payload = json.loads(result.out)
    assert result.code == 1
    assert [
        (d["path"], d["line"], d["column"], d["code"], d["slug"]) for d in payload["diagnostics"]
    ] == [
        ("plans/district/goals/reading.yml", 2, 14, "PS106", "yaml-syntax"),
        ("plans/lincoln/goals/math.yml", 1, 1, "PS202", "missing-field"),
        ("plans/lincoln/goals/math.yml", 3, 1, "PS201", "unknown-key"),
    ]
    assert payload["diagnostics"][2]["hint"] == 'did you mean "statement"?'
    assert payload["summary"] == {
        "plans": 2,
        "files": 4,
        "items": 3,
        "errors": 3,
        "warnings": 0,
        "infos": 0,
        "waived": 0,
        "as_of": "as of 2026-12-01, as given",
    }
    assert payload["notes"] == ["the alignment rules run once the errors above are fixed"]


def test_github_format_writes_annotations_with_escaped_text() -> None:
    result = run_cli(
        "check", "plans", "--format", "github", "--as-of", "2026-12-01", cwd=BROKEN_OTHERS
    )
    lines = result.out.splitlines()
    assert lines[0] == (
        "::error file=plans/district/goals/reading.yml,line=2,col=14,title=PS106 yaml-syntax::"
        "mapping values are not allowed in this context"
        '%0Ahint: quote a value that contains ": " (e.g. title: "Goal 1: reading"), '
        "or check that this line is indented like the lines around it"
    )
    assert (
        lines[-1]
        == "3 errors in 2 files (checked 2 plans, 4 files, 3 items, as of 2026-12-01, as given)."
    )


def test_a_missing_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli("check", "no-such-folder", cwd=tmp_path)
    assert result.code == 2
    assert "no-such-folder is not a folder of plans" in capsys.readouterr().err


def test_an_empty_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "plans").mkdir()
    assert run_cli("check", "plans", cwd=tmp_path).code == 2
    assert "holds no plans" in capsys.readouterr().err


def test_bad_arguments_exit_2_without_a_traceback() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "plansite", "check", "--format", "xml"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert completed.returncode == 2
    assert "invalid choice: 'xml'" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_console_script_runs_from_the_installed_package() -> None:
    script = Path(sys.executable).parent / "plansite"
    completed = subprocess.run(
        [str(script), "check", "plans"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.splitlines()[-1].startswith("No problems")


def test_no_input_file_however_broken_gives_a_traceback(tmp_path: Path) -> None:
    """Every fixture at once, through the real console entry point, to catch crashes."""
    plans = tmp_path / "plans"
    for index, case in enumerate(sorted((FIXTURES / "invalid").iterdir())):
        for path in (case / "plans").rglob("*.yml"):
            relative = path.relative_to(case / "plans")
            target = plans / f"{relative.parts[0]}{index}" / Path(*relative.parts[1:])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    completed = subprocess.run(
        [sys.executable, "-m", "plansite", "check", "plans"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stderr == ""
    assert " errors in " in completed.stdout.splitlines()[-1]


def test_the_project_folder_can_be_given_instead_of_plans() -> None:
    result = run_cli("check", ".", cwd=ROOT)
    assert result.code == 0, result.out
    assert result.out.splitlines()[-1].startswith("No problems: checked 3 plans")


def test_one_plans_folder_is_a_usage_error_that_names_the_right_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_cli("check", "plans/district", cwd=ROOT).code == 2
    assert (
        "plans/district is the folder of one plan; check the folder that holds every plan (plans)"
        in capsys.readouterr().err
    )


def test_a_folder_without_yaml_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "plans" / "empty").mkdir(parents=True)
    (tmp_path / "plans" / "README.md").write_text("# Plans\n")
    assert run_cli("check", "plans", cwd=tmp_path).code == 2
    assert "holds no plans" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command", [["codes"], ["rules", "--format", "markdown"], ["check", "plans"]]
)
def test_a_reader_that_stops_early_is_not_a_traceback(command: list[str]) -> None:
    """As with `plansite codes | head -1`: the pipe closes before plansite writes."""
    full = [sys.executable, "-m", "plansite", *command]
    with subprocess.Popen(full, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as writer:
        assert writer.stdout is not None and writer.stderr is not None
        writer.stdout.close()
        errors = writer.stderr.read().decode()
    assert errors == ""
    assert writer.returncode == 0


def test_readme_shows_the_real_output_of_a_misspelt_key(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    shutil.copytree(ROOT / "site_config", tmp_path / "site_config")
    goal = tmp_path / "plans" / "district" / "goals" / "early-literacy.yml"
    goal.write_text(
        goal.read_text(encoding="utf-8").replace("    baseline:\n", "    basline:\n", 1),
        encoding="utf-8",
    )
    out = run_cli("check", "plans", "--as-of", "2026-12-04", cwd=tmp_path).out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ .venv/bin/plansite check plans --as-of 2026-12-04\n", 1)[1].split(
        "```", 1
    )[0]
    assert shown == out
