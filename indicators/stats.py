"""Confidence intervals, benchmarking and recent trends, by the methods PHE/OHID Fingertips uses.

Pure functions: numbers in, numbers out. Missing inputs (``None`` or NaN, e.g. a suppressed count)
give NaN results rather than errors; impossible inputs (negative counts, numerator above
denominator) raise ``ValueError``.

Sources: PHEindicatormethods (UKHSA, R package: ``phe_proportion``, ``phe_rate``, ``byars_lower``,
``byars_upper``) and the Fingertips Public Health Technical Guidance ("Confidence intervals",
"Recent trends"); two-sample tests as named on each function.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import binomtest, chi2, norm

NAN = float("nan")
POLARITIES = ("high_is_good", "low_is_good", "no_judgement")
TREND_KINDS = ("proportion", "rate", "count", "other")
_NEEDS = {
    "proportion": "a numerator and denominator",
    "rate": "a count of events (above 0) and a denominator",
    "count": "a count (above 0)",
    "other": "a value and its 95% confidence interval",
}
_TREND_POINTS = 5


def _missing(*values: object) -> bool:
    """True when any value is None or NaN (a suppressed or absent figure)."""
    for v in values:
        if v is None:
            return True
        try:
            if math.isnan(float(v)):  # type: ignore[arg-type]
                return True
        except (TypeError, ValueError):
            return True
    return False


def _level(level: float) -> float:
    """Accept 0.95 or 95 (as PHEindicatormethods does) and return a proportion."""
    level = float(level)
    if level > 1:
        level /= 100
    if not 0.5 <= level < 1:
        raise ValueError(f"confidence level must be between 0.5 and 1 (or 50 and 100), not {level}")
    return level


def z_for(level: float = 0.95) -> float:
    """Two-sided standard normal critical value for a confidence level.

    Method: z = Φ⁻¹(level + (1 − level)/2), as PHEindicatormethods ``zscore``. Accepts 0.95 or 95.

    >>> round(z_for(0.95), 4), round(z_for(0.998), 4)
    (1.96, 3.0902)
    """
    level = _level(level)
    return float(norm.ppf(level + (1 - level) / 2))


def wilson_ci(numerator: float, denominator: float, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion, as proportions (0-1).

    Method: (2x + z² ± z·√(z² + 4x(1 − x/n))) / (2(n + z²)); the lower limit is exactly 0 when
    x = 0 and the upper exactly 1 when x = n. Missing inputs or n = 0 give (NaN, NaN).
    Source: Wilson (1927); Newcombe & Altman, Statistics with Confidence; PHEindicatormethods
    ``wilson_lower``/``wilson_upper`` (``phe_proportion``).

    >>> tuple(round(v, 4) for v in wilson_ci(65, 100))
    (0.5525, 0.7364)
    """
    if _missing(numerator, denominator):
        return NAN, NAN
    x, n = float(numerator), float(denominator)
    if x < 0 or n < 0:
        raise ValueError("numerator and denominator must not be negative")
    if x > n:
        raise ValueError(f"numerator {x:g} is larger than denominator {n:g}")
    if n == 0:
        return NAN, NAN
    z = z_for(level)
    centre = 2 * x + z * z
    half = z * math.sqrt(z * z + 4 * x * (1 - x / n))
    lower = 0.0 if x == 0 else (centre - half) / (2 * (n + z * z))
    upper = 1.0 if x == n else (centre + half) / (2 * (n + z * z))
    return lower, upper


def byar_ci(count: float, level: float = 0.95) -> tuple[float, float]:
    """Confidence interval for a Poisson count, as counts.

    Method: for count ≥ 10 Byar's approximation, lower = x(1 − 1/(9x) − z/(3√x))³ and
    upper = (x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³; for count < 10 the exact Poisson limits
    lower = χ²(α/2; 2x)/2, upper = χ²(1 − α/2; 2x + 2)/2. Count 0 gives lower 0.
    Source: Breslow & Day (1987); PHEindicatormethods ``byars_lower``, ``byars_upper``, ``phe_rate``.

    >>> tuple(round(v, 4) for v in byar_ci(65))
    (50.1632, 82.8491)
    >>> tuple(round(v, 4) for v in byar_ci(0))
    (0.0, 3.6889)
    """
    if _missing(count):
        return NAN, NAN
    x = float(count)
    if x < 0:
        raise ValueError("a count must not be negative")
    level = _level(level)
    alpha = 1 - level
    if x < 10:
        lower = 0.0 if x == 0 else float(chi2.ppf(alpha / 2, 2 * x)) / 2
        upper = float(chi2.ppf(1 - alpha / 2, 2 * x + 2)) / 2
        return lower, upper
    z = z_for(level)
    lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3
    upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * math.sqrt(x + 1))) ** 3
    return lower, upper


