"""Signal rules of signals.py on small worked series, and their limits against published tables."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from fractions import Fraction
from functools import cache
from itertools import combinations, groupby

import pytest

from plansite.runlimits import anhoj_limits, perla_runs_limits
from plansite.signals import Analysis, RuleSet, Signal, analyse


def monthly(count: int) -> list[dt.date]:
    """The 9th of each month from September 2025: a measure reported monthly."""
    return [dt.date(2025 + (8 + i) // 12, (8 + i) % 12 + 1, 9) for i in range(count)]


def read(
    values: Sequence[float],
    rule_set: RuleSet = RuleSet.PERLA,
    baseline: int | None = None,
    astronomical: Sequence[int] = (),
) -> Analysis:
    return analyse(values, monthly(len(values)), rule_set, baseline, astronomical)


def kinds(analysis: Analysis) -> list[str]:
    return [signal.kind for signal in analysis.signals]


# --- Perla, Provost and Murray: shift, trend, runs --------------------------------------------

# The first five points set the median at 5. Two later points sit on it.
ON_THE_MEDIAN = [4, 6, 5, 3, 7, 6, 7, 5, 8, 6, 7, 9]


def test_a_point_on_the_median_neither_adds_to_nor_breaks_a_shift() -> None:
    analysis = read(ON_THE_MEDIAN, baseline=5)
    # Breaking the run would leave 3 and 4 points; counting the point would make 8.
    assert analysis.centre == 5
    assert analysis.signals == [
        Signal(
            kind="shift",
            first=4,
            last=11,
            sentence="7 points in a row above the median from January 9, 2026 to August 9, 2026: a shift.",
        )
    ]


def test_points_on_the_median_are_not_counted_in_the_runs() -> None:
    analysis = read(ON_THE_MEDIAN, baseline=5)
    assert (analysis.useful, analysis.runs) == (10, 4)  # below, above, below, above


@pytest.mark.parametrize(("above", "expected"), [(5, []), (6, ["shift"])])
def test_a_shift_needs_six_points_on_one_side(above: int, expected: list[str]) -> None:
    analysis = read([10, 0, 5, *[6] * above, 4], baseline=3)
    assert kinds(analysis) == expected


def test_a_long_shift_is_one_signal_from_its_first_point_to_its_last() -> None:
    analysis = read([9, 1, 9, 1, *[9] * 8], baseline=4)
    assert [(s.kind, s.first, s.last) for s in analysis.signals] == [("shift", 4, 11)]
    assert analysis.signals[0].sentence.startswith("8 points in a row above the median")


def test_equal_neighbours_count_once_in_a_trend() -> None:
    analysis = read([5, 3, 4, 4, 6, 7, 9, 2])
    trend = next(s for s in analysis.signals if s.kind == "trend")
    # 3, 4, 4, 6, 7, 9: the repeated 4 neither adds a point nor breaks the rise.
    assert (trend.first, trend.last) == (1, 6)
    assert (
        trend.sentence == "5 points in a row rising from October 9, 2025 to March 9, 2026: a trend."
    )


def test_a_trend_needs_five_points_once_equal_neighbours_count_once() -> None:
    assert "trend" not in kinds(read([5, 3, 4, 4, 6, 7, 2]))


def test_a_falling_trend_says_so() -> None:
    analysis = read([1, 9, 8, 7, 6, 5, 10])
    assert [s.sentence for s in analysis.signals if s.kind == "trend"] == [
        "5 points in a row falling from October 9, 2025 to February 9, 2026: a trend."
    ]


def test_runs_are_counted_among_points_off_the_median() -> None:
    analysis = read([1, 1, 9, 9, 1, 1, 9, 9, 1, 1, 9, 9])
    assert (analysis.centre, analysis.useful, analysis.runs) == (5, 12, 6)
    assert analysis.signals == []


def test_too_few_runs_signal_in_plain_words() -> None:
    analysis = read([1] * 6 + [9] * 6)
    assert kinds(analysis) == ["shift", "too-few-runs", "shift"]
    assert analysis.signals[1] == Signal(
        kind="too-few-runs",
        first=0,
        last=11,
        sentence="Only 2 runs in 12 points off the median; chance alone gives fewer than 3 in under 1 series in 20, so something has probably changed: too few runs.",
    )


def test_too_many_runs_signal_in_plain_words() -> None:
    analysis = read([1, 9] * 6)
    assert [s.sentence for s in analysis.signals] == [
        "12 runs in 12 points off the median; chance alone gives more than 11 in under 1 series in 20, so the points swing more than chance would make them: too many runs."
    ]


def test_the_runs_rule_waits_for_ten_points_off_the_median_and_says_so() -> None:
    analysis = read([1, 9] * 4 + [5])  # the 5 is the median
    assert analysis.signals == []
    assert analysis.summary == (
        "No shift or trend. Too few points for the runs rule (8 off the median; it needs 10)."
    )


def test_random_looking_variation_is_summarised_as_no_signal() -> None:
    analysis = read([5, 7, 4, 6, 8, 3, 6, 4, 7, 5, 8, 4])
    assert analysis.summary == (
        "No signal: the variation looks random (12 points off the median, 11 runs)."
    )


def test_the_summary_is_the_signals_sentences() -> None:
    analysis = read([1] * 6 + [9] * 6)
    assert analysis.summary == " ".join(s.sentence for s in analysis.signals)


# --- Astronomical points: a judgement the authors make ----------------------------------------


def test_a_flagged_point_is_an_astronomical_signal() -> None:
    analysis = read([5, 7, 40, 6, 5], astronomical=[2])
    assert analysis.signals == [
        Signal(
            kind="astronomical",
            first=2,
            last=2,
            sentence="The plan's authors marked the point on November 9, 2025 as clearly different from the rest: an astronomical point.",
        )
    ]


@pytest.mark.parametrize("rule_set", [RuleSet.ANHOJ, RuleSet.XMR])
def test_flagged_points_are_reported_under_every_rule_set(rule_set: RuleSet) -> None:
    assert "astronomical" in kinds(read([5, 7, 40, 6, 5], rule_set, astronomical=[2]))


def test_a_flag_outside_the_series_is_a_bug() -> None:
    with pytest.raises(ValueError, match="astronomical"):
        read([5, 7, 6], astronomical=[3])


# --- Anhøj and Olesen: longest run and crossings ----------------------------------------------


def test_a_run_longer_than_expected_signals() -> None:
    # 13 points off the median allow a longest run of 7; the 1s make 8.
    analysis = read([9, 1, 9, 1, 9, *[1] * 8], RuleSet.ANHOJ, baseline=4)
    assert analysis.signals == [
        Signal(
            kind="long-run",
            first=5,
            last=12,
            sentence="8 points in a row below the median from February 9, 2026 to September 9, 2026, longer than the 7 that chance alone rarely exceeds: a shift.",
        )
    ]


def test_too_few_crossings_signal() -> None:
    analysis = read([1] * 6 + [9] * 6, RuleSet.ANHOJ)
    assert analysis.signals == [
        Signal(
            kind="few-crossings",
            first=0,
            last=11,
            sentence="The line crosses the median only once in 12 points off the median; chance alone rarely gives fewer than 3, so something has probably changed.",
        )
    ]


def test_anhoj_has_no_trend_rule() -> None:
    assert read([1, 2, 3, 4, 5, 6, 7, 8, 1, 9, 2, 8], RuleSet.ANHOJ).signals == []


# --- Making Data Count: an XmR chart ----------------------------------------------------------

# Worked by hand: mean 60 / 5 = 12; moving ranges 2, 1, 2, 1, mean 1.5; 2.66 * 1.5 = 3.99.
XMR_BASELINE = [10, 12, 11, 13, 14]


def test_xmr_limits_are_the_mean_plus_or_minus_2_66_mean_moving_ranges() -> None:
    analysis = read(XMR_BASELINE, RuleSet.XMR)
    assert (analysis.centre, analysis.centre_name, analysis.baseline) == (12, "mean", 5)
    assert analysis.lower_limit == pytest.approx(8.01)
    assert analysis.upper_limit == pytest.approx(15.99)


def test_a_point_beyond_limits_fixed_on_the_baseline_signals() -> None:
    analysis = read([*XMR_BASELINE, 12, 17, 12], RuleSet.XMR, baseline=5)
    assert analysis.upper_limit == pytest.approx(15.99)
    assert analysis.signals == [
        Signal(
            kind="outside-limits",
            first=6,
            last=6,
            sentence="1 point above the upper limit on March 9, 2026: outside the range of ordinary variation.",
        )
    ]


def test_two_of_three_points_in_the_outer_third_signal() -> None:
    # The outer third begins 2/3 * 3.99 = 2.66 from the mean: above 14.66 and below 9.34.
    analysis = read([*XMR_BASELINE, 15, 12, 15, 12, 9, 9], RuleSet.XMR, baseline=5)
    assert analysis.signals == [
        Signal(
            kind="two-of-three",
            first=5,
            last=7,
            sentence="2 points close to the upper limit from February 9, 2026 to April 9, 2026 (2 out of 3 in a row): an early signal of change.",
        ),
        Signal(
            kind="two-of-three",
            first=9,
            last=10,
            sentence="2 points close to the lower limit from June 9, 2026 to July 9, 2026 (2 out of 3 in a row): an early signal of change.",
        ),
    ]


def test_two_points_in_the_outer_third_three_apart_do_not_signal() -> None:
    assert read([*XMR_BASELINE, 15, 12, 12, 15], RuleSet.XMR, baseline=5).signals == []


def test_a_point_beyond_the_limit_is_not_also_counted_as_close_to_it() -> None:
    analysis = read([*XMR_BASELINE, 17, 15, 12], RuleSet.XMR, baseline=5)
    assert kinds(analysis) == ["outside-limits"]


def test_seven_points_on_one_side_of_the_mean_signal() -> None:
    analysis = read([10, 14, *[13] * 6], RuleSet.XMR, baseline=2)
    assert [s.sentence for s in analysis.signals] == [
        "7 points in a row above the mean from October 9, 2025 to April 9, 2026: a shift."
    ]


def test_a_point_on_the_mean_breaks_a_run_of_seven() -> None:
    assert read([10, 14, 13, 13, 13, 12, 13, 13, 13, 13], RuleSet.XMR, baseline=2).signals == []


@pytest.mark.parametrize(
    ("values", "expected"),
    [([1, 2, 3, 4, 5, 6, 7], ["seven-trend"]), ([1, 2, 3, 4, 4, 5, 6, 7], [])],
)
def test_seven_rising_points_signal_and_an_equal_neighbour_breaks_them(
    values: list[float], expected: list[str]
) -> None:
    # Limits from the first two points are wide enough that only the trend rule can fire.
    analysis = read(values, RuleSet.XMR, baseline=2)
    assert [s for s in kinds(analysis) if s in ("seven-trend", "trend")] == expected


def test_one_point_is_too_few_for_limits_and_says_so() -> None:
    analysis = read([12], RuleSet.XMR)
    assert (analysis.lower_limit, analysis.upper_limit) == (None, None)
    assert analysis.summary == (
        "No run or trend of seven. Too few points for process limits (1 point in the baseline;"
        " they need 2)."
    )


# --- Baselines, rule sets and inputs ----------------------------------------------------------


def test_the_centre_line_comes_from_the_baseline_and_the_rules_read_every_point() -> None:
    analysis = read([1, 2, 3, 9, 9, 9], baseline=3)
    assert (analysis.centre, analysis.baseline, analysis.useful) == (2, 3, 5)


def test_a_baseline_longer_than_the_series_uses_the_whole_series() -> None:
    assert read([1, 2, 3], RuleSet.XMR, baseline=12).baseline == 3


@pytest.mark.parametrize(
    ("values", "dates", "baseline", "message"),
    [
        ([], [], None, "at least one point"),
        ([1.0, 2.0], monthly(1), None, "2 values but 1 dates"),
        ([math.nan], monthly(1), None, "finite"),
        ([1.0], monthly(1), 0, "a baseline needs at least one point, not 0"),
    ],
)
def test_broken_inputs_are_bugs_in_the_caller(
    values: list[float], dates: list[dt.date], baseline: int | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        analyse(values, dates, baseline=baseline)


def test_each_rule_set_is_named_with_its_source() -> None:
    assert [(r.value, r.title, r.citation) for r in RuleSet] == [
        (
            "perla-provost-murray",
            "Run chart rules of Perla, Provost and Murray",
            "Perla, Provost and Murray (BMJ Qual Saf 2011)",
        ),
        ("anhoj-olesen", "Run chart rules of Anhøj and Olesen", "Anhøj and Olesen (PLoS ONE 2014)"),
        (
            "xmr",
            'XmR chart rules of NHS England "Making Data Count"',
            'NHS England "Making Data Count" (XmR)',
        ),
    ]


# --- The runs limits for n = 10..60, against an independent computation ----------------------


@cache
def arrangements_ending(above: int, below: int, last: str) -> tuple[int, ...]:
    """How many sequences of `above` A's and `below` B's ending in `last` have r runs (index r).

    Built point by point, by dynamic programming, rather than from the closed-form counts that
    signals.py uses: a new last point either extends the final run or starts a new one.
    """
    if (above, below) == ((1, 0) if last == "A" else (0, 1)):
        return (0, 1)
    if (above if last == "A" else below) == 0:
        return ()
    shorter = (above - 1, below) if last == "A" else (above, below - 1)
    same = arrangements_ending(*shorter, last)
    other = arrangements_ending(*shorter, "B" if last == "A" else "A")
    counts = [0] * (above + below + 1)
    for runs, ways in enumerate(same):
        counts[runs] += ways
    for runs, ways in enumerate(other):
        counts[runs + 1] += ways
    return tuple(counts)


def runs_distribution_by_dynamic_programming(above: int, below: int) -> list[int]:
    ending_a = arrangements_ending(above, below, "A")
    ending_b = arrangements_ending(above, below, "B")
    size = above + below + 1
    return [
        (ending_a[r] if r < len(ending_a) else 0) + (ending_b[r] if r < len(ending_b) else 0)
        for r in range(size)
    ]


def runs_distribution_by_enumeration(above: int, below: int) -> list[int]:
    """Every arrangement, written out and its runs counted: only for small n."""
    counts = [0] * (above + below + 1)
    for positions in combinations(range(above + below), above):
        sequence = [i in positions for i in range(above + below)]
        counts[len(list(groupby(sequence)))] += 1
    return counts


def limits_from(distribution: list[int]) -> tuple[int, int]:
    """The table's convention, in exact fractions: 5 % critical values as the limits."""
    total = sum(distribution)
    tail = Fraction(1, 20)
    lower = max(
        r for r in range(len(distribution)) if Fraction(sum(distribution[: r + 1]), total) <= tail
    )
    upper = min(
        r for r in range(len(distribution)) if Fraction(sum(distribution[r:]), total) <= tail
    )
    return lower, upper


