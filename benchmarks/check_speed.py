"""Benchmark `plansite check` on a synthetic district of many schools; print time and peak memory.

Usage: python benchmarks/check_speed.py [--schools 50] [--runs 3] [--keep DIR]

The synthetic district has one district plan and, per school, a plan, four goals with two
measures each, two strategy files, a driver diagram and 32 PDSA cycles: 40 files a school,
about 2,000 files for 50 schools. Target: under 2 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLAN = """\
id: {id}
title: {title} Improvement Plan 2025-2028
organization: {title}
level: {level}
{parent}period: {{start: 2025-26, end: 2027-28}}
adoption: {{date: 2025-08-19, body: School Site Council}}
mission: |
  {title} helps every student read, reason and belong, every day.
vision: Every student leaves {title} ready for the next step.
summary: |
  Our needs assessment showed gaps in early reading and attendance. This plan targets both
  with strategies that have strong evidence and with short PDSA cycles run by our teams.
beliefs:
  - id: every-child
    name: Every child belongs
    text: Every student is known by name, strength and need.
  - id: data-driven
    name: We learn from data
    text: We test changes on a small scale before we spread them.
needs:
  - id: reading-gap
    statement: Only 41% of third graders met the reading standard.
root_causes:
  - id: uneven-phonics
    statement: Phonics is taught with different materials in each classroom.
    needs: [reading-gap]
"""

GOAL = """\
id: goal-{n}
code: "{n}"
title: Goal {n}
statement: By spring 2028, {target}% of students will meet the standard in area {n}.
beliefs: [every-child, data-driven]
{serves}measures:
{measures}"""

MEASURE = """\
  - id: goal-{n}-measure-{m}
    name: Measure {m} of goal {n}
    definition: Percent of students at or above benchmark on the spring assessment.
    unit: percent
    direction: {direction}
    population: All enrolled students in the tested grades.
    sources: [State assessment, District benchmark]
    cadence: annually
    baseline: {{value: 41.5, period: 2024-25}}
    target: {{value: {target}, period: 2027-28}}
    annual_targets:
      - {{period: 2025-26, value: 45}}
      - {{period: 2026-27, value: 50}}
      - {{period: 2027-28, value: {target}}}
    actuals:
      - {{period: 2025-26, value: 44.1, n: 410}}
      - {{period: 2025-26, subgroup: english-learners, value: 31.0, n: 62}}
"""

STRATEGY = """\
  - id: strategy-{g}-{s}
    title: Strategy {s} for goal {g}
    description: Teachers use explicit, systematic instruction with daily practice.
    serves: [goal-{g}]
    addresses: [uneven-phonics]
    roles: [Principal, Instructional coach]
    evidence: {{tier: 2, citation: "Foorman et al. 2016, IES practice guide."}}
    funding: [{{source: "Title I, Part A", amount: 25000}}]
    impact_measures: [goal-{g}-measure-1]
    action_steps:
      - id: step-{g}-{s}-1
        title: Train staff
        roles: [Instructional coach]
        start: 2025-08-15
        end: 2025-10-30
        year: 2025-26
        status: complete
      - id: step-{g}-{s}-2
        title: Coach in classrooms
        roles: [Instructional coach]
        recurrence: monthly
        year: 2025-26
        status: in-progress
"""

DRIVERS = """\
id: drivers
title: Reading by grade 3
aim:
  statement: By May 2027, 75% of second graders read at benchmark.
  measure: goal-1-measure-1
  goal: goal-1
primary_drivers:
  - {id: core-instruction, statement: Strong core instruction}
  - {id: time-on-text, statement: More time reading text}
secondary_drivers:
  - {id: decodables, statement: Daily decodable practice, drives: [core-instruction, time-on-text]}
change_ideas:
"""

CHANGE_IDEA = """\
  - id: idea-{i}
    title: Change idea {i}
    drivers: [decodables]
    strategies: [strategy-1-1]
    status: testing
