"""Counts that a shown figure gives away, even when the count itself is hidden (DESIGN.md §6).

Pure module: arrays and DataFrames in, masks and DataFrames out; no I/O, no streamlit, no sqlalchemy.

:func:`indicators.suppression.suppress` hides counts from 1 to ``threshold - 1``. A reader who
sees only a rate, a percentage, an interval or a ratio can still work such a count out:

* value x denominator: a rate with its denominator (or, when the row gives none, the denominator
  of the same series in another period, or of another indicator with the same unit, area, period
  and cohort: suspensions and permanent exclusions share their pupil headcount) is a count;
* an interval: an exact Poisson / Byar interval's width relative to its value depends on the count
  alone (180.5 per 100,000 with 4.57-1,005.71 is a count of 1, whatever the population), and a
  Wilson interval's width pins the denominator (5.4% with 1.5-17.7 is 2 of 37);
* a ratio of two groups' rates (the disproportionality KPI) with the counts it is built on gives
  back the count that was hidden;
* a percentage of children has a complement: 97.3% of 37 leaves 1 child *not* in the category
  (n - k), whichever of the ways above gives n and k.

Each test below errs towards hiding: it asks whether the figure is *consistent with* a small count,
not whether it proves one. Also here: rounding to the unit's published precision and comparator
averages (statistical neighbours) computed only from what viewers may see.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators.catalogue import UNIT_MULTIPLIER
from indicators.stats import byar_ci, z_for

POISSON_UNITS = frozenset({"count", "rate_per_100", "rate_per_1000", "rate_per_10000", "rate_per_100000"})
# A denominator taken from another period or another indicator is only an estimate (a pupil
# headcount moves a few per cent a year): a count estimated from it counts as small up to 20%
# past the threshold, so an attacker with a slightly better denominator still learns nothing.
ESTIMATE_MARGIN = 1.2
# Ratio KPIs and the counts they are built on: (input indicator, dimension, group category).
# youth_justice_disproportionality = (Black offenders / all offenders) / (Black pupils / all pupils):
# with the pupil shares, the ratio and the offenders' total give the Black offenders' count back.
RATIO_INPUTS: dict[str, tuple[str, str, str]] = {
    "youth_justice_disproportionality": ("yj_offenders_linked", "ethnicity", "black"),
}


def _num(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _col(frame: pd.DataFrame, column: str, default: str = "all") -> pd.Series:
    if column not in frame.columns:
        return pd.Series(default, index=frame.index, dtype=object)
    return frame[column].astype(object).where(frame[column].notna(), default)


# ---------------------------------------------------------------------------------------------
# value x denominator
# ---------------------------------------------------------------------------------------------


# (lowest, highest, exact) denominator per row: what denominator_range returns.
Denominators = tuple[np.ndarray, np.ndarray, np.ndarray]


def denominator_range(frame: pd.DataFrame, units: np.ndarray) -> Denominators:
    """(lowest, highest, exact) denominator a reader can put against each row's value.

    Exact where the row gives its own; otherwise the range over the same series' nearest earlier
    and later denominators and the denominators of indicators with the same unit, area, period,
    dimension and category. NaN where none is known.
    """
    n = len(frame)
    own = _num(frame, "denominator")
    exact = ~np.isnan(own)
    if n == 0 or exact.all():
        return own, own, exact
    work = pd.DataFrame(
        {
            "ind": _col(frame, "indicator_id").to_numpy(),
            "area": _col(frame, "area_code").to_numpy(),
            "dim": _col(frame, "dimension").to_numpy(),
            "cat": _col(frame, "category").to_numpy(),
            "period": _col(frame, "period").astype(str).to_numpy(),
            "unit": units.astype(str),
            "den": own,
            "pos": np.arange(n),
        }
    )
    order = (
        pd.to_datetime(frame["period_start"]).to_numpy()
        if "period_start" in frame.columns
        else work["period"].to_numpy()
    )
    work["order"] = order
    work = work.sort_values(["ind", "area", "dim", "cat", "order"], kind="stable")
    series = work.groupby(["ind", "area", "dim", "cat"], sort=False)["den"]
    prev, nxt = series.ffill().to_numpy(), series.bfill().to_numpy()
    sib_lo, sib_hi = _sibling_denominators(work)
    stacked = np.vstack([prev, nxt, sib_lo, sib_hi])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: no denominator known
        lo_sorted, hi_sorted = np.nanmin(stacked, axis=0), np.nanmax(stacked, axis=0)
    pos = work["pos"].to_numpy()
    lo, hi = own.copy(), own.copy()
    lo[pos] = np.where(exact[pos], own[pos], lo_sorted)
    hi[pos] = np.where(exact[pos], own[pos], hi_sorted)
    return lo, hi, exact


def shared_denominators(work: pd.DataFrame) -> dict[str, set[str]]:
    """Indicators that carry the same denominator somewhere (same area, period, cohort and value):
    suspensions and permanent exclusions are both per pupil on roll, so either's headcount is the
    other's. Columns of `work`: ind, area, period, dim, cat, den."""
    keys = ["area", "period", "dim", "cat", "den"]
    known = work.loc[work["den"] > 0, [*keys, "ind"]].drop_duplicates()
    # Only cells where two or more indicators meet can pair; a self-join of those finds the pairs
    # without a Python call per cell (a national store has over a million cells).
    known = known[known.groupby(keys, sort=False)["ind"].transform("size") > 1]
    pairs = known.merge(known, on=keys, suffixes=("", "_other"))
    pairs = pairs.loc[pairs["ind"] != pairs["ind_other"], ["ind", "ind_other"]].drop_duplicates()
    return {str(ind): set(group["ind_other"]) for ind, group in pairs.groupby("ind", sort=False)}


