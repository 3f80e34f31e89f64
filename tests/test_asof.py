"""The reference date: given, else the last commit to the plans, else today (and it says so)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from conftest import FIXTURES, run_cli
from plansite.asof import find_reference_date


def git(repo: Path, *args: str, date: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def project_in_git(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "rules-base", repo)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "plans", date="2026-03-02T10:00:00+00:00")
    (repo / "README.md").write_text("# Not a plan\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "readme", date="2026-05-05T10:00:00+00:00")
    return repo


def test_the_last_commit_to_the_plans_sets_the_date_not_later_commits_elsewhere(
    tmp_path: Path,
) -> None:
    repo = project_in_git(tmp_path)
    reference = find_reference_date(repo / "plans")
    assert reference.date == dt.date(2026, 3, 2)
    assert (
        run_cli("check", "plans", cwd=repo)
        .out.splitlines()[-1]
        .endswith("as of 2026-03-02, the date of the last commit to plans/.")
    )


def test_a_given_date_wins(tmp_path: Path) -> None:
    repo = project_in_git(tmp_path)
    assert (
        find_reference_date(repo / "plans", dt.date(2027, 1, 1)).describe()
        == "as of 2027-01-01, as given"
    )


def test_outside_git_it_is_today_and_the_report_says_so(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "rules-base", tmp_path / "p")
    reference = find_reference_date(tmp_path / "p" / "plans")
    assert reference.date == dt.date.today()
    assert reference.source == "today, as the plans are not in a git repository"


def test_a_time_dependent_rule_follows_the_reference_date(tmp_path: Path) -> None:
    repo = project_in_git(tmp_path)
    late = run_cli("check", "plans", "--as-of", "2028-01-15", cwd=repo)
    assert "warning PS414 stale-actuals" in late.out
    assert "PS414" not in run_cli("check", "plans", cwd=repo).out
