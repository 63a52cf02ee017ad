"""Confidence intervals, benchmarking and recent trends, by the methods PHE/OHID Fingertips uses.

Pure functions: numbers in, numbers out. Missing inputs (``None`` or NaN, e.g. a suppressed count)
give NaN results rather than errors; impossible inputs (negative counts, numerator above
denominator) raise ``ValueError``.

Sources: PHEindicatormethods (UKHSA, R package: ``phe_proportion``, ``phe_rate``, ``byars_lower``,
``byars_upper``, ``assign_trend_markers``) and the Fingertips Public Health Technical Guidance
("Confidence intervals", "Trend markers").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import chi2, norm

NAN = float("nan")
POLARITIES = ("high_is_good", "low_is_good", "no_judgement")
TREND_KINDS = ("proportion", "rate", "count", "other")
_NEEDS = {
    "proportion": "a numerator and denominator",
    "rate": "a numerator and denominator",
    "count": "a count",
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


def relative_rate_index(
    a: float, n_g: float, c: float, n_r: float, level: float = 0.95
) -> tuple[float, float, float]:
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
    """Benchmark an area's value against a comparator (England, London, neighbours).

    Method: the comparator inside the area's confidence interval (bounds included) → 'similar';
    otherwise 'better' or 'worse' by polarity. For polarity 'no_judgement' the answer is 'higher',
    'similar' or 'lower'. Any missing value or bound → 'not_compared'.
    Source: Fingertips Public Health Technical Guidance ("Benchmarking": comparison of confidence
    interval with a benchmark value).

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
class TrendResult:
    """The recent trend of the last five usable points (Fingertips trend marker)."""

    # improving | worsening (or increasing | decreasing for no_judgement) | no_significant_change
    # | cannot_be_calculated
    status: str
    direction: str | None  # increasing | decreasing | None (when not significant or not calculated)
    p_value: float | None
    n_points: int
    reason: str
    statistic: float | None = None  # chi-squared statistic on 1 degree of freedom


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _point(point: Sequence[float | None], kind: str) -> tuple[float, float, float] | None:
    """One usable point as (t, x, n) for proportions or (t, value, SE) otherwise; None if unusable."""
    t, num, den = point[0], point[1], point[2] if len(point) > 2 else None
    if kind == "other":
        lower, upper = (point[4], point[5]) if len(point) > 5 else (None, None)
        if _missing(t, point[3], lower, upper) or float(upper) <= float(lower):  # type: ignore[arg-type]
            return None
        return float(t), float(point[3]), (float(upper) - float(lower)) / (2 * z_for(0.95))  # type: ignore[arg-type]
    if _missing(t, num) or (kind != "count" and _missing(den)) or float(num) < 0:  # type: ignore[arg-type]
        return None
    x, n = float(num), 1.0 if kind == "count" else float(den)  # type: ignore[arg-type]
    if n <= 0 or (kind == "proportion" and x > n):
        return None
    if kind == "proportion":
        return float(t), x, n  # type: ignore[arg-type]
    lower, upper = byar_ci(x, 0.95)
    return float(t), x / n, (upper - lower) / n / (2 * z_for(0.95))  # type: ignore[arg-type]


def _usable_points(points: Sequence[Sequence[float | None]], kind: str) -> tuple[list, int]:
    """The usable points in time order, and how many were left out (suppressed or missing)."""
    usable = [p for p in (_point(point, kind) for point in points) if p is not None]
    return sorted(usable, key=lambda p: p[0]), len(points) - len(usable)


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

    Points are (t, value, SE); weights 1/SE²; statistic (slope/SE(slope))², SE(slope)² = Σw/D with
    D = Σw·Σwt² − (Σwt)², as the Fingertips trend calculator.
    """
    s1 = s2 = s3 = s4 = s5 = 0.0
    for t, value, se in pts:
        w = 1 / se**2
        s1, s2, s3, s4, s5 = s1 + w, s2 + w * value * t, s3 + w * t, s4 + w * value, s5 + w * t * t
    d = s1 * s5 - s3**2
    if d <= 0:
        return 0.0, 0.0
    slope = (s1 * s2 - s3 * s4) / d
    return slope, (slope / math.sqrt(s1 / d)) ** 2


def recent_trend(
    points: Sequence[Sequence[float | None]], kind: str, polarity: str, level: float = 0.998
) -> TrendResult:
    """Recent trend of the last five usable points: improving, worsening or no significant change.

    ``points`` are (time, numerator, denominator, value[, lower, upper]) in any order; time is a
    year or period index as a float and gaps are allowed (the actual time is used). Points whose
    numerator or denominator is missing (suppressed) are left out; the last five usable points
    are tested. Method (Fingertips "Trend markers"): kind 'proportion' → chi-squared test for
    linear trend (Cochran-Armitage) on numerators/denominators; kind 'rate' or 'count' → weighted
    least squares regression of the rate (numerator/denominator) or count on time, weighted by
    the inverse of the variance taken from its 95% Byar/exact Poisson interval; kind 'other'
    (scores, gaps, ratios) → the same regression on ``value`` with SE = (upper − lower)/(2·1.96)
    from a published 95% interval in the 5th and 6th places. Significant when the statistic
    exceeds χ²(level; 1 df) (9.5495 at 99.8%) and no single point reverses the slope's sign when
    left out (Fingertips' outlier check). Direction for proportions is the sign of the trend
    statistic (the population-weighted slope of the proportion on time) rather than Fingertips'
    logit slope, so 0% and 100% points are allowed.
    Source: OHID Fingertips Public Health Technical Guidance, "Trend markers";
    PHEindicatormethods ``assign_trend_markers``.

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
    usable, dropped = _usable_points(points, kind)
    if len(usable) < _TREND_POINTS:
        what = _NEEDS[kind]
        left_out = f"; {dropped} left out as suppressed or missing {what}" if dropped else ""
        reason = f"needs 5 points with {what}, has {len(usable)}{left_out}"
        return TrendResult("cannot_be_calculated", None, None, len(usable), reason)
    times = [p[0] for p in usable]
    if len(set(times)) != len(times):
        return TrendResult("cannot_be_calculated", None, None, len(usable), "duplicate time periods")
    # times relative to the latest point: same slope, no loss of precision from squaring years
    latest = usable[-1][0]
    pts = [(t - latest, a, b) for t, a, b in usable[-_TREND_POINTS:]]
    fit = _proportion_trend if kind == "proportion" else _wls_trend
    slope, statistic = fit(pts)
    p_value = float(chi2.sf(statistic, 1))
    if statistic <= float(chi2.ppf(_level(level), 1)) or slope == 0:
        reason = "no significant trend"
        return TrendResult("no_significant_change", None, p_value, len(pts), reason, statistic)
    # a zero slope without one point counts as a reversal (as PHEindicatormethods' sign() check)
    if any(_sign(fit(pts[:i] + pts[i + 1 :])[0]) != _sign(slope) for i in range(len(pts))):
        reason = "one point reverses the trend when left out (outlier), so no significant change"
        return TrendResult("no_significant_change", None, p_value, len(pts), reason, statistic)
    direction = "increasing" if slope > 0 else "decreasing"
    if polarity == "no_judgement":
        status = direction
    else:
        status = "improving" if (slope > 0) == (polarity == "high_is_good") else "worsening"
    return TrendResult(status, direction, p_value, len(pts), f"significant {direction} trend", statistic)
