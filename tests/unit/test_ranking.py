"""The LAIT ranking method against hand-worked examples."""

import doctest
import math

import pytest

from indicators import ranking
from indicators.ranking import rank_areas

# Eight LAs, low is good. Sorted: 1, 3, 3, 5, 6, 8, 9, 12.
# Competition ranks: 1, 2, 2, 4, 5, 6, 7, 8.
# Linear percentiles (Excel QUARTILE) over n = 8, position p*(n-1):
#   25th: 1.75 -> 3 + 0.75*(3-3) = 3.0;  50th: 3.5 -> 5 + 0.5*(6-5) = 5.5;  75th: 5.25 -> 8 + 0.25*(9-8) = 8.25
# Bands (low is good, a value on a cut point takes the better band):
#   1, 3, 3 -> A (<= 3.0); 5 -> B (<= 5.5); 6, 8 -> C (<= 8.25); 9, 12 -> D.
EIGHT = {"a": 5, "b": 3, "c": 12, "d": 1, "e": 8, "f": 3, "g": 9, "h": 6}


def test_low_is_good_ranks_ties_and_bands():
    r = rank_areas(EIGHT, "low_is_good", "percent")
    assert r.ranked and r.total == 8 and r.eligible == 8
    assert r.ranks == {"d": 1, "b": 2, "f": 2, "a": 4, "h": 5, "e": 6, "g": 7, "c": 8}
    assert r.cut_points == pytest.approx((3.0, 5.5, 8.25))
    assert r.bands == {"d": "A", "b": "A", "f": "A", "a": "B", "h": "C", "e": "C", "g": "D", "c": "D"}
    assert r.rank_text("a") == "Rank 4 of 8"


def test_high_is_good_reverses_ranks_and_bands():
    # Sorted high first: 12, 9, 8, 6, 5, 3, 3, 1 -> ranks 1..6, the two 3s share 6, then 8.
    # Same cut points; high is good: >= 8.25 A (12, 9); >= 5.5 B (8, 6); >= 3.0 C (5, 3, 3); else D (1).
    r = rank_areas(EIGHT, "high_is_good", "rate_per_1000")
    assert r.ranks == {"c": 1, "g": 2, "e": 3, "h": 4, "a": 5, "b": 6, "f": 6, "d": 8}
    assert r.bands == {"c": "A", "g": "A", "e": "B", "h": "B", "a": "C", "b": "C", "f": "C", "d": "D"}


def test_missing_values_are_not_ranked_but_count_towards_coverage():
    # 6 of 8 have a value: 75% exactly, so ranked; M = 6.
    values = {**EIGHT, "c": None, "g": math.nan}
    r = rank_areas(values, "low_is_good", "percent")
    assert r.ranked and r.total == 6 and r.eligible == 8
    assert "c" not in r.ranks and r.rank_text("c") == "Not ranked: no value for this council"
    # Sorted 1, 3, 3, 5, 6, 8: 25th at 1.25 -> 3.0; 50th at 2.5 -> 3 + 0.5*2 = 4.0; 75th at 3.75 -> 5 + 0.75 = 5.75
    assert r.cut_points == pytest.approx((3.0, 4.0, 5.75))


def test_below_three_quarters_coverage_is_not_ranked():
    values = {**EIGHT, "c": None, "g": None, "h": "c"}  # 5 of 8 = 62.5%
    r = rank_areas(values, "low_is_good", "percent")
    assert not r.ranked and r.total == 5
    assert r.rank_text("a") == "Not ranked: only 5 of 8 councils have a value (fewer than 75%)"


@pytest.mark.parametrize(
    ("polarity", "unit", "words"),
    [
        ("low_is_good", "count", "counts depend on the size"),
        ("no_judgement", "percent", "neither a higher nor a lower"),
    ],
)
def test_counts_and_no_judgement_are_not_ranked(polarity, unit, words):
    r = rank_areas(EIGHT, polarity, unit)
    assert not r.ranked and not r.ranks and not r.bands
    assert words in r.reason


def test_all_equal_values_share_rank_one_and_band_a():
    r = rank_areas({"x": 2.0, "y": 2.0, "z": 2.0}, "low_is_good", "percent")
    assert set(r.ranks.values()) == {1} and set(r.bands.values()) == {"A"}


def test_docstring_example():
    assert doctest.testmod(ranking).failed == 0
