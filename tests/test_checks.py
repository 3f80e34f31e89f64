"""Every alignment rule proves its own documentation.

Each rule's docstring carries a failing and a passing example. Here each example is laid over
the rules base project (tests/fixtures/rules-base, clean under every rule), checked for real,
and the failing example must give that rule's code exactly on the lines marked `# PS4xx`,
while the passing one must not give it at all.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli
from plansite.checks import RULES
from plansite.checks.registry import Rule

BASE = FIXTURES / "rules-base"
AS_OF = "2026-12-01"
EXAMPLE = re.compile(r'```yaml title="([^"]+)"\n(.*?)```', re.DOTALL)
MARKER = re.compile(r"#\s*(PS\d{3})\s*$")


@dataclass
class Example:
    files: dict[str, str]

    def expected(self, code: str) -> set[str]:
        return {
            f"{path}:{number}"
            for path, text in self.files.items()
            for number, line in enumerate(text.splitlines(), start=1)
            if (m := MARKER.search(line)) and m.group(1) == code
        }


def examples(registered: Rule) -> tuple[Example, Example]:
    doc = registered.code.doc
    assert "\nFails:\n" in doc and "\nPasses:\n" in doc, (
        f"{registered.code.code} needs Fails: and Passes: examples"
    )
    failing, _, passing = doc.partition("\nFails:\n")[2].partition("\nPasses:\n")
    return Example(dict(EXAMPLE.findall(failing))), Example(dict(EXAMPLE.findall(passing)))


def findings(project: Path, code: str) -> tuple[set[str], str]:
    result = run_cli("check", "plans", "--as-of", AS_OF, cwd=project)
    lines = result.out.splitlines()
    found = {
        line.split(": ", 1)[0].rsplit(":", 1)[0]
        for line in lines
        if f" {code} " in line and "waived" not in line
    }
    return found, result.out


def build(tmp_path: Path, example: Example) -> Path:
    project = tmp_path / "project"
    shutil.copytree(BASE, project)
    for relative, text in example.files.items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return project


IDS = [r.code.code for r in RULES]


def test_the_base_project_is_clean_under_every_rule_even_strictly() -> None:
    result = run_cli("check", "plans", "--as-of", AS_OF, "--strict", cwd=BASE)
    assert result.code == 0, result.out
    assert result.out.startswith("No problems")


@pytest.mark.parametrize("registered", RULES, ids=IDS)
def test_failing_example_reports_the_rule_on_the_marked_lines(
    registered: Rule, tmp_path: Path
) -> None:
    failing, _ = examples(registered)
    code = registered.code.code
    assert failing.files and failing.expected(code), f"{code}: mark the failing line with # {code}"
    found, out = findings(build(tmp_path, failing), code)
    assert found == failing.expected(code), out
    assert not re.search(r" PS[123]\d\d ", out), f"the example has loading or schema errors:\n{out}"


@pytest.mark.parametrize("registered", RULES, ids=IDS)
def test_passing_example_does_not_report_the_rule(registered: Rule, tmp_path: Path) -> None:
    _, passing = examples(registered)
    assert passing.files, f"{registered.code.code} needs a passing example"
    found, out = findings(build(tmp_path, passing), registered.code.code)
    assert found == set(), out
    assert not re.search(r" PS[123]\d\d ", out), out


@pytest.mark.parametrize("registered", RULES, ids=IDS)
def test_every_rule_says_why_with_its_source(registered: Rule) -> None:
    assert registered.code.doc.startswith("Why: "), f"{registered.code.code}: start with 'Why: '"
    assert registered.code.summary.endswith("."), registered.code.code


def test_rules_reference_page_is_generated_from_the_rules() -> None:
    page = run_cli("rules", "--format", "markdown", cwd=ROOT).out
    assert (ROOT / "docs" / "reference" / "rules.md").read_text(encoding="utf-8") == page, (
        "docs/reference/rules.md is stale; run: plansite rules --format markdown > docs/reference/rules.md"
    )
    for registered in RULES:
        assert f"## {registered.code.code} {registered.code.slug}" in page


WINDOWED = """\
      - {period: 2025-26, window: fall, value: 35}
      - {period: 2025-26, window: winter, value: 40}
      - {period: 2025-26, window: spring, value: 45.0}
      - {period: 2026-27, window: fall, value: 42}
      - {period: 2026-27, window: winter, value: 47}
      - {period: 2026-27, window: spring, value: 52.5}
      - {period: 2027-28, window: fall, value: 50}
      - {period: 2027-28, window: winter, value: 55}
      - {period: 2027-28, window: spring, value: %s}
"""


def sample_with_windowed_targets(tmp_path: Path, final_spring: str) -> Path:
    project = tmp_path / "sample"
    shutil.copytree(ROOT / "plans", project / "plans")
    shutil.copytree(ROOT / "site_config", project / "site_config")
    goal = project / "plans" / "lincoln-elementary" / "goals" / "lincoln-reading.yml"
    spring_only = (
        "      - {period: 2025-26, window: spring, value: 45.0}\n"
        "      - {period: 2026-27, window: spring, value: 52.5}\n"
        "      - {period: 2027-28, window: spring, value: 60.0}\n"
    )
    text = goal.read_text(encoding="utf-8")
    assert spring_only in text
    goal.write_text(text.replace(spring_only, WINDOWED % final_spring), encoding="utf-8")
    return project


def test_fall_targets_below_the_spring_before_are_not_a_wrong_direction(tmp_path: Path) -> None:
    """Screening results dip each fall; targets are compared within their window."""
    project = sample_with_windowed_targets(tmp_path, "60.0")
    result = run_cli("check", "plans", "--strict", "--as-of", AS_OF, cwd=project)
    assert result.code == 0, result.out


def test_an_end_year_target_that_misses_the_end_target_is_reported(tmp_path: Path) -> None:
    project = sample_with_windowed_targets(tmp_path, "58")
    out = run_cli("check", "plans", "--as-of", AS_OF, cwd=project).out
    assert (
        "error PS413 target-direction: the spring 2027-28 target is 58, "
        "but the end target for spring 2027-28 is 60" in out
    )
