"""Disproportionality: relative rate indices, representation ratios and their trends.

Pure pandas in, pandas out. Categories are canonical cohort codes (indicators.cohorts).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.cohorts import ETHNICITY, is_minor, major_group
from indicators.errors import CohortError
from indicators.stats import relative_rate_index, z_for

RELIABLE_EVENTS = 10
RRI_COLUMNS = ["rate", "rri", "lower", "upper", "low_reliability", "significant", "reference"]


def default_reference(categories: Iterable[str]) -> str:
    """The default reference group: 'white_british' when minor ethnic groups are present, else 'white'.

    Method: DESIGN §5 (White British where the data has minor groups, White where only major
    groups). If minor groups are present but White British is not, and White is, 'white' is used.

    >>> default_reference(["white_british", "black_caribbean", "asian"])
    'white_british'
    >>> default_reference(["white", "black", "asian"])
    'white'
    """
    cats = set(categories)
    if any(is_minor(c) for c in cats) and ("white_british" in cats or "white" not in cats):
        return "white_british"
    return "white"


def _rri_table(frame: pd.DataFrame, denominator: str, reference: str, level: float, multiplier: float) -> pd.DataFrame:
    required = {"category", "events", denominator}
    missing = required - set(frame.columns)
    if missing:
        raise CohortError(f"missing column(s): {', '.join(sorted(missing))}")
    out = frame.reset_index(drop=True).copy()
    ref_rows = out[out["category"] == reference]
    if len(ref_rows) != 1:
        raise CohortError(f"reference group '{reference}' must appear exactly once, found {len(ref_rows)}")
    c = pd.to_numeric(ref_rows["events"], errors="coerce").iloc[0]
    n_r = pd.to_numeric(ref_rows[denominator], errors="coerce").iloc[0]
    events = pd.to_numeric(out["events"], errors="coerce").astype(float)
    denoms = pd.to_numeric(out[denominator], errors="coerce").astype(float)
    out["rate"] = (events / denoms.where(denoms > 0)) * multiplier
    results = [relative_rate_index(a, n, c, n_r, level) for a, n in zip(events, denoms, strict=True)]
    out["rri"] = [r[0] for r in results]
    out["lower"] = [r[1] for r in results]
    out["upper"] = [r[2] for r in results]
    ref_small = bool(pd.isna(c) or c < RELIABLE_EVENTS)
    out["low_reliability"] = (events.isna() | (events < RELIABLE_EVENTS) | ref_small).astype(bool)
    excludes_one = (out["lower"] > 1) | (out["upper"] < 1)
    out["reference"] = out["category"] == reference
    out["significant"] = (excludes_one & ~out["low_reliability"] & ~out["reference"]).astype(bool)
    # the reference against itself is 1 by definition and has no interval
    out.loc[out["reference"], ["lower", "upper"]] = np.nan
    return out


def population_rri(
    frame: pd.DataFrame, reference: str | None = None, level: float = 0.95, multiplier: float = 1000
) -> pd.DataFrame:
    """Population-based relative rate index of each group against a reference group.

    Input columns: category, events, population (one row per group; other columns kept).
    Output adds: rate (events per ``multiplier`` population, default per 1,000), rri, lower,
    upper (Katz log CI at ``level``), low_reliability (events of the group or of the reference
    below 10, or missing), significant (CI excludes 1 and not low reliability; never the
    reference), reference (bool). The reference row has rri 1 and NaN bounds. Missing events or
    populations (suppressed) give NaN values. ``reference`` defaults to ``default_reference``.
    Method: ``stats.relative_rate_index``. Source: DESIGN §5; YJB disproportionality toolkit.

    >>> f = pd.DataFrame({"category": ["white", "black"], "events": [20, 40],
    ...                   "population": [2000, 1000]})
    >>> population_rri(f)["rri"].round(2).tolist()
    [1.0, 4.0]
    """
    reference = reference or default_reference(frame["category"])
    return _rri_table(frame, "population", reference, level, multiplier)


def stage_rri(
    frame: pd.DataFrame, reference: str | None = None, level: float = 0.95, multiplier: float = 100
) -> pd.DataFrame:
    """Stage-to-stage relative rate index: each group's progression from the previous stage.

    Input columns: category, events (count at this stage), previous (count at the previous stage,
    the denominator). Output as ``population_rri``, with rate = events/previous as a percentage
    (``multiplier`` 100). Method: ``stats.relative_rate_index`` with the previous stage as
    denominator. Source: DESIGN §5; YJB disproportionality toolkit (stage-based RRI).

    >>> f = pd.DataFrame({"category": ["white", "black"], "events": [10, 30],
    ...                   "previous": [100, 150]})
    >>> stage_rri(f)[["rate", "rri"]].round(2).values.tolist()
    [[10.0, 1.0], [20.0, 2.0]]
    """
    reference = reference or default_reference(frame["category"])
    return _rri_table(frame, "previous", reference, level, multiplier)


def representation_ratio(cohort_share: float, population_share: float) -> float:
    """A group's share of a cohort divided by its share of the population base.

    Method: cohort_share / population_share (both as % or both as proportions); NaN when the
    population share is zero or either is missing. Source: DESIGN §5; strategy §5 (16% of the YOS
    cohort have an EHCP vs 2.0% of secondary pupils).

    >>> representation_ratio(16, 2.0), round(representation_ratio(40, 14.2), 2)
    (8.0, 2.82)
    """
    if cohort_share is None or population_share is None:
        return math.nan
    cohort_share, population_share = float(cohort_share), float(population_share)
    if math.isnan(cohort_share) or math.isnan(population_share) or population_share == 0:
        return math.nan
    return cohort_share / population_share


def representation_ratio_ci(
    cohort_count: float,
    cohort_total: float,
    population_count: float,
    population_total: float,
    level: float = 0.95,
) -> tuple[float, float, float]:
    """Representation ratio with a confidence interval from counts: (ratio, lower, upper).

    Method: the ratio of two proportions (x₁/n₁)/(x₂/n₂) with the Katz log interval
    exp(ln R ± z·√(1/x₁ − 1/n₁ + 1/x₂ − 1/n₂)), treating the cohort and the population base as
    independent samples (when the cohort is part of the base the two shares are positively
    correlated, so this errs on the wide, conservative side). Same edge cases as
    ``stats.relative_rate_index``. Source: Katz et al. (1978).

    >>> tuple(round(v, 2) for v in representation_ratio_ci(16, 100, 200, 10000))
    (8.0, 5.0, 12.79)
    """
    return relative_rate_index(cohort_count, cohort_total, population_count, population_total, level)


def representation_frame(frame: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Representation ratios for each row of a frame, with intervals where counts are given.

    Input columns: category and either cohort_share and population_share, or cohort_count,
    cohort_total, population_count, population_total (shares are then computed as percentages).
    Output adds: cohort_share, population_share (if absent), representation_ratio, lower, upper
    (NaN without counts), low_reliability (cohort_count or population_count below 10, or no
    counts).
    Method: ``representation_ratio`` and ``representation_ratio_ci``.

    >>> f = pd.DataFrame({"category": ["ehcp", "sen_support"], "cohort_share": [16.0, 40.0],
    ...                   "population_share": [2.0, 14.2]})
    >>> representation_frame(f)["representation_ratio"].round(2).tolist()
    [8.0, 2.82]
    """
    out = frame.reset_index(drop=True).copy()
    counts = ["cohort_count", "cohort_total", "population_count", "population_total"]
    has_counts = all(c in out.columns for c in counts)
    if has_counts:
        num = {c: pd.to_numeric(out[c], errors="coerce").astype(float) for c in counts}
        if "cohort_share" not in out.columns:
            out["cohort_share"] = _share(num["cohort_count"], num["cohort_total"])
        if "population_share" not in out.columns:
            out["population_share"] = _share(num["population_count"], num["population_total"])
        cis = [representation_ratio_ci(a, n, c, m, level=level) for a, n, c, m in zip(*num.values(), strict=True)]
        out["lower"] = [r[1] for r in cis]
        out["upper"] = [r[2] for r in cis]
        small = (num["cohort_count"] < RELIABLE_EVENTS) | (num["population_count"] < RELIABLE_EVENTS)
        out["low_reliability"] = small | num["cohort_count"].isna() | num["population_count"].isna()
    elif not {"cohort_share", "population_share"} <= set(out.columns):
        raise CohortError("need cohort_share and population_share, or the four count columns")
    else:
        out["lower"] = np.nan
        out["upper"] = np.nan
        out["low_reliability"] = True
    shares = zip(out["cohort_share"], out["population_share"], strict=True)
    out["representation_ratio"] = [representation_ratio(a, b) for a, b in shares]
    out["low_reliability"] = out["low_reliability"].astype(bool)
    return out