def rate_ci(
    count: float, population: float, multiplier: float = 100_000, level: float = 0.95
) -> tuple[float, float, float]:
    """A crude rate per ``multiplier`` with its confidence interval: (rate, lower, upper).

    Method: the count's interval from ``byar_ci`` (Byar, or exact Poisson below 10) divided by the
    population and scaled. Missing inputs or population ≤ 0 give NaNs.
    Source: PHEindicatormethods ``phe_rate``.

    >>> tuple(round(v, 2) for v in rate_ci(65, 100_000, 100_000))
    (65.0, 50.16, 82.85)
    """
    if _missing(count, population) or float(population) <= 0:
        return NAN, NAN, NAN
    lower, upper = byar_ci(count, level)
    scale = multiplier / float(population)
    return float(count) * scale, lower * scale, upper * scale


def proportion_ci(
    numerator: float, denominator: float, level: float = 0.95, multiplier: float = 100
) -> tuple[float, float, float]:
    """A proportion (as a percentage by default) with its Wilson interval: (value, lower, upper).

    Method: ``wilson_ci`` scaled by ``multiplier`` (100 = percentage, 1 = proportion).
    Source: PHEindicatormethods ``phe_proportion``.

    >>> tuple(round(v, 2) for v in proportion_ci(65, 100))
    (65.0, 55.25, 73.64)
    """
    if _missing(numerator, denominator) or float(denominator) == 0:
        return NAN, NAN, NAN
    lower, upper = wilson_ci(numerator, denominator, level)
    return float(numerator) / float(denominator) * multiplier, lower * multiplier, upper * multiplier


def relative_rate_index(a: float, n_g: float, c: float, n_r: float, level: float = 0.95) -> tuple[float, float, float]:
    """Relative rate index of a group against a reference: (rri, lower, upper).

    Method: RRI = (a/n_g)/(c/n_r); CI exp(ln RRI ± z·SE), SE = √(1/a − 1/n_g + 1/c − 1/n_r)
    (Katz log method for a ratio of two proportions). Edge cases: a = 0 with c > 0 gives RRI 0
    with NaN bounds (the log interval does not exist); c = 0 (reference has no events), a zero or
    missing denominator, or any missing input give (NaN, NaN, NaN).
    Source: Katz et al. (1978); YJB/MoJ disproportionality toolkit (RRI); DESIGN §5.

    >>> tuple(round(v, 3) for v in relative_rate_index(40, 1000, 20, 2000))
    (4.0, 2.351, 6.805)
    """
    if _missing(a, n_g, c, n_r):
        return NAN, NAN, NAN
    a, n_g, c, n_r = float(a), float(n_g), float(c), float(n_r)
    if min(a, n_g, c, n_r) < 0:
        raise ValueError("events and denominators must not be negative")
    if n_g == 0 or n_r == 0 or c == 0:
        return NAN, NAN, NAN
    rri = (a / n_g) / (c / n_r)
    if a == 0:
        return 0.0, NAN, NAN
    se = math.sqrt(max(1 / a - 1 / n_g + 1 / c - 1 / n_r, 0.0))
    z = z_for(level)
    return rri, math.exp(math.log(rri) - z * se), math.exp(math.log(rri) + z * se)


