"""Limits of the run chart rules, computed exactly from their distributions.

The runs rule of Perla, Provost and Murray and the two rules of Anhøj and Olesen compare a count
with a limit that depends only on the number of useful points (those off the median). Both are
computed here in integers, from the distributions the papers cite, rather than copied from a
table; `signals.py` applies them.
"""

from __future__ import annotations

import math
from functools import cache
from itertools import accumulate

RUNS_RULE_MINIMUM = 10
"""The runs rule applies from this many useful points (Perla, Provost and Murray)."""


@cache
def perla_runs_limits(useful: int) -> tuple[int, int] | None:
    """The fewest and most runs that do not signal among `useful` points, or None below 10.

    Perla, Provost and Murray's Table 1, "adapted from Swed and Eisenhart" (Ann Math Stat 1943;
    14:66-87), lists for 10 to 60 useful points a lower limit (fewer runs are too few) and an
    upper limit (more runs are too many). This computes them from the exact distribution of the
    number of runs rather than copying the table:

    - The table goes by the number of useful points alone, so it takes the median to split them
      as evenly as it can: n // 2 on one side, the rest on the other. Swed and Eisenhart's
      distribution is conditional on those two counts.
    - The lower limit is Swed and Eisenhart's 5 % critical value, the largest r with
      P(runs <= r) <= 0.05; the upper limit the smallest r with P(runs >= r) <= 0.05.
    - The table's words, fewer *than* the lower limit and more *than* the upper, leave the
      critical values themselves among the counts that do not signal. So the rule is stricter
      than its 5 % suggests: both tails together signal in 0.4 % to 5.1 % of random series of
      10 to 60 points (0.9 % at 20 points, where 5 runs or fewer, or 17 or more, signal).

    Checked against a transcription of Table 1 for 10 to 40 points (the PDF itself was not at
    hand), this gives every even row, n/2 points on each side, but 30, whose transcription is
    lopsided where the distribution is symmetric: most likely a copying slip. Seven odd rows (15,
    17, 23, 25, 33, 35, 37) differ by one run at one end, the band wider at some and narrower at
    others, so no single rule yields them; tests/test_signals.py lists them. The rule is kept: it
    is exact, explainable, and defined past 60 points.
    """
    if useful < RUNS_RULE_MINIMUM:
        return None
    counts = _runs_distribution(useful // 2, useful - useful // 2)
    total = sum(counts.values())
    runs = sorted(counts)
    # P <= 0.05 is 20 * arrangements <= total: all integers, so no rounding decides a limit.
    at_most = zip(runs, accumulate(counts[r] for r in runs), strict=True)
    at_least = zip(runs[::-1], accumulate(counts[r] for r in runs[::-1]), strict=True)
    fewest = max(r for r, arrangements in at_most if 20 * arrangements <= total)
    most = min(r for r, arrangements in at_least if 20 * arrangements <= total)
    return fewest, most


def _runs_distribution(above: int, below: int) -> dict[int, int]:
    """How many arrangements of `above` and `below` points make each number of runs.

    Swed and Eisenhart's counts: 2k runs alternate k runs of each kind, in 2 orders; 2k + 1 runs
    have k + 1 runs of one kind and k of the other. C(a - 1, k - 1) splits a points into k runs.
    """

    def splits(points: int, runs: int) -> int:
        return math.comb(points - 1, runs - 1)

    counts = {}
    for runs in range(2, above + below + 1):
        k = runs // 2
        if runs % 2 == 0:
            ways = 2 * splits(above, k) * splits(below, k)
        else:
            ways = splits(above, k + 1) * splits(below, k) + splits(above, k) * splits(below, k + 1)
        if ways:
            counts[runs] = ways
    return counts


@cache
def anhoj_limits(n: int) -> tuple[int, int]:
    """The longest run expected, and the fewest crossings expected, among `n` useful points.

    Longest run: round(log2(n) + 3) (Schilling 2012). log2(n) is never a half for a whole n
    (2 to the power k + 1/2 is irrational), so the halves-to-even rounding of R and Python never
    decides it, and qicharts2's round(log2(n)) + 3 is the same number. Exactly, in integers:
    round(log2(n)) = k where 2^(2k-1) < n^2 < 2^(2k+1), that is n^2's bit length halved.

    Fewest crossings: R's qbinom(0.05, n - 1, 0.5) (Chen 2010), the smallest x with
    P(X <= x) >= 0.05 for X ~ Binomial(n - 1, 1/2), counted in integers. 20 * C = 2^(n-1) never
    ties (a power of 2 has no factor 5), so R's floating-point fuzz cannot change the answer.
    """
    if n < 1:
        raise ValueError(f"the Anhøj rules need at least one useful point, not {n}")
    longest = (n * n).bit_length() // 2 + 3
    size = n - 1
    at_most = accumulate(math.comb(size, x) for x in range(size + 1))
    fewest_crossings = next(x for x, ways in enumerate(at_most) if 20 * ways >= 2**size)
    return longest, fewest_crossings
