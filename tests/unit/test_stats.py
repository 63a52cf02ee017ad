"""Worked examples for indicators.stats, each computed independently of the code under test.

z values: z95 = Φ⁻¹(0.975) = 1.959964, z998 = Φ⁻¹(0.999) = 3.090232.
Wilson (PHEindicatormethods wilson_lower/upper): (2x + z² ± z√(z² + 4x(1 − x/n))) / (2(n + z²)).
Byar (x ≥ 10): lower x(1 − 1/(9x) − z/(3√x))³, upper (x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³.
Exact Poisson (x < 10): lower qchisq(α/2, 2x)/2, upper qchisq(1 − α/2, 2x + 2)/2; for x = 0 and
x = 1 these have closed forms: upper(0) = −ln(α/2), lower(1) = −ln(1 − α/2).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.stats import (
    byar_ci,
    compare_intervals,
    compare_proportions,
    compare_rates,
    compare_to,
    judge,
    proportion_ci,
    rate_ci,
    recent_trend,
    relative_rate_index,
    wilson_ci,
    z_for,
)

Z95 = 1.959963984540054
Z998 = 3.090232306167813


@pytest.mark.parametrize("level,expected", [(0.95, Z95), (95, Z95), (0.998, Z998), (99.8, Z998)])
def test_z_for(level, expected):
    assert z_for(level) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("level", [0.3, 1.0, 101])
def test_z_for_rejects_bad_levels(level):
    with pytest.raises(ValueError):
        z_for(level)


WILSON = [
    # x, n, level, lower, upper
    # 0/50 at 95%: lower 0 exactly; upper = 2z²/(2(n+z²)) = 3.841459/53.841459 = 0.071348
    (0, 50, 0.95, 0.0, 0.071348),
    # 50/50 at 95%: upper 1 exactly; lower = 1 − 0.071348 by symmetry = 0.928652
    (50, 50, 0.95, 0.928652, 1.0),
    # 65/100 at 95% (PHEindicatormethods phe_proportion(65, 100) example): centre 2·65 + 3.841459
    # = 133.841459; half z√(3.841459 + 260·0.35) = 1.959964·√94.841459 = 19.087593;
    # /(2·103.841459): (114.753866, 152.929052)/207.682918 → 0.552544, 0.736358
    (65, 100, 0.95, 0.552544, 0.736358),
    # 5/20 at 95%: centre 13.841459, half 1.959964·√(3.841459 + 15) = 8.505389; /47.682918
    (5, 20, 0.95, 0.111862, 0.468701),
    (1, 1000, 0.95, 0.000177, 0.005643),
    # 99.8%: z² = 9.549536
    # 0/50: upper = 9.549536/59.549536 = 0.160363
    (0, 50, 0.998, 0.0, 0.160363),
    (50, 50, 0.998, 0.839637, 1.0),
    # 65/100: centre 139.549536, half 3.090232·√(9.549536 + 91) = 30.985116; /219.099072
    (65, 100, 0.998, 0.495495, 0.778354),
    (5, 20, 0.998, 0.071714, 0.589872),
    (999, 1000, 0.998, 0.988647, 0.999913),
]


@pytest.mark.parametrize("x,n,level,lower,upper", WILSON)
def test_wilson_matches_phe_to_4dp(x, n, level, lower, upper):
    lo, hi = wilson_ci(x, n, level)
    assert round(lo, 4) == round(lower, 4)
    assert round(hi, 4) == round(upper, 4)
    assert lo == pytest.approx(lower, abs=2e-6) and hi == pytest.approx(upper, abs=2e-6)


def test_wilson_edges_are_exact():
    assert wilson_ci(0, 7)[0] == 0.0
    assert wilson_ci(7, 7)[1] == 1.0


@pytest.mark.parametrize("x,n", [(None, 10), (3, None), (float("nan"), 10), (0, 0)])
def test_wilson_missing_gives_nan(x, n):
    assert all(math.isnan(v) for v in wilson_ci(x, n))


@pytest.mark.parametrize("x,n", [(-1, 10), (11, 10)])
def test_wilson_rejects_impossible(x, n):
    with pytest.raises(ValueError):
        wilson_ci(x, n)


BYAR = [
    # count, level, lower, upper
    # exact, x = 0: lower 0; upper −ln(0.025) = 3.688879
    (0, 0.95, 0.0, 3.688879),
    # exact, x = 1: lower −ln(0.975) = 0.025318; upper qchisq(0.975, 4)/2 = 11.143287/2
    (1, 0.95, 0.025318, 5.571643),
    # exact, x = 5: qchisq(0.025, 10)/2 = 3.246973/2; qchisq(0.975, 12)/2 = 23.336664/2
    (5, 0.95, 1.623486, 11.668332),
    # exact, x = 9 (last count below 10): qchisq(0.025, 18)/2; qchisq(0.975, 20)/2
    (9, 0.95, 4.115373, 17.084803),
    # Byar, x = 10: 10(1 − 1/90 − 1.959964/(3√10))³ = 10·0.782291³ = 4.787450;
    # upper 11(1 − 1/99 + 1.959964/(3√11))³ = 18.391459
    (10, 0.95, 4.787450, 18.391459),
    # Byar, x = 65 (PHEindicatormethods phe_rate(65, 100) example: 50.16, 82.85 per 100):
    # 65(1 − 0.001709 − 0.081033)³ = 65·0.917257³ = 50.163188
    (65, 0.95, 50.163188, 82.849139),
    (250, 0.95, 219.966884, 282.988519),
    # 99.8%: exact x = 0 upper −ln(0.001) = 6.907755; x = 1 lower −ln(0.999) = 0.0010005
    (0, 0.998, 0.0, 6.907755),
    (1, 0.998, 0.001001, 9.233413),
    (5, 0.998, 0.739372, 16.454745),
    (9, 0.998, 2.452424, 22.657373),
    (10, 0.998, 2.916318, 24.193725),
    (65, 0.998, 42.880261, 94.000291),
    (250, 0.998, 203.962012, 302.832723),
]


@pytest.mark.parametrize("count,level,lower,upper", BYAR)
def test_byar_matches_phe_to_4dp(count, level, lower, upper):
    lo, hi = byar_ci(count, level)
    assert round(lo, 4) == round(lower, 4)
    assert round(hi, 4) == round(upper, 4)


def test_byar_missing_and_negative():
    assert all(math.isnan(v) for v in byar_ci(None))
    with pytest.raises(ValueError):
        byar_ci(-1)


def test_rate_ci_scales_byar():
    # 65 events in 100,000 → 65.0 per 100,000 with Byar limits 50.1632, 82.8491
    rate, lo, hi = rate_ci(65, 100_000, 100_000)
    assert (round(rate, 4), round(lo, 4), round(hi, 4)) == (65.0, 50.1632, 82.8491)
    # 5 events in 2,000 per 1,000 → 2.5 with exact limits 1.623486/2, 11.668332/2
    rate, lo, hi = rate_ci(5, 2000, 1000)
    assert (rate, round(lo, 4), round(hi, 4)) == (2.5, 0.8117, 5.8342)
    assert all(math.isnan(v) for v in rate_ci(5, 0, 1000))


def test_proportion_ci_percent():
    value, lo, hi = proportion_ci(65, 100)
    assert (value, round(lo, 2), round(hi, 2)) == (65.0, 55.25, 73.64)
    value, lo, hi = proportion_ci(65, 100, 0.998, multiplier=1)
    assert (value, round(lo, 4), round(hi, 4)) == (0.65, 0.4955, 0.7784)


RRI = [
    # a, n_g, c, n_r, level, rri, lower, upper
    # (40/1000)/(20/2000) = 4; SE = √(1/40 − 1/1000 + 1/20 − 1/2000) = √0.0735 = 0.271109;
    # exp(ln 4 ∓ 1.959964·0.271109) = exp(1.386294 ∓ 0.531364) → 2.351212, 6.805002
    (40, 1000, 20, 2000, 0.95, 4.0, 2.351212, 6.805002),
    # (120/4000)/(300/30000) = 3; SE = √(1/120 − 1/4000 + 1/300 − 1/30000) = 0.106693
    (120, 4000, 300, 30000, 0.95, 3.0, 2.433909, 3.697756),
    # same at 99.8%: exp(ln 3 ∓ 3.090232·0.106693)
    (120, 4000, 300, 30000, 0.998, 3.0, 2.157407, 4.171675),
    # small group: (8/500)/(50/5000) = 1.6; SE = √(0.125 − 0.002 + 0.02 − 0.0002) = 0.377889
    (8, 500, 50, 5000, 0.95, 1.6, 0.762887, 3.355673),
]


@pytest.mark.parametrize("a,n_g,c,n_r,level,rri,lower,upper", RRI)
def test_relative_rate_index_katz(a, n_g, c, n_r, level, rri, lower, upper):
    got = relative_rate_index(a, n_g, c, n_r, level)
    assert got == pytest.approx((rri, lower, upper), abs=1e-5)


def test_rri_zero_events():
    rri, lo, hi = relative_rate_index(0, 1000, 20, 2000)
    assert rri == 0.0 and math.isnan(lo) and math.isnan(hi)
    assert all(math.isnan(v) for v in relative_rate_index(5, 1000, 0, 2000))
    assert all(math.isnan(v) for v in relative_rate_index(None, 1000, 5, 2000))


COMPARE = [
    # value, lower, upper, comparator, polarity, expected
    (12.0, 10.0, 14.0, 9.0, "low_is_good", "worse"),
    (12.0, 10.0, 14.0, 9.0, "high_is_good", "better"),
    (12.0, 10.0, 14.0, 15.0, "low_is_good", "better"),
    (12.0, 10.0, 14.0, 13.0, "low_is_good", "similar"),
    (12.0, 10.0, 14.0, 14.0, "high_is_good", "similar"),  # on the bound counts as inside
    (12.0, 10.0, 14.0, 9.0, "no_judgement", "higher"),
    (12.0, 10.0, 14.0, 15.0, "no_judgement", "lower"),
    (12.0, 10.0, 14.0, 12.5, "no_judgement", "similar"),
    (12.0, None, 14.0, 9.0, "low_is_good", "not_compared"),
    (12.0, 10.0, 14.0, float("nan"), "low_is_good", "not_compared"),
    (None, 10.0, 14.0, 9.0, "low_is_good", "not_compared"),
]


@pytest.mark.parametrize("value,lower,upper,comparator,polarity,expected", COMPARE)
def test_compare_to(value, lower, upper, comparator, polarity, expected):
    assert compare_to(value, lower, upper, comparator, polarity) == expected


def _props(years, numerators, denominator=1000):
    return [(float(y), x, denominator, None) for y, x in zip(years, numerators, strict=True)]


YEARS = range(2015, 2020)

PROPORTION_TRENDS = [
    # chi-squared for trend (Altman): X² = [Σxᵢ(tᵢ − t̄)]² / [p̄(1 − p̄)Σnᵢ(tᵢ − t̄)²]
    # falling 300, 275, 250, 225, 200 of 1000: Σx(t − t̄) = −600 − 275 + 225 + 400 = −250;
    # p̄ = 0.25; X² = 62,500/(0.1875·10,000) = 33.3333 > 9.5495 → significant, decreasing
    ("falling", [300, 275, 250, 225, 200], "low_is_good", "improving", "decreasing", 33.333333),
    ("falling", [300, 275, 250, 225, 200], "high_is_good", "worsening", "decreasing", 33.333333),
    ("falling", [300, 275, 250, 225, 200], "no_judgement", "decreasing", "decreasing", 33.333333),
    # flat noisy 250, 262, 241, 258, 249: Σx(t − t̄) = −500 − 262 + 258 + 498 = −6;
    # p̄ = 1260/5000 = 0.252; X² = 36/(0.188496·10,000) = 0.019099 → no significant change
    ("flat", [250, 262, 241, 258, 249], "low_is_good", "no_significant_change", None, 0.019099),
    # the case 100, 100, 100, 100, 200 of 1000: Σx(t − t̄) = 100(−2 − 1 + 0 + 1) + 200·2 = 200;
    # p̄ = 0.12; X² = 40,000/(0.1056·10,000) = 37.878788 > 9.5495 → a significant increase
    # (no leave-one-out "outlier" rule: Fingertips has none)
    ("one high last point", [100, 100, 100, 100, 200], "low_is_good", "worsening", "increasing", 37.878788),
    ("one high last point", [100, 100, 100, 100, 200], "no_judgement", "increasing", "increasing", 37.878788),
]


@pytest.mark.parametrize("label,numerators,polarity,status,direction,statistic", PROPORTION_TRENDS)
def test_proportion_trend(label, numerators, polarity, status, direction, statistic):
    result = recent_trend(_props(YEARS, numerators), "proportion", polarity)
    assert result.status == status
    assert result.direction == direction
    assert result.n_points == 5
    assert result.statistic == pytest.approx(statistic, abs=1e-5)
    assert result.method == "chi-squared test for linear trend in proportions"


def test_trend_needs_five_points():
    result = recent_trend(_props(range(2016, 2020), [300, 275, 250, 225]), "proportion", "low_is_good")
    assert result.status == "cannot_be_calculated"
    assert result.direction is None and result.p_value is None
    assert "5 most recent" in result.reason and "has 4" in result.reason


def test_a_suppressed_point_among_the_latest_five_means_no_trend():
    # 2016 suppressed: the trend is not tested over 2014, 2015, 2017, 2018, 2019 instead
    pts = _props(range(2014, 2020), [310, 300, 275, 250, 225, 200])
    pts[2] = (2016.0, None, 1000, None)
    result = recent_trend(pts, "proportion", "low_is_good")
    assert result.status == "cannot_be_calculated" and result.p_value is None
    assert result.reason == "1 of the 5 most recent periods lack a numerator and denominator"
    # the suppressed year is older than the latest five: the trend is tested
    pts = _props(range(2014, 2020), [310, 300, 275, 250, 225, 200])
    pts[0] = (2014.0, None, 1000, None)
    assert recent_trend(pts, "proportion", "low_is_good").status == "improving"


def test_only_last_five_points_are_used():
    # an old steep fall followed by five flat points: the recent trend is flat
    pts = _props(range(2010, 2020), [900, 800, 700, 600, 500, 250, 262, 241, 258, 249])
    result = recent_trend(pts, "proportion", "low_is_good")
    assert result.status == "no_significant_change"
    assert result.statistic == pytest.approx(0.019099, abs=1e-5)


def test_duplicate_times_cannot_be_calculated():
    pts = _props([2015, 2016, 2017, 2018, 2018], [300, 275, 250, 225, 200])
    assert recent_trend(pts, "proportion", "low_is_good").status == "cannot_be_calculated"


RATE_TRENDS = [
    # WLS of the rate x/n on year, weights n²/x (Poisson variance of a rate is x/n²);
    # worked with numpy: solve (AᵀWA)b = AᵀWr, statistic b₁²/[(AᵀWA)⁻¹]₁₁.
    # 200, 180, 160, 140, 120 per 100,000: b = −0.0002 per year, statistic 25.568531
    ([200, 180, 160, 140, 120], [100_000] * 5, "low_is_good", "improving", 25.568531),
    # flat noisy 150, 162, 141, 158, 149: statistic 0.0210397 → no significant change
    ([150, 162, 141, 158, 149], [100_000] * 5, "low_is_good", "no_significant_change", 0.0210397),
    # suspensions 1212, 1251, 1300, 1400, 1500 over 24,369 ... 23,146 pupils: 4.97 → 6.48 per 100,
    # statistic 61.109824 → significant rise, low_is_good → worsening
    ([1212, 1251, 1300, 1400, 1500], [24369, 24606, 24000, 23500, 23146], "low_is_good", "worsening", 61.109824),
]


@pytest.mark.parametrize("counts,pops,polarity,status,statistic", RATE_TRENDS)
def test_rate_trend_wls_with_poisson_variance(counts, pops, polarity, status, statistic):
    pts = [(float(y), c, p, c / p * 1000) for y, c, p in zip(YEARS, counts, pops, strict=True)]
    result = recent_trend(pts, "rate", polarity)
    assert result.status == status
    assert result.statistic == pytest.approx(statistic, rel=1e-5)
    assert "Poisson" in result.method and "proportion" not in result.method


COUNT_TRENDS = [
    # counts are rates with n = 1: weights 1/x.
    # 100, 100, 100, 100, 200 (the case as counts): b = 14.285714, statistic 15.873016
    # > 9.5495 → significant increase
    ([100, 100, 100, 100, 200], 0.998, "worsening", 15.873016),
    # 20, 24, 30, 35, 41: statistic 9.476511 < 9.5495 at 99.8% ...
    ([20, 24, 30, 35, 41], 0.998, "no_significant_change", 9.476511),
    # ... but > 3.8415 at 95%
    ([20, 24, 30, 35, 41], 0.95, "worsening", 9.476511),
]


@pytest.mark.parametrize("counts,level,status,statistic", COUNT_TRENDS)
def test_count_trend(counts, level, status, statistic):
    pts = [(float(y), c, None, c) for y, c in zip(YEARS, counts, strict=True)]
    result = recent_trend(pts, "count", "low_is_good", level=level)
    assert result.statistic == pytest.approx(statistic, rel=1e-5)
    assert result.status == status


def test_rate_trend_with_a_zero_count_cannot_weight():
    pts = [(float(y), c, 1000, None) for y, c in zip(YEARS, [3, 2, 0, 4, 5], strict=True)]
    result = recent_trend(pts, "rate", "low_is_good")
    assert result.status == "cannot_be_calculated" and "above 0" in result.reason


PROPORTION_DIFFERENCES = [
    # pooled p = 75/200 = 0.375; SE = √(0.375·0.625·(1/100 + 1/100)) = 0.068465;
    # z = (0.30 − 0.45)/0.068465 = −2.190890; p = 2Φ(−2.190890) = 0.028460
    (30, 100, 45, 100, "lower", 0.028460),
    # NEET 95/3,665 (2.59%) vs England 45,395/1,335,160 (3.40%): z = −2.695869, p = 0.007021
    (95, 3665, 45395, 1335160, "lower", 0.007021),
    # 50.0% vs 52.0% of 1,000: z = −0.894606, p = 0.370998 → similar
    (500, 1000, 520, 1000, "similar", 0.370998),
]


@pytest.mark.parametrize("x1,n1,x2,n2,direction,p_value", PROPORTION_DIFFERENCES)
def test_compare_proportions(x1, n1, x2, n2, direction, p_value):
    result = compare_proportions(x1, n1, x2, n2)
    assert result.direction == direction
    assert result.p_value == pytest.approx(p_value, abs=1e-6)
    assert result.method == "two-proportion z-test (pooled standard error)"


RATE_DIFFERENCES = [
    # exact conditional test: x1 | x1 + x2 ~ Binomial(x1 + x2, n1/(n1 + n2)) under equal rates;
    # p-values from scipy.stats.binomtest (two-sided, minimum likelihood).
    # serious youth violence 173 vs 211 (both counts, Poisson): Binomial(384, 0.5), p = 0.058865
    # → NOT significant (the old CI-contains-a-fixed-baseline rule called it "better")
    (173, 1, 211, 1, "similar", 0.058865),
    # suspensions 2,506/22,737 vs 2,147/23,146: Binomial(4653, 0.495536), p = 4.424e-09
    (2506, 22737, 2147, 23146, "higher", 4.424096e-09),
    # permanent exclusions 8/22,737 vs 16/23,146: Binomial(24, 0.495536), p = 0.151980
    (8, 22737, 16, 23146, "similar", 0.151980),
    # 30 vs 12: Binomial(42, 0.5), p = 0.007916
    (30, 1, 12, 1, "higher", 0.007916),
    # 0 vs 7: p = 2·0.5⁷ = 0.015625
    (0, 1, 7, 1, "lower", 0.015625),
]


@pytest.mark.parametrize("x1,n1,x2,n2,direction,p_value", RATE_DIFFERENCES)
def test_compare_rates(x1, n1, x2, n2, direction, p_value):
    result = compare_rates(x1, n1, x2, n2)
    assert result.direction == direction
    assert result.p_value == pytest.approx(p_value, rel=1e-4)
    assert result.method == "exact conditional test of two Poisson rates"


def test_compare_intervals():
    # SE = 4/(2·1.959964) = 1.020427 each; z = 5/√(2·1.041271) = 3.464760; p = 2Φ(−3.464760) = 0.000531
    result = compare_intervals(20.0, 18.0, 22.0, 15.0, 13.0, 17.0)
    assert result.direction == "higher" and result.p_value == pytest.approx(0.000531, abs=1e-6)
    # the same values with wider intervals (± 6): z = 5/√(2·9.371440) = 1.154920, p = 0.248123
    wide = compare_intervals(20.0, 14.0, 26.0, 15.0, 9.0, 21.0)
    assert wide.direction == "similar" and wide.p_value == pytest.approx(0.248123, abs=1e-6)


@pytest.mark.parametrize(
    "call",
    [
        lambda: compare_proportions(None, 100, 4, 100),
        lambda: compare_proportions(0, 100, 0, 100),  # no events at all: nothing to test against
        lambda: compare_rates(5, 0, 4, 100),
        lambda: compare_rates(0, 1, 0, 1),
        lambda: compare_intervals(1.0, None, 2.0, 1.0, 0.5, 1.5),
    ],
)
def test_comparisons_without_the_numbers_give_none(call):
    assert call() is None


@pytest.mark.parametrize(
    "direction,polarity,expected",
    [
        ("higher", "high_is_good", "better"),
        ("higher", "low_is_good", "worse"),
        ("lower", "low_is_good", "better"),
        ("lower", "high_is_good", "worse"),
        ("similar", "low_is_good", "similar"),
        ("higher", "no_judgement", "higher"),
    ],
)
def test_judge(direction, polarity, expected):
    assert judge(direction, polarity) == expected


def test_trend_rejects_unknown_kind():
    with pytest.raises(ValueError):
        recent_trend([], "mean", "low_is_good")


@given(st.integers(0, 500), st.integers(1, 500), st.sampled_from([0.95, 0.998]))
def test_wilson_brackets_the_proportion(x, n, level):
    x = min(x, n)
    lo, hi = wilson_ci(x, n, level)
    assert 0 <= lo <= x / n <= hi <= 1


@given(st.integers(0, 5000), st.sampled_from([0.95, 0.998]))
def test_byar_brackets_the_count(x, level):
    lo, hi = byar_ci(x, level)
    assert 0 <= lo <= x <= hi


def test_other_kind_uses_value_and_published_interval():
    # attainment gap 20, 18, 15, 13, 10 points, each ± 2 (95% CI): SE = 4/(2·1.959964) = 1.020427,
    # equal weights so OLS: b = (−2·20 − 18 + 13 + 2·10)/10 = −2.5; SE_b = 1.020427/√10 = 0.322687;
    # statistic (2.5/0.322687)² = 60.0228 → significant fall; low_is_good → improving
    values = [20, 18, 15, 13, 10]
    pts = [(float(y), None, None, v, v - 2, v + 2) for y, v in zip(YEARS, values, strict=True)]
    result = recent_trend(pts, "other", "low_is_good")
    assert result.statistic == pytest.approx(60.0228, rel=1e-4)
    assert result.status == "improving"
    # without intervals there is nothing to weight by
    bare = [(float(y), None, None, v) for y, v in zip(YEARS, values, strict=True)]
    result = recent_trend(bare, "other", "low_is_good")
    assert result.status == "cannot_be_calculated" and "confidence interval" in result.reason
