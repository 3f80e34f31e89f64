"""The alignment matrix: what serves each goal, across plans, and the missing links."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import FIXTURES, ROOT, run_cli


def matrix(cwd: Path) -> dict[str, dict[str, object]]:
    result = run_cli("alignment", "plans", "--format", "json", cwd=cwd)
    assert result.code == 0, result.out
    return {f"{row['plan']}:{row['goal']}": row for row in json.loads(result.out)}


def test_sample_school_goal_is_linked_from_measures_to_cycles() -> None:
    row = matrix(ROOT)["lincoln-elementary:lincoln-reading"]
    assert row["strategies"] == ["lincoln-phonics-block", "lincoln-win-intervention"]
    assert "take-home-book-bags" in row["change_ideas"]  # type: ignore[operator]
    assert {"book-bags-1", "book-bags-2", "book-bags-3"} <= set(row["cycles"])  # type: ignore[call-overload]
    assert row["gaps"] == []


def test_district_goal_lists_the_school_goals_that_serve_it_once() -> None:
    row = matrix(ROOT)["district:early-literacy"]
    assert row["served_by"] == ["lincoln-elementary:lincoln-reading"]


def test_missing_links_are_named(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "rules-base", project)
    (project / "plans" / "district" / "strategies" / "literacy.yml").unlink()
    row = matrix(project)["district:reading"]
    # The school goal that serves it tests change ideas in cycles: that work counts here.
    assert row["gaps"] == ["no strategy"]
    assert row["change_ideas"] == []
    assert row["change_ideas_below"] != []
    assert row["cycles_below"] != []


def test_a_district_goal_no_school_goal_serves_is_a_gap(tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "rules-base", project)
    school_goal = project / "plans" / "lincoln" / "goals" / "lincoln-reading.yml"
    school_goal.write_text(school_goal.read_text().replace("serves: [district:reading]\n", ""))
    row = matrix(project)["district:reading"]
    assert row["gaps"] == ["no change idea", "no PDSA cycle", "no goal of a plan below serves it"]


def test_text_output_gives_one_line_per_goal() -> None:
    out = run_cli("alignment", "plans", cwd=ROOT).out
    assert (
        "lincoln-elementary:lincoln-reading: measures 2, strategies 2, change ideas 5, cycles 7 (fully linked)"
        in out
    )
    assert len(out.splitlines()) == 11
