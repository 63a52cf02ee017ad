"""Issue 15: statistics are computed on the full data for both roles; viewers get the same verdicts,
with only the figures (and the numbers of tests) that would give a small count back withheld."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats as sps

from indicators.catalogue import load_catalogue
from indicators.services import series, uploads, viewer
from indicators.status import Reason, compute_status
from indicators.targets import Target

HOME = "E09000019"


def _load(engine, counts: dict[str, int], denominator: int = 1000) -> None:
    lines = [
        "indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci,note"
    ]
    for period, n in counts.items():
        lines.append(f"neet_16_17,{period},{HOME},Islington,all,all,{n},{denominator},{n / denominator * 100:g},,,")
    parsed = uploads.parse(("\n".join(lines) + "\n").encode(), "neet.csv", "native")
    assert parsed.errors == [], [uploads.describe(p) for p in parsed.errors]
    uploads.commit(engine, parsed, "test-analyst")
    viewer.clear()


def _both(engine) -> tuple[series.IndicatorSeries, series.IndicatorSeries]:
    get = series.indicator_series
    return get(engine, ["neet_16_17"], "analyst")["neet_16_17"], get(engine, ["neet_16_17"], "viewer")["neet_16_17"]


def _chi2_trend_p(events: list[int], n: int) -> float:
    """Cochran-Armitage chi-squared test for trend in proportions (equal denominators), by hand."""
    t = list(range(len(events)))
    big_n, total = n * len(events), sum(events)
    p = total / big_n
    t_bar = sum(n * ti for ti in t) / big_n
    num = sum(e * (ti - t_bar) for e, ti in zip(events, t, strict=True)) ** 2
    den = p * (1 - p) * sum(n * (ti - t_bar) ** 2 for ti in t)
    return float(sps.chi2.sf(num / den, 1))


def test_a_suppressed_count_inside_the_series_gives_the_viewer_the_analysts_trend(empty_engine) -> None:
    counts = {"2020": 60, "2021": 45, "2022": 3, "2023": 20, "2024": 10}  # 3 is [c] for viewers
    _load(empty_engine, counts)
    analyst, shown = _both(empty_engine)
    hidden = shown.series[shown.series["period"] == "2022"].iloc[0]
    assert hidden["marker"] == "c" and pd.isna(hidden["value"]) and pd.isna(hidden["lower_ci"])
    # falling from 6% to 1%: significant at 99.8% on all five years (chi-squared for trend by hand)
    assert _chi2_trend_p(list(counts.values()), 1000) < 0.002
    assert analyst.status.trend.outcome == "improving"
    assert shown.status.trend.outcome == analyst.status.trend.outcome
    assert {k: v.status for k, v in shown.status.verdicts().items()} == {
        k: v.status for k, v in analyst.status.verdicts().items()
    }
    # the test's p-value used the hidden 3, so viewers get the verdict without it
    assert analyst.status.trend.p_value is not None and shown.status.trend.p_value is None
    assert shown.status.latest_value == analyst.status.latest_value == pytest.approx(1.0)


def test_a_suppressed_latest_period_is_suppressed_for_both_roles(empty_engine) -> None:
    _load(empty_engine, {"2020": 60, "2021": 45, "2022": 40, "2023": 20, "2024": 2})
    analyst, shown = _both(empty_engine)
    for item in (analyst, shown):
        assert item.status.latest_period == "2023" and item.status.suppressed_period == "2024"
        assert item.status.trend.reason is Reason.SUPPRESSED
    assert pd.isna(shown.series.loc[shown.series["period"] == "2024", "value"]).all()


def _frame(values: dict[str, tuple[int, bool]]) -> pd.DataFrame:
    rows = [
        {
            "period": p,
            "period_start": pd.Timestamp(f"{p}-01-01"),
            "numerator": n,
            "denominator": 1000,
            "value": n / 10,
            "lower_ci": math.nan,
            "upper_ci": math.nan,
            "marker": None,
            "hidden": h,
        }
        for p, (n, h) in values.items()
    ]
    return pd.DataFrame(rows)


def test_a_hidden_baseline_keeps_its_verdict_but_not_its_numbers() -> None:
    ind = load_catalogue().get("neet_16_17")
    frame = _frame({"2019": (4, True), "2023": (80, False), "2024": (90, False)})
    target = Target("neet_16_17", baseline_period="2019", kind="direction", set_by="Council", set_on="2020-01-01")
    status = compute_status(ind, frame, {}, target)
    # 90 of 1000 against 4 of 1000: worse (higher is worse) on any two-sample test
    assert sps.fisher_exact([[90, 910], [4, 996]]).pvalue < 0.001
    assert status.baseline.outcome == "worse" and status.baseline_value == pytest.approx(0.4)
    shown = viewer.protect_status(status, frame, "viewer")
    assert shown.baseline.outcome == "worse" and shown.baseline.p_value is None
    assert shown.baseline_value is None and shown.change is None
    assert viewer.protect_status(status, frame, "analyst") is status
    # nothing hidden in the trend's years: its numbers stay
    assert shown.trend == status.trend