def compare_to(
    value: float | None,
    lower: float | None,
    upper: float | None,
    comparator_value: float | None,
    polarity: str,
) -> str:
    """Compare a value with an exact benchmark (a target trajectory the council set), by its interval.

    Method: the benchmark inside the value's confidence interval (bounds included) → 'similar';
    otherwise 'better' or 'worse' by polarity ('higher'/'lower' for 'no_judgement'); anything
    missing → 'not_compared'. Two uncertain figures (a baseline, another area) need a two-sample
    test instead: ``compare_proportions``, ``compare_rates``, ``compare_intervals``.
    Source: Fingertips Public Health Technical Guidance ("Benchmarking").

    >>> compare_to(12.0, 10.0, 14.0, 9.0, "low_is_good")
    'worse'
    >>> compare_to(12.0, 10.0, 14.0, 13.0, "low_is_good")
    'similar'
    """
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity '{polarity}'; expected one of {', '.join(POLARITIES)}")
    if _missing(value, lower, upper, comparator_value):
        return "not_compared"
    if float(lower) <= float(comparator_value) <= float(upper):  # type: ignore[arg-type]
        return "similar"
    higher = float(value) > float(comparator_value)  # type: ignore[arg-type]
    if polarity == "no_judgement":
        return "higher" if higher else "lower"
    return "better" if higher == (polarity == "high_is_good") else "worse"


@dataclass(frozen=True)
class Difference:
    """A two-sample test of the difference between two figures, both treated as uncertain."""

    direction: str  # higher | lower | similar (the first figure against the second)
    p_value: float
    method: str


def _outcome(p_value: float, first_higher: bool, level: float, method: str) -> Difference:
    significant = p_value < 1 - _level(level)
    direction = ("higher" if first_higher else "lower") if significant else "similar"
    return Difference(direction, p_value, method)


PROPORTION_TEST = "two-proportion z-test (pooled standard error)"
RATE_TEST = "exact conditional test of two Poisson rates"
INTERVAL_TEST = "z-test of the difference, standard errors from the published 95% intervals"