def _share(count: pd.Series, total: pd.Series) -> pd.Series:
    return count / total.where(total > 0) * 100


def roll_up_to_major(frame: pd.DataFrame, value_cols: Sequence[str]) -> pd.DataFrame:
    """Sum minor ethnic groups into their major groups (e.g. black_caribbean → black).

    Method: each minor category is mapped by ``cohorts.major_group`` and ``value_cols`` are summed
    within every combination of the other columns (e.g. period, area), so pass only additive
    columns as values and drop derived ones (rates) first. A missing value in any minor group
    makes its major group's total missing (no silent undercount). Where the frame already has a
    row for a major group it is kept and that group's minor rows are not added to it (the
    published total is more complete than a sum of possibly suppressed parts). Non-ethnicity
    categories ('all', 'unknown') pass through unchanged.

    >>> f = pd.DataFrame({"category": ["white_british", "white_irish", "black_african"],
    ...                   "events": [5, 3, 4]})
    >>> roll_up_to_major(f, ["events"]).values.tolist()
    [['black', 4], ['white', 8]]
    """
    value_cols = list(value_cols)
    keys = [c for c in frame.columns if c not in value_cols and c != "category"]
    out = frame.copy()
    out["category"] = [major_group(c) if c in ETHNICITY else c for c in out["category"]]
    out["_minor"] = [bool(is_minor(c)) for c in frame["category"]]
    # drop minor rows of groups that already have their own (published) major row
    group_cols = [*keys, "category"]
    has_major = out.groupby(group_cols, dropna=False)["_minor"].transform(lambda s: (~s).any())
    out = out[~(out["_minor"] & has_major)].drop(columns="_minor")
    summed = out.groupby(group_cols, dropna=False, sort=True)[value_cols].sum(min_count=1)
    any_missing = out[value_cols].isna().groupby([out[c] for c in group_cols], dropna=False).any()
    summed = summed.mask(any_missing)
    return summed.reset_index()[[*keys, "category", *value_cols]]


