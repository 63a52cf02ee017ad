"""indicators.disclosure: counts given away by rates, intervals and ratios; rounding; averages.

Worked values are computed here from the textbook formulas (scipy's chi-squared quantiles for
exact Poisson limits, Wilson's formula written out), not taken from the module under test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2

from indicators.disclosure import (
    comparator_average,
    denominator_range,
    ratio_rows_to_hide,
    round_published,
    small_by_interval,
    small_by_rate,
    small_complement,
    wilson_count,
)

Z = 1.959963984540054


def wilson(k: int, n: int) -> tuple[float, float]:
    p = k / n
    centre = (2 * k + Z * Z) / (2 * (n + Z * Z))
    half = Z * math.sqrt(Z * Z + 4 * k * (1 - p)) / (2 * (n + Z * Z))
    return centre - half, centre + half


def poisson(k: int) -> tuple[float, float]:
    return chi2.ppf(0.025, 2 * k) / 2, chi2.ppf(0.975, 2 * k + 2) / 2


def frame(rows: list[dict]) -> pd.DataFrame:
    base = {
        "indicator_id": "x",
        "period": "2024",
        "area_code": "A",
        "dimension": "all",
        "category": "all",
        "numerator": np.nan,
        "denominator": np.nan,
        "value": np.nan,
        "lower_ci": np.nan,
        "upper_ci": np.nan,
    }
    return pd.DataFrame([{**base, **r} for r in rows])


@pytest.mark.parametrize(("k", "n"), [(2, 37), (1, 10), (4, 15), (30, 200), (5, 25_000)])
def test_wilson_count_gives_back_the_numerator_from_the_width(k: int, n: int) -> None:
    lo, hi = wilson(k, n)
    assert wilson_count(np.array([k / n]), np.array([hi - lo]))[0] == pytest.approx(k, rel=1e-6)


@pytest.mark.parametrize(
    ("count", "small"),
    [(1, True), (2, True), (4, True), (5, False), (9, False), (40, False)],
)
def test_a_poisson_interval_is_read_as_the_count_it_came_from(count: int, small: bool) -> None:
    # a rate per 100,000 of `count` in 554 children: only the interval's width relative to the value
    lo, hi = poisson(count)
    scale = 100_000 / 554
    f = frame([{"value": count * scale, "lower_ci": lo * scale, "upper_ci": hi * scale}])
    assert small_by_interval(f, np.array(["rate_per_100000"]), 5)[0] == small


def test_the_issues_interval_examples_are_small_counts() -> None:
    # 180.5 per 100,000 with 4.57-1,005.71 (a count of 1); 5.4% with 1.5-17.7 (2 of 37);
    # 40.0% with 35.7-44.4 (200 of 500) is not
    f = frame(
        [
            {"value": 180.5, "lower_ci": 4.57, "upper_ci": 1005.71},
            {"value": 5.4, "lower_ci": 1.5, "upper_ci": 17.7},
            {"value": 40.0, "lower_ci": 35.8, "upper_ci": 44.4},
        ]
    )
    units = np.array(["rate_per_100000", "percent", "percent"])
    assert small_by_interval(f, units, 5).tolist() == [True, True, False]


def test_a_given_numerator_decides_not_the_interval() -> None:
    f = frame([{"numerator": 12, "value": 180.5, "lower_ci": 4.57, "upper_ci": 1005.71}])
    assert not small_by_interval(f, np.array(["rate_per_100000"]), 5)[0]


def test_denominators_come_from_the_row_the_series_or_a_sibling() -> None:
    f = frame(
        [
            {"indicator_id": "pex", "period": "2018/19", "numerator": 40, "denominator": 23_500, "value": 0.17},
            {"indicator_id": "sus", "period": "2018/19", "numerator": 900, "denominator": 23_500, "value": 3.8},
            {"indicator_id": "pex", "period": "2019/20", "value": 0.0042},  # series: 23,500
            {"indicator_id": "sus", "period": "2020/21", "denominator": 24_000, "value": 8.0},
            {"indicator_id": "pex", "period": "2020/21", "value": 0.01},  # series 23,500 or sibling 24,000
            {"indicator_id": "other", "period": "2020/21", "value": 3.0},  # shares no denominator: none
        ]
    )
    lo, hi, exact = denominator_range(f, np.array(["percent"] * 6))
    assert exact.tolist() == [True, True, False, True, False, False]
    assert lo[2] == hi[2] == 23_500
    assert (lo[4], hi[4]) == (23_500, 24_000)
    assert np.isnan(lo[5]) and np.isnan(hi[5])


def test_a_rate_times_a_denominator_on_show_is_a_small_count() -> None:
    f = frame(
        [
            {"indicator_id": "pex", "period": "2018/19", "numerator": 40, "denominator": 23_500, "value": 0.17},
            {"indicator_id": "pex", "period": "2019/20", "value": 0.0042},  # 0.99: hidden
            {"indicator_id": "pex", "period": "2020/21", "value": 0.022},  # 5.2 (estimated denominator): hidden
            {"indicator_id": "pex", "period": "2021/22", "value": 0.05},  # 11.8: shown
            {"indicator_id": "pex", "period": "2022/23", "value": 0.0},  # zero: shown
            {
                "indicator_id": "pex",
                "period": "2023/24",
                "dimension": "looked_after",
                "category": "looked_after",
                "denominator": 15,
                "value": 26.67,
            },  # 4 of 15
        ]
    )
    assert small_by_rate(f, np.array(["percent"] * 6), 5).tolist() == [False, True, True, False, False, True]


def _ratio_frame(black: float, black_marker: str = "", total: float = 547) -> tuple[pd.DataFrame, np.ndarray]:
    f = frame(
        [
            {"indicator_id": "youth_justice_disproportionality", "period": "2017/18", "value": 1.15},
            {"indicator_id": "yj_offenders_linked", "period": "2017/18", "numerator": total, "denominator": total},
            {
                "indicator_id": "yj_offenders_linked",
                "period": "2017/18",
                "dimension": "ethnicity",
                "category": "black",
                "numerator": black,
                "denominator": total,
            },
        ]
    )
    return f, np.array([False, False, black_marker == "c"])


@pytest.mark.parametrize(
    ("black", "hidden", "total", "hide"),
    [(3, "c", 547, True), (164, "", 547, False), (545, "", 547, True), (12, "", 12, False)],
    ids=["group hidden", "all shown", "others are 2", "others are 0"],
)
def test_a_ratio_kpi_is_hidden_when_its_inputs_are(black, hidden, total, hide) -> None:
    f, mask = _ratio_frame(black, hidden, total)
    assert ratio_rows_to_hide(f, mask, 5).tolist() == [hide, False, False]


def test_round_published_rounds_half_away_from_zero() -> None:
    values = np.array([2.675, 2.45, -2.45, 0.06712000000000001, np.nan])
    out = round_published(values, np.array([2, 1, 1, 2, 1]))
    assert out[:4].tolist() == [2.68, 2.5, -2.5, 0.07] and np.isnan(out[4])


def test_comparator_average_leaves_hidden_areas_out_and_says_so() -> None:
    members = pd.DataFrame(
        {
            "indicator_id": ["pex"] * 4,
            "period": ["2023/24"] * 4,
            "value": [0.16, 0.05, np.nan, 0.03],
            "marker": ["", "", "c", ""],
        }
    )
    out = comparator_average(members, expected=10)
    assert out[["value", "n_areas", "n_hidden"]].iloc[0].tolist() == pytest.approx([0.08, 3, 1])
    assert out["note"].iloc[0] == "Average of 3 of 10 neighbours; 1 suppressed [c] and left out"


def test_the_complement_of_a_percentage_of_children_is_a_count_too() -> None:
    """Worked by hand: 37 - 36 = 1; 50 x (100 - 98.0)% = 1; 36 / 0.973 - 36 = 1.0; the Wilson
    interval of 36 of 37 (from the textbook formula above) pins n = 37, so 1; 500 - 400 = 100;
    99.0% of 2,000 leaves 20; 100% leaves 0 (zero is not suppressed); a year later with no
    denominator, 98.0% of about 300 (the series' 2023 cohort) leaves 6 but 99.0% of it leaves 3."""
    lo, hi = wilson(36, 37)
    f = frame(
        [
            {"area_code": "A", "numerator": 36, "denominator": 37, "value": 97.3},
            {"area_code": "B", "denominator": 50, "value": 98.0},
            {"area_code": "C", "numerator": 36, "value": 97.3},
            {"area_code": "D", "value": 97.3, "lower_ci": 100 * lo, "upper_ci": 100 * hi},
            {"area_code": "E", "numerator": 400, "denominator": 500, "value": 80.0},
            {"area_code": "F", "denominator": 2000, "value": 99.0},
            {"area_code": "G", "numerator": 37, "denominator": 37, "value": 100.0},
            {"area_code": "H", "period": "2023", "numerator": 150, "denominator": 300, "value": 50.0},
            {"area_code": "H", "period": "2024", "value": 98.0},
            {"area_code": "H", "period": "2025", "value": 99.0},
        ]
    )
    small = small_complement(f, np.array(["percent"] * len(f)), 5).tolist()
    assert small == [True, True, True, True, False, False, False, False, False, True]


def test_a_rate_of_events_has_no_complement() -> None:
    f = frame([{"numerator": 99, "denominator": 100, "value": 99.0}])
    assert not small_complement(f, np.array(["rate_per_100"]), 5).any()
