"""The verdict rule (indicators.status): each chip's verdict, or the reason there is none.

Worked values are computed independently in the comments (scipy.stats.binomtest, by hand), never
taken from the code under test.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from indicators.catalogue import Indicator, load_catalogue
from indicators.periods import parse_period
from indicators.status import Reason, compute_status
from indicators.targets import Target

VERDICT_WORDS = ("on track", "off track", "improving", "worsening", "better", "worse", "similar", "higher", "lower")
TODAY = date(2026, 12, 2)


def indicator(
    unit: str = "percent",
    period_type: str = "academic_year",
    polarity: str = "low_is_good",
    illustrative: bool = False,
    breaks: list[str] | None = None,
) -> Indicator:
    return Indicator(
        id="test_indicator",
        title="Test",
        description="d",
        definition="d",
        polarity=polarity,
        unit=unit,
        period_type=period_type,
        source={"publisher": "DfE", "name": "Test", "url": "https://example.org"},
        objectives=[1],
        strands=["s"],
        illustrative=illustrative,
        breaks=breaks or [],
    )


def series(period_type: str, rows: list[tuple], illustrative: bool = False) -> pd.DataFrame:
    """rows: (period, numerator, denominator, value[, marker])."""
    out = []
    for row in rows:
        period, num, den, value = row[:4]
        out.append(
            {
                "period": period,
                "period_start": pd.Timestamp(parse_period(period, period_type).start),
                "numerator": num,
                "denominator": den,
                "value": value,
                "lower_ci": None,
                "upper_ci": None,
                "marker": row[4] if len(row) > 4 else "",
                "illustrative": illustrative,
            }
        )
    return pd.DataFrame(out).astype({"numerator": float, "denominator": float, "value": float})


def years(first: int, n: int) -> list[str]:
    return [f"{y}/{str(y + 1)[2:]}" for y in range(first, first + n)]


BASE = Target("test_indicator", baseline_period="2019/20")
COUNT = indicator(unit="count", period_type="financial_year")


def test_serious_youth_violence_173_against_211_is_not_significant():
    # counts 211 (2019/20) and 173 (2024/25), both Poisson: exact conditional test, Binomial(384, 0.5),
    # scipy.stats.binomtest(173, 384, 0.5).pvalue = 0.058865 → similar at 95%
    s = series("financial_year", [("2019/20", 211, None, 211), ("2024/25", 173, None, 173)])
    st = compute_status(COUNT, s, {}, BASE, TODAY)
    assert st.baseline.outcome == "similar" and st.baseline.reason is None
    assert st.baseline.p_value == pytest.approx(0.058865, abs=1e-6)
    assert st.baseline.method == "exact conditional test of two Poisson rates"


def test_a_count_is_compared_over_time_only():
    s = series("financial_year", [("2019/20", 300, None, 300), ("2024/25", 282, None, 282)])
    london = series("financial_year", [("2024/25", 9290, None, 9290)])
    st = compute_status(COUNT, s, {"London": london, "England": london}, BASE, TODAY)
    assert {v.reason for v in st.comparisons.values()} == {Reason.COUNT}
    assert str(Reason.COUNT) == "count: compared over time only"


def test_rates_against_a_comparator_use_the_poisson_test():
    # suspensions 2,506/22,737 (11.02 per 100) against 2,147/23,146 (9.28 per 100):
    # binomtest(2506, 4653, 22737/45883).pvalue = 4.424e-09 → higher → worse (low is good)
    ind = indicator(unit="rate_per_100")
    s = series("academic_year", [("2024/25", 2506, 22737, 11.0217)])
    england = series("academic_year", [("2024/25", 2147, 23146, 9.2759)])
    st = compute_status(ind, s, {"England": england}, None, TODAY)
    assert st.comparisons["England"].outcome == "worse"
    assert st.comparisons["England"].p_value == pytest.approx(4.424096e-09, rel=1e-4)


def test_proportions_against_a_comparator_use_the_two_proportion_test():
    # 95/3,665 against 45,395/1,335,160: z = −2.695869, p = 0.007021 → lower → better (low is good)
    ind = indicator(period_type="calendar_year")
    s = series("calendar_year", [("2025", 95, 3665, 2.592)])
    england = series("calendar_year", [("2025", 45395, 1335160, 3.400)])
    neighbours = series("calendar_year", [("2025", None, None, 2.38)])  # an average: no counts
    st = compute_status(ind, s, {"England": england, "Statistical neighbours": neighbours}, None, TODAY)
    assert st.comparisons["England"].outcome == "better"
    assert st.comparisons["England"].p_value == pytest.approx(0.007021, abs=1e-6)
    assert st.comparisons["Statistical neighbours"].reason is Reason.NO_INTERVAL


def test_a_comparator_without_the_same_period_says_so():
    ind = indicator()
    s = series("academic_year", [("2024/25", 50, 1000, 5.0)])
    london = series("academic_year", [("2023/24", 40, 1000, 4.0), ("2024/25", None, None, None, "x")])
    assert compute_status(ind, s, {"London": london}, None, TODAY).comparisons["London"].reason is Reason.NO_COMPARATOR


def test_good_level_of_development_does_not_cross_the_2021_22_reform():
    gld = load_catalogue().get("good_level_of_development")
    rows = [(p, 700, 1000, 70.0) for p in years(2015, 4)] + [(p, None, None, None, "x") for p in years(2019, 2)]
    rows += [(p, 650, 1000, 65.0) for p in years(2021, 4)]
    st = compute_status(gld, series("academic_year", rows), {}, BASE, TODAY)
    assert st.baseline_period == "2018/19"  # 2019/20 was not assessed: the nearest before it
    assert st.baseline.reason is Reason.SERIES_BREAK
    assert st.trend.reason is Reason.SERIES_BREAK


@pytest.mark.parametrize(
    "label,counts,reason,outcome",
    [
        # the case as counts: 100, 100, 100, 100, 200: WLS statistic 15.873 > 9.5495 → increase
        ("significant rise", [100, 100, 100, 100, 200], None, "worsening"),
        # a missing period among the latest five: no trend over the others
        ("gap", [100, 100, None, 100, 200], Reason.TOO_FEW_PERIODS, None),
        # four periods only
        ("short", [100, 100, 100, 200], Reason.TOO_FEW_PERIODS, None),
    ],
)
def test_trend_needs_five_consecutive_periods(label, counts, reason, outcome):
    rows = [
        (p, c, None, c)
        for p, c in zip(years(2024 - len(counts) + 1, len(counts)), counts, strict=True)
        if c is not None
    ]
    st = compute_status(COUNT, series("financial_year", rows), {}, None, TODAY)
    assert (st.trend.reason, st.trend.outcome) == (reason, outcome)


def test_permanent_exclusions_claim_no_trend_across_the_years_without_counts():
    # counts 2014/15-2016/17 and 2023/24-2024/25; 2017/18-2022/23 have values but no counts.
    # The old rule joined the five usable points across the gap and called it improving.
    pex = load_catalogue().get("permanent_exclusion_rate")
    rows = [("2014/15", 19, 23995, 0.0792), ("2015/16", 30, 24369, 0.1231), ("2016/17", 34, 24606, 0.1382)]
    rows += [
        (p, None, None, v)
        for p, v in zip(years(2017, 6), [0.1062, 0.0952, 0.0497, 0.0042, 0.0462, 0.0509], strict=True)
    ]
    rows += [("2023/24", 16, 23146, 0.0691), ("2024/25", 8, 22737, 0.0352)]
    st = compute_status(pex, series("academic_year", rows), {}, BASE, TODAY)
    assert st.trend.outcome is None and st.trend.reason is Reason.NO_INTERVAL
    assert st.baseline.reason is Reason.NO_INTERVAL  # 2019/20 has no counts either


def test_an_illustrative_series_carries_no_verdict():
    ind = indicator(illustrative=True)
    rows = [(p, 300 - 25 * i, 1000, 30 - 2.5 * i) for i, p in enumerate(years(2020, 5))]
    st = compute_status(
        ind,
        series("academic_year", rows, illustrative=True),
        {},
        Target("test_indicator", set_by="Board", set_on="2021-01-01"),
        TODAY,
    )
    verdicts = st.verdicts()
    assert set(verdicts) == {"Target", "Trend", "vs 2020/21"}
    assert all(v.outcome is None and v.reason is Reason.ILLUSTRATIVE for v in verdicts.values())
    assert not any(word in str(v.reason) for v in verdicts.values() for word in VERDICT_WORDS)


def test_a_suppressed_latest_period_is_reported_not_replaced():
    ind = indicator()
    rows = [(p, 50, 1000, 5.0) for p in years(2019, 4)] + [("2023/24", None, 1000, None, "c")]
    st = compute_status(ind, series("academic_year", rows), {}, BASE, TODAY)
    assert (st.suppressed_period, st.latest_period) == ("2023/24", "2022/23")
    assert st.trend.reason is Reason.SUPPRESSED and st.baseline.reason is Reason.SUPPRESSED


@pytest.mark.parametrize(
    "latest,stale",
    [
        ("2024/25", False),  # ended 31 August 2025: within two years of 2 December 2026
        ("2023/24", True),  # ended 31 August 2024: more than two years (2 December 2024) before
    ],
)
def test_stale_series(latest, stale):
    st = compute_status(indicator(), series("academic_year", [(latest, 50, 1000, 5.0)]), {}, None, TODAY)
    assert st.stale is stale


def test_no_target_verdict_without_a_council_target():
    rows = [("2019", 70, None, 70), ("2024", 40, None, 40)]
    ind = indicator(unit="count", period_type="calendar_year")
    default = Target("test_indicator", "2019", "value", 50.0, "2024")  # no set_by / set_on
    assert compute_status(ind, series("calendar_year", rows), {}, default, TODAY).target is None


@pytest.mark.parametrize(
    "latest,outcome",
    [
        # value target 50 by 2024 from 70 in 2019: the trajectory at 2024 is 50; 40 is below it → on track
        (40, "on_track"),
        (60, "off_track"),
    ],
)
def test_council_value_target(latest, outcome):
    rows = [("2019", 70, None, 70), ("2024", latest, None, latest)]
    ind = indicator(unit="count", period_type="calendar_year")
    target = Target("test_indicator", "2019", "value", 50.0, "2024", set_by="Youth Safety Board", set_on="2021-03-15")
    st = compute_status(ind, series("calendar_year", rows), {}, target, TODAY)
    assert st.target.outcome == outcome
    assert dict(st.trajectory)["2024"] == pytest.approx(50.0)


@pytest.mark.parametrize(
    "latest,outcome",
    [
        # direction target: the baseline test decides. 211 → 150: binomtest(150, 361, 0.5) p = 0.0016 → on track
        (150, "on_track"),
        # 211 → 173: p = 0.0589, not significant → no significant change, not "on track"
        (173, "no_significant_change"),
    ],
)
def test_council_direction_target_follows_the_baseline_test(latest, outcome):
    rows = [("2019/20", 211, None, 211), ("2024/25", latest, None, latest)]
    target = Target("test_indicator", "2019/20", set_by="Youth Safety Board", set_on="2021-03-15")
    assert compute_status(COUNT, series("financial_year", rows), {}, target, TODAY).target.outcome == outcome