@dataclass(frozen=True)
class RRITrend:
    """Trend of a relative rate index across years (ratio change per year, with its CI)."""

    status: str  # narrowing | widening | no_significant_change | cannot_be_calculated
    slope_ratio: float | None  # multiplicative change in the RRI per year (e.g. 0.9 = 10% smaller)
    lower: float | None
    upper: float | None
    p_value: float | None
    n_points: int
    reason: str


def rri_trend(frame: pd.DataFrame, level: float = 0.95, ci_level: float = 0.95) -> RRITrend:
    """Whether a relative rate index is narrowing (moving towards 1) or widening over the years.

    Input columns: year (float), rri, lower, upper (intervals at ``ci_level``). Rows with a missing
    or non-positive RRI or bound are left out; at least 3 years are needed.
    Method: inverse-variance weighted least squares of ln RRI on year, with each year's SE from its
    log interval, (ln upper − ln lower)/(2z); slope SE = 1/√(Σw(t − t̄)²) (fixed effect). The slope
    is reported as exp(slope) per year with its CI at ``level``. Significant when that CI excludes
    1; 'narrowing' when ln RRI moves towards 0 (the fitted value at the latest year is above 1 and
    falling, or below 1 and rising), otherwise 'widening'.
    Source: standard meta-regression of log ratios (Katz log scale, as DESIGN §5).

    >>> f = pd.DataFrame({"year": [2016., 2017., 2018., 2019., 2020.], "rri": [4., 3.6, 3.2, 2.9, 2.6],
    ...                   "lower": [3.6, 3.2, 2.9, 2.6, 2.3], "upper": [4.4, 4.0, 3.5, 3.2, 2.9]})
    >>> rri_trend(f).status
    'narrowing'
    """
    data = frame[["year", "rri", "lower", "upper"]].apply(pd.to_numeric, errors="coerce").dropna()
    data = data[(data["rri"] > 0) & (data["lower"] > 0) & (data["upper"] > data["lower"])]
    n = len(data)
    if n < 3 or data["year"].nunique() < n:
        why = "duplicate years" if n >= 3 else f"needs 3 years with an RRI and its interval, has {n}"
        return RRITrend("cannot_be_calculated", None, None, None, None, n, why)
    t = data["year"].to_numpy(float)
    y = np.log(data["rri"].to_numpy(float))
    log_width = np.log(data["upper"].to_numpy(float)) - np.log(data["lower"].to_numpy(float))
    se = log_width / (2 * z_for(ci_level))
    w = 1 / se**2
    t_bar = np.sum(w * t) / np.sum(w)
    sxx = np.sum(w * (t - t_bar) ** 2)
    slope = float(np.sum(w * (t - t_bar) * y) / sxx)
    slope_se = float(1 / math.sqrt(sxx))
    z = z_for(level)
    p_value = float(2 * (1 - _norm_cdf(abs(slope / slope_se))))
    lo, hi = math.exp(slope - z * slope_se), math.exp(slope + z * slope_se)
    if lo <= 1 <= hi:
        return RRITrend("no_significant_change", math.exp(slope), lo, hi, p_value, n, "no significant trend")
    fitted_latest = float(np.sum(w * y) / np.sum(w)) + slope * (t.max() - t_bar)
    narrowing = (fitted_latest > 0) == (slope < 0)
    status = "narrowing" if narrowing else "widening"
    return RRITrend(status, math.exp(slope), lo, hi, p_value, n, f"significantly {status}")


def _norm_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))
