"""Mutation test: realistic edits to the clean sample each produce the expected finding.

Each mutation is one edit a staff member could make in a pull request. The test applies it
to a copy of the sample, runs the real check, and asserts the expected code at the expected
file and line: the line of `anchor` in the edited file (the first line containing it).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

AS_OF = "2026-12-04"


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str
    old: str
    new: str
    code: str
    anchor: str
    as_of: str = AS_OF
    finding_in: str = ""
    """The file the finding is in, when it is not the edited one."""


MUTATIONS = [
    Mutation(
        "delete a measure's baseline",
        "plans/district/goals/early-literacy.yml",
        "    baseline:\n      value: 51.8\n      period: 2023-24\n      window: spring\n",
        "",
        "PS411",
        "  - id: k2-dibels-benchmark",
    ),
    Mutation(
        "point a strategy at a renamed goal",
        "plans/lincoln-elementary/strategies/reading.yml",
        "(Section 1003) funds.\n    serves: [lincoln-reading]",
        "(Section 1003) funds.\n    serves: [lincoln-readers]",
        "PS301",
        "serves: [lincoln-readers]",
    ),
    Mutation(
        "reverse a lower-is-better target",
        "plans/district/goals/present-safe-connected.yml",
        "    target:\n      value: 12.0\n",
        "    target:\n      value: 30.0\n",
        "PS413",
        "      value: 30.0",
    ),
    Mutation(
        "drop the Act decision of a completed cycle",
        "plans/riverbend-high/cycles/success-huddle-2.yml",
        "  decision: adopt\n",
        "",
        "PS451",
        "status: complete",
    ),
    Mutation(
        "leave a prediction out of a completed cycle",
        "plans/riverbend-high/cycles/success-huddle-2.yml",
        '      prediction: "Yes."\n',
        "",
        "PS450",
        "    - id: q1",
    ),
    Mutation(
        "forget one year's annual target",
        "plans/district/goals/math-achievement.yml",
        "      - {period: 2026-27, value: 36.5}\n",
        "",
        "PS412",
        "      - {period: 2024-25",
    ),
    Mutation(
        "mark an untested change idea adopted",
        "plans/lincoln-elementary/drivers/k2-reading-foundations.yml",
        "    strategies: [lincoln-phonics-block, lincoln-win-intervention]\n    status: idea",
        "    strategies: [lincoln-phonics-block, lincoln-win-intervention]\n    status: adopted",
        "PS443",
        "    status: adopted\n  - id: bilingual",
    ),
    Mutation(
        "lose an action step's roles",
        "plans/riverbend-high/strategies/ninth-grade.yml",
        "time\n        roles: [Principal, Counselor department chair]\n",
        "time\n",
        "PS423",
        "      - id: rhs-team-schedule",
    ),
    Mutation(
        "leave a finished step in progress",
        "plans/riverbend-high/strategies/ninth-grade.yml",
        "amount: 186000, note: per year}\n        status: complete",
        "amount: 186000, note: per year}\n        status: in-progress",
        "PS425",
        "        status: in-progress",
    ),
    Mutation(
        "record a revision without the approving body",
        "plans/district/goals/early-literacy.yml",
        "          that it can be compared with 2024-25 and later results.\n        approved_by: Board of Education\n",
        "          that it can be compared with 2024-25 and later results.\n",
        "PS415",
        "      - date: 2026-01-20",
    ),
    Mutation(
        "pay for a weak-evidence strategy with Section 1003 funds",
        "plans/lincoln-elementary/strategies/reading.yml",
        "      tier: 1\n      citation: >-\n        Gersten",
        "      tier: 4\n      logic_model: Daily small groups build skills.\n"
        "      evaluation_plan: Compare fall and spring DIBELS.\n      citation: >-\n        Gersten",
        "PS428",
        '{source: "Title I, Section 1003"',
    ),
    Mutation(
        "point a school goal at its own plan instead of the district",
        "plans/riverbend-high/goals/rhs-ninth-grade.yml",
        "serves: [district:college-career-ready, district:ninth-grade-on-track]",
        "serves: [rhs-college-career, district:ninth-grade-on-track]",
        "PS430",
        "serves: [rhs-college-career",
    ),
    Mutation(
        "drop the required attendance goal from a school plan",
        "plans/lincoln-elementary/goals/lincoln-attendance.yml",
        "serves: [district:present-safe-connected, district:reduce-chronic-absence]",
        "serves: [district:close-opportunity-gaps]",
        "PS431",
        "id: lincoln-elementary",
        finding_in="plans/lincoln-elementary/plan.yml",
    ),
    Mutation(
        "unlink a change idea from its drivers",
        "plans/riverbend-high/drivers/ninth-grade-success.yml",
        "    drivers: [weekly-data-review, early-warning-response]\n",
        "    drivers: []\n",
        "PS442",
        "    drivers: []",
    ),
    Mutation(
        "take the measure off a driver diagram's aim",
        "plans/riverbend-high/drivers/ninth-grade-success.yml",
        "  measure: rhs-ninth-on-track\n",
        "",
        "PS440",
        "aim:\n",
    ),
    Mutation(
        "renumber a cycle so the series goes backwards",
        "plans/lincoln-elementary/cycles/win-block-2.yml",
        "cycle: 2\n",
        "cycle: 1\n",
        "PS453",
        "cycle: 1",
    ),
    Mutation(
        "name a student group the goal has no results for",
        "plans/district/goals/close-opportunity-gaps.yml",
        "subgroups: [english-learners, students-with-disabilities]",
        "subgroups: [english-learners, students-with-disabilities, foster-youth]",
        "PS416",
        "subgroups: [",
    ),
    Mutation(
        "let a school target outlast the district plan",
        "plans/riverbend-high/goals/rhs-attendance.yml",
        "    target:\n      value: 20.0\n      period: 2027-28",
        "    target:\n      value: 20.0\n      period: 2029-30",
        "PS432",
        "      value: 20.0",
    ),
    Mutation(
        "stop entering results",
        "plans/district/goals/math-achievement.yml",
        "      - period: 2025-26\n        value: 31.0\n        n: 6455\n        reported: 2026-09-25\n"
        "        note: Grades 6-8 rose 2.3 points after the new middle school materials; grades 3-5 were flat.\n",
        "",
        "PS414",
        "      - {period: 2024-25, value: 30.1",
        as_of="2027-03-01",
    ),
    Mutation(
        "come back a year later with no new screening results",
        "plans/district/goals/math-achievement.yml",
        "",
        "",
        "PS414",
        "      - {period: 2024-25, window: fall, value: 18.9",
        as_of="2027-12-01",
    ),
]


def apply(mutation: Mutation, tmp_path: Path) -> Path:
    project = tmp_path / "sample"
    shutil.copytree(ROOT / "plans", project / "plans")
    shutil.copytree(ROOT / "site_config", project / "site_config")
    path = project / mutation.path
    text = path.read_text(encoding="utf-8")
    if mutation.old != mutation.new:  # an unchanged file: only the reference date moves on
        assert text.count(mutation.old) == 1, f"{mutation.name}: the edit must match exactly once"
        path.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")
    return project


def anchor_line(project: Path, mutation: Mutation) -> int:
    text = (project / (mutation.finding_in or mutation.path)).read_text(encoding="utf-8")
    index = text.find(mutation.anchor)
    assert index >= 0, f"{mutation.name}: anchor not found"
    return text.count("\n", 0, index) + 1


def test_there_are_at_least_fifteen_mutations_covering_many_rules() -> None:
    assert len(MUTATIONS) >= 15
    assert len({m.code for m in MUTATIONS}) >= 15


def test_the_unmutated_sample_is_clean_strictly() -> None:
    result = run_cli("check", "plans", "--strict", "--as-of", AS_OF, cwd=ROOT)
    assert result.code == 0, result.out


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_mutation_is_caught_at_the_right_place(mutation: Mutation, tmp_path: Path) -> None:
    project = apply(mutation, tmp_path)
    result = run_cli("check", "plans", "--as-of", mutation.as_of, cwd=project)
    line = anchor_line(project, mutation)
    where = mutation.finding_in or mutation.path
    pattern = rf"^{re.escape(where)}:{line}(:\d+)?: (error|warning|info) {mutation.code} "
    assert re.search(pattern, result.out, re.MULTILINE), f"{mutation.name}:\n{result.out}"
