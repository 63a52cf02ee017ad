"""One rule for an indicator's status, shared by the overview cards and the indicator page.

Pure: a home-area series (dimension 'all'), comparator series and a target in; a Status out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from indicators import stats
from indicators.catalogue import Indicator
from indicators.periods import parse_period
from indicators.targets import Target, TargetResult, target_status, trajectory

LEVEL = 0.95


def _num(v: object) -> float | None:
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def add_intervals(frame: pd.DataFrame, indicator: Indicator, level: float = LEVEL) -> pd.DataFrame:
    """Fill value and 95% interval from numerator/denominator where the source gave none.

    Percentages: Wilson; rates and counts: Byar / exact Poisson (stats module). Published
    intervals are kept as they are.
    """
    if frame.empty:
        return frame
    need = frame["numerator"].notna() & frame["lower_ci"].isna()
    if indicator.unit != "count":
        need &= frame["denominator"].fillna(0) > 0
    if not (indicator.is_proportion or indicator.is_rate or indicator.unit == "count") or not need.any():
        return frame
    out = frame.copy()
    mult = indicator.multiplier
    for idx in out.index[need]:
        n, d = float(out.at[idx, "numerator"]), _num(out.at[idx, "denominator"])
        if indicator.is_proportion:
            value, lo, hi = stats.proportion_ci(n, d, level, mult or 100)
        elif indicator.is_rate:
            value, lo, hi = stats.rate_ci(n, d, mult or 1, level)
        else:
            value, (lo, hi) = n, stats.byar_ci(n, level)
        if _num(out.at[idx, "value"]) is None:
            out.at[idx, "value"] = value
        out.at[idx, "lower_ci"], out.at[idx, "upper_ci"] = lo, hi
    return out


@dataclass
class Status:
    latest_period: str | None = None
    latest_value: float | None = None
    latest_lower: float | None = None
    latest_upper: float | None = None
    latest_illustrative: bool = False
    baseline_period: str | None = None
    baseline_value: float | None = None
    change: float | None = None
    target: TargetResult | None = None
    trend: stats.TrendResult | None = None
    comparisons: dict[str, str] = field(default_factory=dict)  # area name -> better/similar/worse/...
    trajectory: list[tuple[str, float]] = field(default_factory=list)


def _usable(series: pd.DataFrame) -> pd.DataFrame:
    return series[series["value"].notna()].sort_values("period_start")


def _baseline(series: pd.DataFrame, wanted: str) -> pd.Series | None:
    """The baseline period's row, else the nearest period on or before it, else the first after."""
    if series.empty:
        return None
    exact = series[series["period"] == wanted]
    if not exact.empty:
        return exact.iloc[0]
    start = parse_period(wanted, series["period_type"].iloc[0]).start if "period_type" in series else None
    if start is None:
        return series.iloc[0]
    before = series[series["period_start"].dt.date <= start]
    return before.iloc[-1] if not before.empty else series.iloc[0]


def trend_kind(indicator: Indicator) -> str:
    """Fingertips trend method by unit: chi-squared for proportions, WLS for rates and counts;
    scores, gaps and ratios use WLS on the value with its published interval ('other')."""
    if indicator.is_proportion:
        return "proportion"
    if indicator.is_rate:
        return "rate"
    return "count" if indicator.unit == "count" else "other"


def compute_status(
    indicator: Indicator,
    series: pd.DataFrame,
    comparators: dict[str, pd.DataFrame],
    target: Target | None,
) -> Status:
    """Latest value, baseline and change, on/off track, recent trend and benchmarks for one series."""
    usable = _usable(series)
    status = Status()
    if usable.empty:
        status.trend = stats.recent_trend([], trend_kind(indicator), indicator.polarity)
        return status
    latest = usable.iloc[-1]
    status.latest_period, status.latest_value = latest["period"], _num(latest["value"])
    status.latest_lower, status.latest_upper = _num(latest["lower_ci"]), _num(latest["upper_ci"])
    status.latest_illustrative = bool(latest.get("illustrative", False))
    base = _baseline(usable, target.baseline_period) if target else None
    if base is not None and base["period"] != latest["period"]:
        status.baseline_period, status.baseline_value = base["period"], _num(base["value"])
        status.change = status.latest_value - status.baseline_value
    status.trend = stats.recent_trend(_trend_points(usable), trend_kind(indicator), indicator.polarity)
    if target is not None:
        status.target = _target_result(indicator, usable, target, status)
    for name, comp in comparators.items():
        same = comp[comp["period"] == status.latest_period]
        cv = _num(same["value"].iloc[0]) if not same.empty else None
        status.comparisons[name] = stats.compare_to(
            status.latest_value, status.latest_lower, status.latest_upper, cv, indicator.polarity)
    return status


def _trend_points(usable: pd.DataFrame) -> list[tuple[float | None, ...]]:
    return [
        (r.period_start.year + (r.period_start.day_of_year - 1) / 365.25, _num(r.numerator), _num(r.denominator),
         _num(r.value), _num(r.lower_ci), _num(r.upper_ci))
        for r in usable.itertuples()
    ]


def _target_result(indicator: Indicator, usable: pd.DataFrame, target: Target, status: Status) -> TargetResult:
    expected = None
    if target.kind == "value" and status.baseline_value is not None:
        periods = [parse_period(p, indicator.period_type) for p in usable["period"]]
        if status.baseline_period is not None:
            periods.append(parse_period(target.target_period, indicator.period_type))
        status.trajectory = trajectory(target, status.baseline_value, sorted(set(periods)))
        expected = dict(status.trajectory).get(status.latest_period)
    baseline = status.baseline_value if status.baseline_period else None
    return target_status(target, indicator.polarity, baseline, status.latest_value,
                         status.latest_lower, status.latest_upper, expected)