def _sibling_denominators(work: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per row of `work`, the lowest and highest denominator of an indicator that shares this
    row's indicator's denominator, at the same area, period and cohort (NaN when none)."""
    lo, hi = np.full(len(work), np.nan), np.full(len(work), np.nan)
    shared = shared_denominators(work)
    if not shared:
        return lo, hi
    keys = ["area", "period", "dim", "cat"]
    pairs = pd.DataFrame([(a, b) for a, bs in shared.items() for b in bs], columns=["ind", "other"])
    others = work.loc[work["den"] > 0, [*keys, "ind", "den"]].rename(columns={"ind": "other"})
    joined = work[[*keys, "ind"]].reset_index().merge(pairs, on="ind").merge(others, on=[*keys, "other"])
    if joined.empty:
        return lo, hi
    span = joined.groupby("index")["den"].agg(["min", "max"])
    where = work.index.get_indexer(span.index)
    lo[where], hi[where] = span["min"].to_numpy(), span["max"].to_numpy()
    return lo, hi


def small_by_rate(
    frame: pd.DataFrame, units: np.ndarray, threshold: int, dens: Denominators | None = None
) -> np.ndarray:
    """Rows without a numerator whose rate or percentage, times a denominator a reader can find,
    gives a count from 1 to threshold - 1 (any value above zero stands for at least 1).
    `dens`: :func:`denominator_range` of the same frame, when the caller has it already."""
    value, num = _num(frame, "value"), _num(frame, "numerator")
    mult = np.array([UNIT_MULTIPLIER.get(str(u), np.nan) for u in units], dtype=float)
    lo, _hi, exact = dens or denominator_range(frame, units)
    with np.errstate(invalid="ignore"):
        estimate = value * lo / mult
        limit = np.where(exact, threshold - 0.5, (threshold - 0.5) * ESTIMATE_MARGIN)
        return np.isnan(num) & (value > 0) & (estimate < limit)


# ---------------------------------------------------------------------------------------------
# intervals
# ---------------------------------------------------------------------------------------------


def _poisson_cuts(threshold: int) -> tuple[float, float]:
    """(upper/value, lower/value) half-way between counts threshold-1 and threshold: a wider
    interval relative to its value can only come from a smaller count (both ratios are monotone)."""
    small, big = max(threshold - 1, 1), max(threshold, 2)
    lo_s, up_s = byar_ci(small)
    lo_b, up_b = byar_ci(big)
    return (up_s / small + up_b / big) / 2, (lo_s / small + lo_b / big) / 2


def wilson_count(proportion: np.ndarray, width: np.ndarray, level: float = 0.95) -> np.ndarray:
    """The numerator n*p whose Wilson interval at `proportion` has `width` (both as proportions).

    For a fixed proportion the Wilson width z*sqrt(z^2 + 4np(1-p)) / (n + z^2) falls as n grows,
    so n is found by bisection on log n. NaN where the inputs make no interval.
    """
    z = z_for(level)
    p = np.clip(proportion, 0.0, 1.0)
    ok = (width > 0) & (width < 1) & ~np.isnan(p)
    lo, hi = np.full(p.shape, -6.0), np.full(p.shape, 12.0)  # log10 n
    for _ in range(80):
        mid = (lo + hi) / 2
        n = 10.0**mid
        w = z * np.sqrt(z * z + 4 * n * p * (1 - p)) / (n + z * z)
        too_wide = w > width
        lo = np.where(too_wide, mid, lo)
        hi = np.where(too_wide, hi, mid)
    n = 10.0 ** ((lo + hi) / 2)
    return np.where(ok, n * p, np.nan)


def small_by_interval(frame: pd.DataFrame, units: np.ndarray, threshold: int) -> np.ndarray:
    """Rows without a numerator whose published interval is consistent with a count from 1 to
    threshold - 1 (where the numerator is given it decides, and is checked on its own)."""
    value, lower, upper = _num(frame, "value"), _num(frame, "lower_ci"), _num(frame, "upper_ci")
    unit = units.astype(str)
    with np.errstate(invalid="ignore", divide="ignore"):
        up_cut, lo_cut = _poisson_cuts(threshold)
        poisson = (
            np.isin(unit, list(POISSON_UNITS)) & (value > 0) & ((upper / value > up_cut) | (lower / value < lo_cut))
        )
        is_pct = unit == "percent"
        k = wilson_count(value / 100.0, (upper - lower) / 100.0)
        n = k / (value / 100.0)
        proportion = is_pct & (value > 0) & ((k < threshold - 0.5) | (n < threshold - 0.5))
    return np.isnan(_num(frame, "numerator")) & (poisson | proportion)


# ---------------------------------------------------------------------------------------------
# complements: the children not in the category
# ---------------------------------------------------------------------------------------------


def small_complement(
    frame: pd.DataFrame, units: np.ndarray, threshold: int, dens: Denominators | None = None
) -> np.ndarray:
    """Percentage rows whose complement n - k (the children *not* in the category: 97.3% of 37
    leaves 1) a reader can put at 1 to threshold - 1, from the row's own n and k, a denominator
    found elsewhere (:func:`denominator_range`) times 100 - p, k / p - k, or the n a Wilson
    interval pins. Rates of events have no complement. A complement worked out from a shown
    percentage carries its rounding, so it counts as small up to ESTIMATE_MARGIN past the
    threshold; only n - k from two shown counts is exact."""
    value, num, den = _num(frame, "value"), _num(frame, "numerator"), _num(frame, "denominator")
    lower, upper = _num(frame, "lower_ci"), _num(frame, "upper_ci")
    lo, _hi, _exact = dens or denominator_range(frame, units)
    exact_limit, estimate_limit = threshold - 0.5, (threshold - 0.5) * ESTIMATE_MARGIN
    with np.errstate(invalid="ignore", divide="ignore"):
        p = value / 100.0
        share = (units.astype(str) == "percent") & (value > 0) & (value < 100)
        from_counts = den - num
        from_den = lo * (1 - p)  # the lowest denominator: n(1 - p) only grows with n
        from_num = num * (1 - p) / p
        k = wilson_count(p, (upper - lower) / 100.0)
        from_interval = k * (1 - p) / p
        small = (from_counts > 0) & (from_counts < exact_limit)
        for rest in (from_den, from_num, from_interval):
            small |= (rest > 0) & (rest < estimate_limit)
    return share & small


# ---------------------------------------------------------------------------------------------
# ratios built on counts that are hidden
# ---------------------------------------------------------------------------------------------


def ratio_rows_to_hide(frame: pd.DataFrame, hidden: np.ndarray, threshold: int) -> np.ndarray:
    """Ratio-KPI rows (RATIO_INPUTS) to hide: their input's total or group count is hidden or
    small, or the two differ by 1 to threshold - 1 (the other groups' count)."""
    out = np.zeros(len(frame), dtype=bool)
    ind = _col(frame, "indicator_id").to_numpy()
    if not np.isin(ind, list(RATIO_INPUTS)).any():
        return out
    dim, cat = _col(frame, "dimension").to_numpy(), _col(frame, "category").to_numpy()
    key = list(zip(_col(frame, "period").astype(str), _col(frame, "area_code"), strict=True))
    num, val = _num(frame, "numerator"), _num(frame, "value")
    count = np.where(np.isnan(num), val, num)
    for ratio_id, (input_id, in_dim, ref_cat) in RATIO_INPUTS.items():
        lookup: dict[tuple[str, tuple], tuple[float, bool]] = {}
        for i in np.flatnonzero(ind == input_id):
            if dim[i] == "all":
                lookup[("total", key[i])] = (count[i], bool(hidden[i]))
            elif dim[i] == in_dim and cat[i] == ref_cat:
                lookup[("ref", key[i])] = (count[i], bool(hidden[i]))
        for i in np.flatnonzero((ind == ratio_id) & (dim == "all")):
            total, ref = lookup.get(("total", key[i])), lookup.get(("ref", key[i]))
            if total is None and ref is None:
                continue  # nothing published to invert the ratio against
            if total is None or ref is None or total[1] or ref[1]:
                out[i] = True
                continue
            rest = total[0] - ref[0]
            out[i] = bool(0 < ref[0] < threshold or 0 < rest < threshold)
    return out


def implied_small(
    frame: pd.DataFrame, units: np.ndarray, threshold: int, dens: Denominators | None = None
) -> np.ndarray:
    """Primary suppression beyond the counts themselves: rates, percentages, intervals and the
    complements of percentages."""
    if len(frame) == 0:
        return np.zeros(0, dtype=bool)
    dens = dens or denominator_range(frame, units)
    return (
        small_by_rate(frame, units, threshold, dens)
        | small_by_interval(frame, units, threshold)
        | small_complement(frame, units, threshold, dens)
    )


# ---------------------------------------------------------------------------------------------
# what is sent: rounding and comparator averages
# ---------------------------------------------------------------------------------------------


def round_published(values: np.ndarray, decimals: np.ndarray | int) -> np.ndarray:
    """Published rounding, half away from zero (2.45 -> 2.5, -2.45 -> -2.5) as readings.round_half_up
    does for one number, vectorised: rounding to 6 places first absorbs binary error (2.675 -> 2.68)."""
    scale = 10.0 ** np.asarray(decimals, dtype=float)
    with np.errstate(invalid="ignore"):
        scaled = np.round(np.asarray(values, dtype=float) * scale, 6)
        return np.sign(scaled) * np.floor(np.abs(scaled) + 0.5) / scale + 0.0


def round_for_viewer(
    frame: pd.DataFrame, decimals: Mapping[str, int], columns: tuple[str, ...] = ("value", "lower_ci", "upper_ci")
) -> pd.DataFrame:
    """A copy with each figure rounded to its indicator's published decimals (no full floats)."""
    if frame.empty or "indicator_id" not in frame.columns:
        return frame
    places = frame["indicator_id"].map(dict(decimals)).fillna(1).to_numpy(dtype=float)
    out = frame.copy()
    for col in columns:
        if col in out.columns:
            out[col] = round_published(_num(out, col), places)
    return out


def comparator_average(
    members: pd.DataFrame, expected: int, group: tuple[str, ...] = ("indicator_id", "period")
) -> pd.DataFrame:
    """Mean of the figures a viewer can see, per indicator and period, over a comparator group.

    `members` holds one row per area, already suppressed (and rounded) for the reader; a hidden
    figure (NaN value, or marker 'c') is left out rather than averaged in, so the average can never
    give it back, and the row says so: n_areas (averaged), n_hidden (left out as suppressed) and a
    note. Areas with no row at all are simply missing data, as before.
    """
    cols = [*group, "value", "n_areas", "n_hidden", "note"]
    if members.empty:
        return pd.DataFrame(columns=cols)
    work = members.copy()
    marker = _col(work, "marker", "").astype(str)
    work["value"] = _num(work, "value")
    work["hidden"] = (marker == "c").to_numpy()
    work.loc[work["hidden"], "value"] = np.nan
    extra = [c for c in ("period_start",) if c in work.columns]
    out = (
        work.groupby([*group, *extra], sort=False, dropna=False)
        .agg(value=("value", "mean"), n_areas=("value", "count"), n_hidden=("hidden", "sum"))
        .reset_index()
    )
    out["n_hidden"] = out["n_hidden"].astype(int)
    out["note"] = [
        f"Average of {a} of {expected} neighbours; {h} suppressed [c] and left out"
        if h
        else f"Average of {a} of {expected} neighbours"
        for a, h in zip(out["n_areas"], out["n_hidden"], strict=True)
    ]
    return out[out["n_areas"] > 0].reset_index(drop=True)


# relative rate indices and representation ratios are read to 2 places, rates per 1,000 to 1
RATIO_DECIMALS: dict[str, int] = {
    "rri": 2,
    "lower": 2,
    "upper": 2,
    "representation_ratio": 2,
    "rate": 1,
    "cohort_share": 1,
    "population_share": 1,
}


def round_columns(frame: pd.DataFrame, places: Mapping[str, int] = RATIO_DECIMALS) -> pd.DataFrame:
    """A copy with the named columns (those present) rounded as published."""
    out = frame.copy()
    for col, d in places.items():
        if col in out.columns:
            out[col] = round_published(_num(out, col), d)
    return out
