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
    compare_to,
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
    # one high last point: X² = 199²/(0.1202·0.8798·10,000) = 37.4471, significant, but leaving
    # out the last point gives Σx(t − t̄) = −150 − 51 + 49 + 151.5 = −0.5 (opposite sign) → outlier
    ("outlier", [100, 102, 98, 101, 200], "low_is_good", "no_significant_change", None, 37.447060),
]


@pytest.mark.parametrize("label,numerators,polarity,status,direction,statistic", PROPORTION_TRENDS)
def test_proportion_trend(label, numerators, polarity, status, direction, statistic):
    result = recent_trend(_props(YEARS, numerators), "proportion", polarity)
    assert result.status == status
    assert result.direction == direction
    assert result.n_points == 5
    assert result.statistic == pytest.approx(statistic, abs=1e-5)


def test_proportion_trend_uses_actual_years_with_gaps():
    # years 2010-2013 and 2020, 100, 100, 100, 100, 130 of 1000: t̄ = 2013.2,
    # Σx(t − t̄) = 100(−3.2 − 2.2 − 1.2 − 0.2) + 130·6.8 = 204; Σn(t − t̄)² = 62,800;
    # p̄ = 0.106; X² = 41,616/(0.094764·62,800) = 6.992900 (with equally spaced 1..5 it would be 3.7989)
    pts = _props([2010, 2011, 2012, 2013, 2020], [100, 100, 100, 100, 130])
    result = recent_trend(pts, "proportion", "low_is_good")
    assert result.statistic == pytest.approx(6.992900, abs=1e-5)
    assert result.p_value == pytest.approx(0.008183, abs=1e-6)
    # not significant at 99.8% (critical value 9.5495)
    assert result.status == "no_significant_change" and result.reason == "no significant trend"
    # significant at 95% (3.8415), but without 2020 the slope is 0: the outlier check applies
    at_95 = recent_trend(pts, "proportion", "low_is_good", level=0.95)
    assert at_95.status == "no_significant_change" and "outlier" in at_95.reason


def test_trend_needs_five_points():
    result = recent_trend(_props(range(2016, 2020), [300, 275, 250, 225]), "proportion", "low_is_good")
    assert result.status == "cannot_be_calculated"
    assert result.direction is None and result.p_value is None
    assert "needs 5 points" in result.reason and "has 4" in result.reason


def test_suppressed_points_are_left_out():
    pts = _props(range(2014, 2020), [310, 300, 275, 250, 225, 200])
    pts[2] = (2016.0, None, 1000, None)  # suppressed
    result = recent_trend(pts, "proportion", "low_is_good")
    # uses 2014, 2015, 2017, 2018, 2019
    assert result.status == "improving" and result.n_points == 5
    short = pts[1:]  # five points, one suppressed → four usable
    result = recent_trend(short, "proportion", "low_is_good")
    assert result.status == "cannot_be_calculated"
    assert "1 left out" in result.reason


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
    # WLS of rate on year, weights 1/SE², SE = (Byar upper − lower)/(2·1.959964)/population;
    # worked with numpy.polyfit(t, r, 1, w=1/SE, cov="unscaled"): statistic (b/SE_b)².
    # 200, 180, 160, 140, 120 per 100,000: b = −0.0002 per year, statistic 24.4990
    ([200, 180, 160, 140, 120], [100_000] * 5, "low_is_good", "improving", 24.499004),
    # flat noisy 150, 162, 141, 158, 149: statistic 0.020205 → no significant change
    ([150, 162, 141, 158, 149], [100_000] * 5, "low_is_good", "no_significant_change", 0.020205),
]


@pytest.mark.parametrize("counts,pops,polarity,status,statistic", RATE_TRENDS)
def test_rate_trend_wls(counts, pops, polarity, status, statistic):
    pts = [(float(y), c, p, c / p * 1000) for y, c, p in zip(YEARS, counts, pops, strict=True)]
    result = recent_trend(pts, "rate", polarity)
    assert result.status == status
    assert result.statistic == pytest.approx(statistic, rel=1e-4)


def test_count_trend():
    # counts 20, 24, 30, 35, 41 (exact limits below 10 do not apply): statistic 8.5446 < 9.5495
    pts = [(float(y), c, None, c) for y, c in zip(YEARS, [20, 24, 30, 35, 41], strict=True)]
    result = recent_trend(pts, "count", "low_is_good")
    assert result.statistic == pytest.approx(8.544641, rel=1e-4)
    assert result.status == "no_significant_change"
    assert recent_trend(pts, "count", "low_is_good", level=0.95).status == "worsening"


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