@pytest.mark.parametrize("useful", range(10, 17))
def test_dynamic_programming_agrees_with_writing_out_every_arrangement(useful: int) -> None:
    above, below = useful // 2, useful - useful // 2
    assert runs_distribution_by_dynamic_programming(above, below) == (
        runs_distribution_by_enumeration(above, below)
    )


def test_runs_limits_for_10_to_60_points_match_an_independent_computation() -> None:
    independent = {
        n: limits_from(runs_distribution_by_dynamic_programming(n // 2, n - n // 2))
        for n in range(10, 61)
    }
    assert {n: perla_runs_limits(n) for n in range(10, 61)} == independent


def test_the_runs_rule_has_no_limits_below_ten_points() -> None:
    assert [perla_runs_limits(n) for n in range(10)] == [None] * 10


# Perla, Provost and Murray, BMJ Qual Saf 2011;20:46-51, Table 1 ("Table for checking for too
# many or too few runs on a run chart"): lower and upper limits by the number of points not on
# the median. Rows 10-40 as transcribed in a public code base found through code search; the
# BMJ PDF could not be consulted while this was written, and no transcription of rows 41-60 was
# found. Check these against the PDF before relying on them.
TABLE_1_AS_TRANSCRIBED = {
    10: (3, 9), 11: (3, 10), 12: (3, 11), 13: (4, 11), 14: (4, 12), 15: (5, 12),
    16: (5, 13), 17: (5, 13), 18: (6, 14), 19: (6, 15), 20: (6, 16), 21: (7, 16),
    22: (7, 17), 23: (7, 17), 24: (8, 18), 25: (8, 18), 26: (9, 19), 27: (9, 20),
    28: (10, 20), 29: (10, 21), 30: (11, 22), 31: (11, 22), 32: (11, 23), 33: (11, 24),
    34: (12, 24), 35: (12, 25), 36: (13, 25), 37: (13, 26), 38: (14, 26), 39: (14, 27),
    40: (15, 27),
}  # fmt: skip

# Where the exact rule and that transcription part: by one run at one end, the band narrower at
# some rows and wider at others, so no single rule gives them. Row 30 is the only even row; its
# transcription is lopsided about the 16 runs expected, where 15 points on each side make the
# distribution symmetric, so it is most likely a copying slip.
COMPUTED_WHERE_THEY_DIFFER = {
    15: (4, 13), 17: (5, 14), 23: (8, 17), 25: (9, 18), 30: (11, 21), 33: (12, 23),
    35: (13, 24), 37: (14, 25),
}  # fmt: skip


def test_runs_limits_match_perla_table_1_except_the_rows_listed() -> None:
    differing = {
        n: perla_runs_limits(n)
        for n, published in TABLE_1_AS_TRANSCRIBED.items()
        if perla_runs_limits(n) != published
    }
    assert differing == COMPUTED_WHERE_THEY_DIFFER
    assert all(n % 2 for n in differing if n != 30)


# --- The Anhøj limits, against qicharts2 and an independent computation ----------------------

# qicharts2 vignette (anhoej/qicharts2, vignettes/qicharts2.Rmd), "Appendix 2: Critical values for
# longest run and number of crossings", generated there by round(log2(n) + 3) and
# qbinom(0.05, n - 1, 0.5): number of useful observations -> (upper limit for longest run,
# lower limit for number of crossings).
QICHARTS2_APPENDIX_2 = {10: (6, 2), 12: (7, 3), 20: (7, 6), 30: (8, 10), 50: (9, 19), 100: (10, 41)}


@pytest.mark.parametrize(("n", "expected"), QICHARTS2_APPENDIX_2.items())
def test_anhoj_limits_match_qicharts2(n: int, expected: tuple[int, int]) -> None:
    assert anhoj_limits(n) == expected


def binomial_quantile_by_pascals_triangle(p: Fraction, size: int) -> int:
    """R's qbinom(p, size, 1/2): a Pascal's triangle row built by additions, as exact fractions."""
    row = [1]
    for _ in range(size):
        row = [a + b for a, b in zip([0, *row], [*row, 0], strict=True)]
    cumulative = Fraction(0)
    for x, ways in enumerate(row):
        cumulative += Fraction(ways, 2**size)
        if cumulative >= p:
            return x
    return size


def test_anhoj_limits_match_an_independent_computation() -> None:
    independent = {
        # The longest run as R writes it, in floating point.
        n: (round(math.log2(n) + 3), binomial_quantile_by_pascals_triangle(Fraction(1, 20), n - 1))
        for n in range(1, 121)
    }
    assert {n: anhoj_limits(n) for n in range(1, 121)} == independent


def test_anhoj_limits_need_a_useful_point() -> None:
    with pytest.raises(ValueError, match="at least one"):
        anhoj_limits(0)
