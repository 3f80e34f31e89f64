"""Charts: static SVG that parses, names itself, matches its table, and withholds small groups."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build
from htmlscan import Page, Table, scan, site_pages
from plansite.charts import is_suppressed, measure_chart, measure_series, nice_ticks
from plansite.improvement import PdsaCycle
from plansite.model import Measure, RunCharts
from plansite.pipeline import check_plans
from plansite.runcharts import build_run_chart, run_series
from plansite.signals import RuleSet

SVG = re.compile(r'<svg class="ps-chart".*?</svg>', re.DOTALL)
NS = "{http://www.w3.org/2000/svg}"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="module")
def pages(sample_site: Path) -> dict[str, Page]:
    return site_pages(sample_site)


def charts_of(page: Page) -> dict[str, ET.Element]:
    """Every chart on a page by the id of its title, parsed as XML."""
    found = {}
    for source in SVG.findall(page.main_html):
        svg = ET.fromstring(source)  # noqa: S314 -- SVG this project wrote
        title = svg.find(f"{NS}title")
        assert title is not None
        found[title.get("id", "").removesuffix("-title")] = svg
    return found


def plotted(svg: ET.Element, series: str) -> list[tuple[str, str, float]]:
    return [
        (e.get("data-period", ""), e.get("data-window", ""), float(e.get("data-value", "nan")))
        for e in svg.iter()
        if e.get("data-series") == series and e.get("data-value") is not None
    ]


def table(page: Page, caption: str) -> Table:
    return next(t for t in page.tables if t.caption == caption)


def number(cell: str) -> float:
    return float(cell.split(" ", maxsplit=1)[0].replace(",", ""))


# ---------------------------------------------------------------- every chart


def test_every_chart_parses_and_has_a_title_and_a_description(pages: dict[str, Page]) -> None:
    count = 0
    for address, page in pages.items():
        for chart_id, svg in charts_of(page).items():
            assert svg.get("role") == "img", address
            assert svg.get("aria-labelledby") == f"{chart_id}-title"
            assert svg.get("aria-describedby") == f"{chart_id}-desc"
            title, desc = svg.find(f"{NS}title"), svg.find(f"{NS}desc")
            assert title is not None and (title.text or "").strip(), (address, chart_id)
            assert desc is not None and len(desc.text or "") > 40, (address, chart_id)
            assert not list(svg.iter(f"{NS}script")), address
            count += 1
    assert count >= 30


def test_a_measure_chart_draws_the_numbers_of_its_table(pages: dict[str, Page]) -> None:
    plan_set = check_plans(ROOT / "plans", ROOT / "site_config").plan_set
    checked = 0
    for plan in plan_set.plans.values():
        for goal in plan.goals:
            page = pages[f"{plan.id}/goals/{goal.id}/"]
            charts = charts_of(page)
            for measure in goal.measures:
                svg = charts.get(f"chart-{measure.id}")
                if svg is None:
                    continue
                rows = table(page, f"{measure.name}: baseline, targets and overall results").rows
                has_window = len(rows[0]) == 7
                series: dict[str, list[tuple[str, str, float]]] = {
                    "Baseline": [], "Result, all students": [], "Annual target": [], "End target": []
                }  # fmt: skip
                for row in rows:
                    when = (row[0], row[1].lower() if has_window else "")
                    target, result = row[-5], row[-4]
                    if result.endswith("(baseline)"):
                        series["Baseline"].append((*when, number(result)))
                    elif result and not result.startswith("Suppressed"):
                        series["Result, all students"].append((*when, number(result)))
                    if target:
                        series["Annual target"].append((*when, number(target)))
                    if target.endswith("(end target)"):
                        series["End target"].append((*when, number(target)))
                for name, expected in series.items():
                    assert plotted(svg, name) == expected, (measure.id, name)
                checked += 1
    assert checked >= 15


def test_a_run_chart_draws_the_points_of_its_table(pages: dict[str, Page]) -> None:
    page = pages["lincoln-elementary/cycles/book-bags-2/"]
    svg = charts_of(page)["run-chart-book-bags-2"]
    drawn = [float(e.get("data-value", "nan")) for e in svg.iter() if e.get("data-date")]
    listed = table(
        page,
        "Points in the run chart: Book bags returned with the picture log marked, at each "
        "exchange (percent of students)",
    )
    assert drawn == [number(row[2]) for row in listed.rows]
    assert len(drawn) > 7  # the whole series, not only this cycle


def test_a_run_chart_names_its_rules_and_says_what_it_found(pages: dict[str, Page]) -> None:
    text = pages["lincoln-elementary/cycles/book-bags-2/"].main_text
    assert "Run chart rules of Perla, Provost and Murray." in text
    assert (
        "6 points in a row below the median from November 5, 2026 to December 3, 2026: a shift."
        in text
    )


# ---------------------------------------------------------------- small groups


def test_results_about_too_few_students_are_suppressed_never_printed(
    pages: dict[str, Page],
) -> None:
    page = pages["district/goals/early-literacy/"]
    groups = table(
        page, "K-2 students at or above DIBELS 8 benchmark: results for each student group"
    )
    foster = next(row for row in groups.rows if row[0] == "Students in foster care")
    assert foster[3:] == ["Suppressed (too few students to publish)", "fewer than 10"]
    assert "37.5" not in page.main_html


def measure(**fields: object) -> Measure:
    base = {"id": "m", "name": "Readers", "unit": "percent", "direction": "increase"}
    return Measure.model_validate({**base, **fields})


def test_a_small_group_is_neither_plotted_nor_described() -> None:
    m = measure(
        baseline={"period": "2023-24", "value": "40"},
        actuals=[
            {"period": "2024-25", "value": "45", "n": "300"},
            {"period": "2024-25", "subgroup": "foster-youth", "value": "12.5", "n": "8"},
            {"period": "2025-26", "subgroup": "foster-youth", "value": "25", "n": "12"},
        ],
    )
    lines, withheld = measure_series(m, {"foster-youth": "Students in foster care"}, 10)
    assert withheld == 1
    assert [line.points for line in lines if line.name.endswith("foster care")] == [
        {("2025-26", None): 25.0}
    ]
    chart = str(measure_chart(m, {"foster-youth": "Students in foster care"}, 10))
    assert 'data-value="12.5"' not in chart
    assert "1 result about too few students is not shown" in chart
    assert is_suppressed(m.actuals[1], 10)
    assert not is_suppressed(m.actuals[2], 10)


def test_series_differ_by_shape_and_line_style_not_colour_alone() -> None:
    m = measure(
        baseline={"period": "2023-24", "value": "40"},
        annual_targets=[{"period": "2024-25", "value": "45"}, {"period": "2025-26", "value": "50"}],
        actuals=[{"period": "2024-25", "value": "44"}, {"period": "2025-26", "value": "51"}],
    )
    svg = ET.fromstring(str(measure_chart(m, {}, 10)))  # noqa: S314 -- our own SVG
    lines = [e for e in svg.iter(f"{NS}polyline") if e.get("data-series")]
    dashes = {e.get("stroke-dasharray") for e in lines}
    assert len(dashes) == len(lines) >= 2  # each series its own line style
    target_marks = {e.tag for e in svg.iter() if e.get("data-series") == "Annual target"}
    result_marks = {e.tag for e in svg.iter() if e.get("data-series") == "Result, all students"}
    assert target_marks != result_marks  # and its own marker shape


def test_ticks_are_round_numbers_covering_the_range() -> None:
    assert nice_ticks(36.2, 71.8) == [30.0, 40.0, 50.0, 60.0, 70.0, 80.0]
    assert nice_ticks(0.0, 4.6) == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]


# ---------------------------------------------------------------- golden charts


@pytest.mark.parametrize(
    ("name", "address", "chart_id"),
    [
        (
            "chart-k2-dibels-benchmark.svg",
            "district/goals/early-literacy/",
            "chart-k2-dibels-benchmark",
        ),
        (
            "run-chart-book-bags.svg",
            "lincoln-elementary/change-ideas/take-home-book-bags/",
            "run-chart-take-home-book-bags",
        ),
    ],
)
def test_chart_matches_its_golden_file(
    name: str, address: str, chart_id: str, sample_site: Path, update_golden: bool
) -> None:
    page = scan(sample_site / address / "index.html")
    chart = next(s for s in SVG.findall(page.main_html) if f'id="{chart_id}-title"' in s)
    golden = GOLDEN / name
    if update_golden:
        golden.write_text(chart + "\n", encoding="utf-8")
    assert chart + "\n" == golden.read_text(encoding="utf-8")


def test_the_rule_set_is_a_setting_and_the_chart_names_it(tmp_path: Path) -> None:
    root = tmp_path / "project"
    for name in ("plans", "site_config", "theme", "docs"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    organization = root / "site_config" / "organization.yml"
    organization.write_text(
        organization.read_text() + "run_charts:\n  rules: anhoj-olesen\n  baseline: 6\n"
    )
    built = mkdocs_build(root, "--site-dir", str(root / "site"))
    assert built.returncode == 0, built.stderr
    page = scan(
        root / "site" / "lincoln-elementary" / "change-ideas" / "take-home-book-bags" / "index.html"
    )
    assert "Anhøj and Olesen" in page.main_text
    assert "Perla" not in page.main_text


# ---------------------------------------------------------------- which points a run chart joins


def cycle(
    number: int, name: str, values: list[int], unit: str = "percent", **measure: object
) -> PdsaCycle:
    start = dt.date(2026, 1, 5) + dt.timedelta(days=30 * number)
    data = [
        {"date": (start + dt.timedelta(days=3 * i)).isoformat(), "value": str(v)}
        for i, v in enumerate(values)
    ]
    return PdsaCycle.model_validate(
        {
            "id": f"c{number}",
            "title": f"Cycle {number}",
            "series": "s",
            "cycle": str(number),
            "purpose": "test-change",
            "status": "complete",
            "plan": {"objective": "Test.", "measure": {"name": name, "unit": unit, **measure}},
            **({"do": {"data": data}} if values else {}),
        }
    )


def test_cycles_join_only_when_they_measure_the_same_thing() -> None:
    one = cycle(1, "Bags returned with the reading log", [40, 42, 45])
    two = cycle(2, "Bags returned with the picture log", [60, 62, 66])
    three = cycle(3, "Bags returned with the picture log", [64, 61, 63])
    series = run_series([one, two, three], focus=two)
    assert series is not None
    assert series.cycles == [2, 2, 2, 3, 3, 3]
    alone = run_series([one, two, three], focus=one)
    assert alone is not None and alone.cycles == [1, 1, 1]


def test_a_cycle_without_data_has_no_chart_rather_than_another_cycles() -> None:
    done = cycle(1, "Missing assignments", [5, 4, 4, 3])
    planned = cycle(2, "Missing assignments", [])
    assert run_series([done, planned], focus=planned) is None
    assert build_run_chart([done, planned], "x", None, focus=planned) is None


def test_several_cycles_are_judged_against_the_first_cycles_median() -> None:
    first = cycle(1, "Returns", [40, 42, 41, 43, 40, 42])
    second = cycle(2, "Returns", [60, 62, 61, 63, 64, 62])
    chart = build_run_chart([first, second], "x", None)
    assert chart is not None
    assert chart.analysis.baseline == 6
    assert chart.analysis.centre == 41.5
    assert "7 points in a row above the median" in chart.finding  # cycle 1's last 42, then cycle 2
    assert "Median of cycle 1: 41.5" in str(chart.svg)


def test_a_running_total_gets_no_rules() -> None:
    total = cycle(
        1, "Interviews completed (running total)", [2, 5, 9, 12, 15, 19, 22, 26], cumulative="true"
    )
    chart = build_run_chart([total], "x", None)
    assert chart is not None
    assert chart.analysis.signals == []
    assert chart.finding.startswith("This is a running total")


def test_xmr_on_a_short_series_falls_back_to_the_run_chart_rules_and_says_so() -> None:
    short = cycle(1, "Minutes", [30, 32, 31, 29, 33, 30, 31, 32])
    chart = build_run_chart([short], "x", RunCharts.model_validate({"rules": "xmr"}))
    assert chart is not None
    assert chart.analysis.rule_set is RuleSet.PERLA
    assert chart.finding.startswith("An XmR chart needs at least 12 points")


def test_a_flat_xmr_baseline_sets_no_limits() -> None:
    flat = cycle(1, "Minutes", [30] * 12 + [31, 30])
    settings = RunCharts.model_validate({"rules": "xmr", "baseline": "12"})
    chart = build_run_chart([flat], "x", settings)
    assert chart is not None
    assert chart.analysis.upper_limit is None
    assert "do not vary at all" in chart.finding
