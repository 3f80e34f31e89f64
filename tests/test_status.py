"""Status computed from the data: each rule of status.py on small worked measures."""

from __future__ import annotations

from typing import Any

import pytest

from plansite.model import Goal, Measure
from plansite.status import Status, goal_status, measure_status, roll_up


def measure(**fields: Any) -> Measure:
    """A measure as staff would write it: every value as text, as the loader hands it over."""
    return Measure.model_validate({"id": "m", "name": "Readers", "unit": "percent", **fields})


def results(*rows: tuple[str, str | None, str]) -> list[dict[str, str]]:
    return [
        {"period": period, "value": value, **({"window": window} if window else {})}
        for period, window, value in rows
    ]


YEARLY = {
    "direction": "increase",
    "baseline": {"period": "2023-24", "value": "40"},
    "target": {"period": "2026-27", "value": "55"},
    "annual_targets": [
        {"period": "2024-25", "value": "45"},
        {"period": "2025-26", "value": "50"},
        {"period": "2026-27", "value": "55"},
    ],
}


def test_no_result_yet_is_not_yet_measured() -> None:
    status = measure_status(measure(**YEARLY))
    assert status.status is Status.NOT_MEASURED
    assert status.explanation == "No result for all students has been reported yet."


def test_results_for_groups_only_are_not_yet_measured_and_say_so() -> None:
    rows = [{"period": "2024-25", "value": "30", "subgroup": "english-learners"}]
    status = measure_status(measure(**YEARLY, actuals=rows))
    assert status.status is Status.NOT_MEASURED
    assert "results by student group are shown below" in status.explanation


@pytest.mark.parametrize(
    ("value", "expected", "words"),
    [
        ("50", Status.ON_TRACK, "50 percent, equals the target of 50 percent."),
        ("51.5", Status.ON_TRACK, "51.5 percent, is above the target of 50 percent."),
        ("49.9", Status.OFF_TRACK, "49.9 percent, is below the target of 50 percent."),
        ("56", Status.MET, "56 percent, is above the end target of 55 percent."),
    ],
)
def test_the_latest_result_against_its_years_target(
    value: str, expected: Status, words: str
) -> None:
    rows = results(("2024-25", None, "44"), ("2025-26", None, value))
    status = measure_status(measure(**YEARLY, actuals=rows))
    assert status.status is expected
    assert status.explanation == f"The result for all students in 2025-26, {words}"


def test_lower_is_better_reads_the_other_way() -> None:
    absence = {
        "direction": "decrease",
        "target": {"period": "2026-27", "value": "15"},
        "annual_targets": [{"period": "2025-26", "value": "19.5"}],
    }
    below = measure_status(measure(**absence, actuals=results(("2025-26", None, "18.9"))))
    assert below.status is Status.ON_TRACK
    assert below.explanation.endswith("is below the target of 19.5 percent (lower is better).")
    above = measure_status(measure(**absence, actuals=results(("2025-26", None, "21"))))
    assert above.status is Status.OFF_TRACK
    assert "is above the target of 19.5 percent (lower is better)" in above.explanation


SPRING_TARGETS = {
    "direction": "increase",
    "target": {"period": "2026-27", "window": "spring", "value": "60"},
    "annual_targets": [
        {"period": "2025-26", "window": "spring", "value": "50"},
        {"period": "2026-27", "window": "spring", "value": "60"},
    ],
}


def test_an_interim_window_does_not_decide_the_status() -> None:
    rows = results(("2025-26", "spring", "52"), ("2026-27", "fall", "41"))
    status = measure_status(measure(**SPRING_TARGETS, actuals=rows))
    assert status.status is Status.ON_TRACK
    assert status.latest is not None and status.latest.period == "2025-26"


def test_a_fall_result_above_the_spring_end_target_is_not_met() -> None:
    rows = results(("2025-26", "spring", "52"), ("2026-27", "fall", "65"))
    assert measure_status(measure(**SPRING_TARGETS, actuals=rows)).status is Status.ON_TRACK


def test_the_exact_window_is_preferred_to_a_whole_year_target() -> None:
    targets = {
        "direction": "increase",
        "annual_targets": [
            {"period": "2025-26", "value": "70"},
            {"period": "2025-26", "window": "fall", "value": "40"},
        ],
    }
    rows = results(("2025-26", "fall", "45"))
    assert measure_status(measure(**targets, actuals=rows)).status is Status.ON_TRACK


def test_a_result_from_a_year_without_targets_is_not_rated() -> None:
    rows = results(("2025-26", None, "52"), ("2027-28", None, "30"))
    status = measure_status(measure(**YEARLY, actuals=rows))
    assert status.status is Status.NOT_RATED
    assert status.explanation == "There is no target for 2027-28 to compare with."


def test_a_measure_without_a_direction_is_not_rated() -> None:
    fields = {**YEARLY, "direction": None}
    status = measure_status(measure(**fields, actuals=results(("2025-26", None, "52"))))
    assert status.status is Status.NOT_RATED


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], Status.NOT_MEASURED),
        ([Status.NOT_MEASURED, Status.NOT_RATED], Status.NOT_MEASURED),
        ([Status.MET, Status.MET], Status.MET),
        ([Status.MET, Status.MET, Status.NOT_MEASURED], Status.ON_TRACK),
        ([Status.MET, Status.ON_TRACK], Status.ON_TRACK),
        ([Status.MET, Status.ON_TRACK, Status.OFF_TRACK], Status.OFF_TRACK),
    ],
)
def test_goals_roll_up_conservatively(statuses: list[Status], expected: Status) -> None:
    assert roll_up(statuses) is expected


def test_goal_explanation_counts_rated_measures() -> None:
    on = measure(**YEARLY, actuals=results(("2025-26", None, "51")))
    off = on.model_copy(
        update={
            "id": "m2",
            "actuals": measure(**YEARLY, actuals=results(("2025-26", None, "40"))).actuals,
        }
    )
    unmeasured = measure(**YEARLY).model_copy(update={"id": "m3"})
    goal = Goal.model_validate({"id": "g", "title": "Readers", "statement": "More readers."})
    goal = goal.model_copy(update={"measures": [on, off, unmeasured]})
    status = goal_status(goal)
    assert status.status is Status.OFF_TRACK
    assert status.explanation == "1 of its 2 rated measures on track or met (1 not rated yet)."
    empty = goal.model_copy(update={"measures": []})
    assert goal_status(empty).explanation == "It has no measures yet."


def test_a_latest_result_too_small_to_publish_is_not_rated_and_not_given_away() -> None:
    rows = [
        {"period": "2024-25", "value": "46", "n": "40"},
        {"period": "2025-26", "value": "12.5", "n": "8"},
    ]
    status = measure_status(measure(**YEARLY, actuals=rows), minimum_group_size=10)
    assert status.status is Status.NOT_RATED
    assert status.explanation == (
        "The latest result (2025-26) is about too few students to publish, so it is not rated."
    )
    assert "12.5" not in status.explanation
