"""The reference date that time-dependent rules (stale data, overdue steps) are judged on.

Never the wall clock silently: `--as-of DATE` when given, else the date of the last commit that
touched the plans folder, so a check of the same commit gives the same result on every machine;
only outside git (or with no commit yet) is it today, and the report says which it was.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ReferenceDate:
    """A date and where it came from, as the report states it."""

    date: dt.date
    source: str

    def describe(self) -> str:
        """e.g. `as of 2026-12-04, the date of the last commit to plans/`."""
        return f"as of {self.date.isoformat()}, {self.source}"


def find_reference_date(plans_dir: Path, explicit: dt.date | None = None) -> ReferenceDate:
    """The date rules are judged on; see the module docstring for the order of sources."""
    if explicit is not None:
        return ReferenceDate(explicit, "as given")
    committed = _last_commit_date(plans_dir)
    if committed is not None:
        return ReferenceDate(committed, f"the date of the last commit to {plans_dir.name}/")
    return ReferenceDate(dt.date.today(), "today, as the plans are not in a git repository")


def _last_commit_date(plans_dir: Path) -> dt.date | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        completed = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [git, "log", "-1", "--format=%cs", "--", "."],
            cwd=plans_dir,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    text = completed.stdout.strip()
    if completed.returncode != 0 or not text:
        return None
    return dt.date.fromisoformat(text)
