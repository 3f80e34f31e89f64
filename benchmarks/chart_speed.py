"""Render 1,000 measure charts and 1,000 run charts; print milliseconds and bytes per chart.

    python benchmarks/chart_speed.py [--charts 1000]

Target: a median under 5 ms per chart. The charts are drawn from synthetic but realistic data:
a five-year measure with three collection windows and two student groups, and a PDSA series
of three cycles with 24 dated points.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections.abc import Callable

from markupsafe import Markup

from plansite.charts import measure_chart
from plansite.improvement import PdsaCycle
from plansite.model import Measure
from plansite.runcharts import build_run_chart

YEARS = ["2023-24", "2024-25", "2025-26", "2026-27", "2027-28", "2028-29"]
WINDOWS = ["fall", "winter", "spring"]


def synthetic_measure(rng: random.Random) -> Measure:
    """A windowed measure with a baseline, annual targets, results and two groups' results."""
    actuals = [
        {
            "period": year,
            "window": window,
            "value": f"{40 + i * 2 + rng.uniform(-3, 3):.1f}",
            "n": "3150",
        }
        for i, (year, window) in enumerate((y, w) for y in YEARS[1:4] for w in WINDOWS)
    ]
    actuals += [
        {
            "period": year,
            "window": "spring",
            "subgroup": group,
            "value": f"{rng.uniform(20, 50):.1f}",
            "n": "420",
        }
        for year in YEARS[1:4]
        for group in ("english-learners", "students-with-disabilities")
    ]
    return Measure.model_validate(
        {
            "id": "reading",
            "name": "K-2 students at or above benchmark",
            "unit": "percent",
            "direction": "increase",
            "baseline": {"period": YEARS[0], "window": "spring", "value": "40"},
            "target": {"period": YEARS[-1], "window": "spring", "value": "70"},
            "annual_targets": [
                {"period": year, "window": "spring", "value": f"{45 + 5 * i}"}
                for i, year in enumerate(YEARS[1:])
            ],
            "actuals": actuals,
        }
    )


def synthetic_cycles(rng: random.Random) -> list[PdsaCycle]:
    """Three cycles of a series, eight dated points each."""
    cycles = []
    day = dt.date(2026, 1, 5)
    for number in (1, 2, 3):
        data = []
        for _ in range(8):
            data.append(
                {"date": day.isoformat(), "value": f"{50 + number * 4 + rng.uniform(-5, 5):.0f}"}
            )
            day += dt.timedelta(days=3)
        cycles.append(
            PdsaCycle.model_validate(
                {
                    "id": f"c{number}",
                    "title": f"Cycle {number}",
                    "series": "s",
                    "cycle": str(number),
                    "purpose": "test-change",
                    "status": "complete",
                    "plan": {
                        "objective": "Test.",
                        "measure": {"name": "Returns", "unit": "percent", "target": "70"},
                    },
                    "do": {"data": data},
                }
            )
        )
    return cycles


def time_charts(draw: Callable[[int], Markup | None], count: int) -> tuple[float, float, int]:
    """Median and 95th-percentile milliseconds per chart, and the median size in bytes."""
    times, sizes = [], []
    for index in range(count):
        started = time.perf_counter()
        chart = draw(index)
        times.append((time.perf_counter() - started) * 1000)
        sizes.append(len(str(chart).encode()))
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)], int(statistics.median(sizes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charts", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(20261204)
    measures = [synthetic_measure(rng) for _ in range(args.charts)]
    series = [synthetic_cycles(rng) for _ in range(args.charts)]
    groups = {
        "english-learners": "English learners",
        "students-with-disabilities": "Students with disabilities",
    }

    def draw_measure(i: int) -> Markup | None:
        return measure_chart(measures[i], groups, 10)

    def draw_run(i: int) -> Markup | None:
        chart = build_run_chart(series[i], f"run-{i}", None)
        return chart.svg if chart else None

    print(f"{'chart':<14}{'charts':>8}{'median ms':>11}{'p95 ms':>9}{'bytes':>8}")
    for name, draw in (("measure chart", draw_measure), ("run chart", draw_run)):
        median, p95, size = time_charts(draw, args.charts)
        print(f"{name:<14}{args.charts:>8}{median:>11.2f}{p95:>9.2f}{size:>8}")
    print("target: median under 5 ms per chart")


if __name__ == "__main__":
    main()