"""

CYCLE = """\
id: cycle-{i}-{c}
title: Cycle {c} of change idea {i}
change_idea: idea-{i}
series: idea-{i}
cycle: {c}
{previous}purpose: test-change
status: complete
start: 2025-{month:02d}-01
end: 2025-{month:02d}-20
team: [Grade 2 teacher, Reading specialist]
plan:
  objective: Test the change with one class for three weeks.
  questions:
    - {{id: q1, question: Does fluency rise?, prediction: Up 5 words correct per minute.}}
  measure: {{name: Median words correct per minute, unit: words per minute}}
do:
  observations: Students used the texts daily.
  data:
    - {{date: 2025-{month:02d}-05, value: 50}}
    - {{date: 2025-{month:02d}-12, value: 53}}
    - {{date: 2025-{month:02d}-19, value: 56}}
study:
  results:
    - {{question: q1, result: Up 6 words correct per minute., prediction_held: "yes"}}
  learning: The change works with one class.
act:
  decision: {decision}
  next_steps: Try it with two classes.
"""

ORGANIZATION = """\
name: Benchmark Unified School District
subgroups:
  - {id: english-learners, name: English learners}
"""


def write_district(root: Path, schools: int) -> int:
    """Write the synthetic project under root; return how many YAML files it has."""
    files: dict[str, str] = {"site_config/organization.yml": ORGANIZATION}
    files.update(plan_files("district", "Benchmark USD", "district", ""))
    for number in range(1, schools + 1):
        files.update(
            plan_files(f"school-{number}", f"School {number}", "school", "parent: district\n")
        )
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sum(1 for name in files if name.startswith("plans/"))


def plan_files(plan_id: str, title: str, level: str, parent: str) -> dict[str, str]:
    base = f"plans/{plan_id}"
    files = {f"{base}/plan.yml": PLAN.format(id=plan_id, title=title, level=level, parent=parent)}
    for n in range(1, 5):
        serves = f"serves: [district:goal-{n}]\n" if parent else ""
        measures = "".join(
            MEASURE.format(n=n, m=m, target=60, direction="increase") for m in (1, 2)
        )
        files[f"{base}/goals/goal-{n}.yml"] = GOAL.format(
            n=n, target=60, serves=serves, measures=measures
        )
    for group in (1, 2):
        body = "".join(STRATEGY.format(g=g, s=group) for g in range(1, 5))
        files[f"{base}/strategies/group-{group}.yml"] = "strategies:\n" + body
    files[f"{base}/drivers/drivers.yml"] = DRIVERS + "".join(
        CHANGE_IDEA.format(i=i) for i in range(1, 9)
    )
    for idea in range(1, 9):
        for cycle in range(1, 5):
            previous = f"previous: cycle-{idea}-{cycle - 1}\n" if cycle > 1 else ""
            # The last cycle of each series adopts the change; the ones before adapt it.
            decision = "adapt" if cycle < 4 else "adopt"
            files[f"{base}/cycles/cycle-{idea}-{cycle}.yml"] = CYCLE.format(
                i=idea, c=cycle, previous=previous, month=cycle + 1, decision=decision
            )
    return files


def time_check(root: Path) -> tuple[float, float, str]:
    """Run `plansite check plans` once; return seconds, peak memory in MiB, and its summary."""
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "plansite", "check", "plans", "--strict", "--as-of", "2026-12-04"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(
            f"the synthetic district did not check clean:\n{completed.stdout[-2000:]}{completed.stderr}"
        )
    # ru_maxrss of children is the largest peak of any child so far, in KiB on Linux.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak, completed.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the synthetic district here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        files = write_district(root, args.schools)
        timings = [time_check(root) for _ in range(args.runs)]
    seconds = [t[0] for t in timings]
    print(f"synthetic district: 1 district + {args.schools} schools, {files} plan files")
    print(f"check: {timings[-1][2]}")
    print(
        f"wall time over {args.runs} runs: median {statistics.median(seconds):.2f} s, best {min(seconds):.2f} s (target < 2 s)"
    )
    print(f"peak memory (max RSS of the check process): {max(t[1] for t in timings):.0f} MiB")


if __name__ == "__main__":
    main()