def compare_proportions(x1: float, n1: float, x2: float, n2: float, level: float = 0.95) -> Difference | None:
    """Is proportion x1/n1 significantly different from x2/n2? Both are samples, so both vary.

    Method: z = (p1 − p2)/√(p(1 − p)(1/n1 + 1/n2)), p = (x1 + x2)/(n1 + n2), two-sided; None when
    an input is missing, n ≤ 0, or p is 0 or 1. Source: Altman, Practical Statistics for Medical
    Research, §10.7.2; statsmodels ``proportions_ztest`` (its default pooled variance).

    >>> d = compare_proportions(30, 100, 45, 100)
    >>> d.direction, round(d.p_value, 4)
    ('lower', 0.0285)
    """
    if _missing(x1, n1, x2, n2) or min(float(n1), float(n2)) <= 0:
        return None
    x1, n1, x2, n2 = float(x1), float(n1), float(x2), float(n2)
    if min(x1, x2) < 0 or x1 > n1 or x2 > n2:
        raise ValueError("each numerator must be between 0 and its denominator")
    pooled = (x1 + x2) / (n1 + n2)
    if pooled in (0.0, 1.0):
        return None
    z = (x1 / n1 - x2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return _outcome(float(2 * norm.sf(abs(z))), z > 0, level, PROPORTION_TEST)


def compare_rates(x1: float, n1: float, x2: float, n2: float, level: float = 0.95) -> Difference | None:
    """Is the event rate x1/n1 significantly different from x2/n2? Counts are Poisson.

    For counts over the same exposure (a count against a count) pass n1 = n2 = 1.
    Method: given x1 + x2, x1 is Binomial(x1 + x2, n1/(n1 + n2)) when the rates are equal; two-sided
    exact binomial p-value. None when an input is missing, n ≤ 0 or there are no events at all.
    Source: Breslow & Day, Statistical Methods in Cancer Research II, §2.3 (exact conditional
    test); statsmodels ``test_poisson_2indep(method="exact-cond")``.

    >>> d = compare_rates(173, 1, 211, 1)  # serious youth violence, two years
    >>> d.direction, round(d.p_value, 3)
    ('similar', 0.059)
    """
    if _missing(x1, n1, x2, n2) or min(float(n1), float(n2)) <= 0:
        return None
    x1, n1, x2, n2 = float(x1), float(n1), float(x2), float(n2)
    if min(x1, x2) < 0:
        raise ValueError("counts must not be negative")
    if x1 + x2 == 0:
        return None
    p_value = float(binomtest(round(x1), round(x1 + x2), n1 / (n1 + n2)).pvalue)
    return _outcome(p_value, x1 / n1 > x2 / n2, level, RATE_TEST)


def compare_intervals(
    v1: float, lower1: float, upper1: float, v2: float, lower2: float, upper2: float, level: float = 0.95
) -> Difference | None:
    """Difference of two figures known only by their values and 95% intervals (scores, gaps, ratios).

    Method: SE = (upper − lower)/(2·1.96) for each; z = (v1 − v2)/√(SE1² + SE2²); two-sided
    normal p-value. None when anything is missing or an interval has no width.
    Source: Altman & Bland, "How to obtain the P value from a confidence interval", BMJ 2011;343:d2304.

    >>> d = compare_intervals(20.0, 18.0, 22.0, 15.0, 13.0, 17.0)
    >>> d.direction, round(d.p_value, 4)
    ('higher', 0.0005)
    """
    if _missing(v1, lower1, upper1, v2, lower2, upper2):
        return None
    z95 = 2 * z_for(0.95)
    se1, se2 = (float(upper1) - float(lower1)) / z95, (float(upper2) - float(lower2)) / z95
    if se1 <= 0 or se2 <= 0:
        return None
    z = (float(v1) - float(v2)) / math.sqrt(se1**2 + se2**2)
    return _outcome(float(2 * norm.sf(abs(z))), z > 0, level, INTERVAL_TEST)


def judge(direction: str, polarity: str) -> str:
    """'higher'/'lower'/'similar' worded by polarity: better/worse/similar (no_judgement keeps it)."""
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity '{polarity}'; expected one of {', '.join(POLARITIES)}")
    if direction == "similar" or polarity == "no_judgement":
        return direction
    return "better" if (direction == "higher") == (polarity == "high_is_good") else "worse"


@dataclass(frozen=True)
class TrendResult:
    """The recent trend of the five most recent periods (Fingertips trend marker)."""

    # improving | worsening (or increasing | decreasing for no_judgement) | no_significant_change
    # | cannot_be_calculated
    status: str
    direction: str | None  # increasing | decreasing | None (when not significant or not calculated)
    p_value: float | None
    n_points: int
    reason: str
    statistic: float | None = None  # chi-squared statistic on 1 degree of freedom
    method: str = ""


TREND_METHODS = {
    "proportion": "chi-squared test for linear trend in proportions",
    "rate": "weighted least squares of the rate on time, Poisson variance of each rate",
    "count": "weighted least squares of the count on time, Poisson variance of each count",
    "other": "weighted least squares of the value on time, variance from its published 95% interval",
}


def _point(point: Sequence[float | None], kind: str) -> tuple[float, float, float] | None:
    """One usable point as (t, x, n) for proportions or (t, value, variance) otherwise; None if unusable."""
    t, num, den = point[0], point[1], point[2] if len(point) > 2 else None
    if kind == "other":
        lower, upper = (point[4], point[5]) if len(point) > 5 else (None, None)
        if _missing(t, point[3], lower, upper) or float(upper) <= float(lower):  # type: ignore[arg-type]
            return None
        se = (float(upper) - float(lower)) / (2 * z_for(0.95))  # type: ignore[arg-type]
        return float(t), float(point[3]), se**2  # type: ignore[arg-type]
    if _missing(t, num) or (kind != "count" and _missing(den)) or float(num) < 0:  # type: ignore[arg-type]
        return None
    x, n = float(num), 1.0 if kind == "count" else float(den)  # type: ignore[arg-type]
    if n <= 0 or (kind == "proportion" and x > n):
        return None
    if kind == "proportion":
        return float(t), x, n  # type: ignore[arg-type]
    if x == 0:
        return None  # a Poisson variance of 0 cannot weight a regression
    return float(t), x / n, x / n**2  # type: ignore[arg-type]


def _proportion_trend(pts: list) -> tuple[float, float]:
    """Chi-squared test for linear trend in proportions: (signed numerator, statistic).

    X² = N(N·Σxᵢtᵢ − X·Σnᵢtᵢ)² / [X(N − X)(N·Σnᵢtᵢ² − (Σnᵢtᵢ)²)], as the Fingertips trend calculator.
    """
    big_n = sum(p[2] for p in pts)
    big_x = sum(p[1] for p in pts)
    sxt = sum(p[1] * p[0] for p in pts)
    snt = sum(p[2] * p[0] for p in pts)
    sntt = sum(p[2] * p[0] ** 2 for p in pts)
    signed = big_n * sxt - big_x * snt
    denominator = big_x * (big_n - big_x) * (big_n * sntt - snt**2)
    return signed, (big_n * signed**2 / denominator if denominator > 0 else 0.0)


def _wls_trend(pts: list) -> tuple[float, float]:
    """Weighted least squares slope of the values on time: (slope, chi-squared statistic).

    Points are (t, value, variance); weights 1/variance; statistic (slope/SE(slope))²,
    SE(slope)² = Σw/D with D = Σw·Σwt² − (Σwt)².
    """
    s1 = s2 = s3 = s4 = s5 = 0.0
    for t, value, variance in pts:
        w = 1 / variance
        s1, s2, s3, s4, s5 = s1 + w, s2 + w * value * t, s3 + w * t, s4 + w * value, s5 + w * t * t
    d = s1 * s5 - s3**2
    if d <= 0:
        return 0.0, 0.0
    slope = (s1 * s2 - s3 * s4) / d
    return slope, (slope / math.sqrt(s1 / d)) ** 2


def recent_trend(
    points: Sequence[Sequence[float | None]], kind: str, polarity: str, level: float = 0.998
) -> TrendResult:
    """Recent trend of the five most recent points: improving, worsening or no significant change.

    ``points`` are (time, numerator, denominator, value[, lower, upper]), one per period, and the
    caller passes consecutive periods only (a gap is no trend: see indicators.status). The five
    latest by time are tested and every one of them must be usable: a suppressed or missing count
    among them means no trend ('cannot_be_calculated'), never a trend over the others.
    Method (Fingertips "Recent trends"): 'proportion' → chi-squared test for linear trend on the
    numerators and denominators; 'rate' → weighted least squares of the rate x/n on time with
    weights n²/x (the inverse Poisson variance of the rate); 'count' → the same with n = 1;
    'other' (scores, gaps, ratios) → weighted least squares of the value with variance from its
    published 95% interval. Significant when the statistic exceeds χ²(level; 1 df), 9.5495 at
    99.8%. There is no other rule.
    Source: OHID, Fingertips Public Health Technical Guidance, "Recent trends".

    >>> pts = [(y, 300 - 25 * i, 1000, None) for i, y in enumerate(range(2015, 2020))]
    >>> recent_trend(pts, "proportion", "low_is_good").status
    'improving'
    >>> recent_trend(pts[:4], "proportion", "low_is_good").status
    'cannot_be_calculated'
    """
    if kind not in TREND_KINDS:
        raise ValueError(f"unknown trend kind '{kind}'; expected one of {', '.join(TREND_KINDS)}")
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity '{polarity}'; expected one of {', '.join(POLARITIES)}")
    method = TREND_METHODS[kind]
    latest = sorted(points, key=lambda p: float("inf") if _missing(p[0]) else float(p[0]))[-_TREND_POINTS:]  # type: ignore[arg-type]  # narrowed by the is_missing/None check above
    if len(latest) < _TREND_POINTS:
        reason = f"needs the 5 most recent periods, has {len(latest)}"
        return TrendResult("cannot_be_calculated", None, None, len(latest), reason, method=method)
    usable = [_point(p, kind) for p in latest]
    if any(p is None for p in usable):
        missing = sum(p is None for p in usable)
        reason = f"{missing} of the 5 most recent periods lack {_NEEDS[kind]}"
        return TrendResult("cannot_be_calculated", None, None, _TREND_POINTS - missing, reason, method=method)
    if len({p[0] for p in usable}) != _TREND_POINTS:  # type: ignore[index]
        return TrendResult("cannot_be_calculated", None, None, _TREND_POINTS, "duplicate time periods", method=method)
    # times relative to the latest point: same slope, no loss of precision from squaring years
    end = usable[-1][0]  # type: ignore[index]
    pts = [(t - end, a, b) for t, a, b in usable]  # type: ignore[misc]
    slope, statistic = (_proportion_trend if kind == "proportion" else _wls_trend)(pts)
    p_value = float(chi2.sf(statistic, 1))
    if statistic <= float(chi2.ppf(_level(level), 1)) or slope == 0:
        return TrendResult(
            "no_significant_change", None, p_value, _TREND_POINTS, "no significant trend", statistic, method
        )
    direction = "increasing" if slope > 0 else "decreasing"
    if polarity == "no_judgement":
        status = direction
    else:
        status = "improving" if (slope > 0) == (polarity == "high_is_good") else "worsening"
    return TrendResult(status, direction, p_value, _TREND_POINTS, f"significant {direction} trend", statistic, method)
