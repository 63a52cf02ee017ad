"""One rule for every verdict, shared by the overview cards, the indicator page and the meeting pack.

Pure: a home-area series (dimension 'all'), comparator series and a target in; a Status out. Each
judgement (recent trend, latest against the baseline, against London/England/neighbours, against a
council target) is a Verdict: an outcome where the rule below allows one, otherwise the Reason why
not. The rule is data (VERDICT_RULE), so the Symbols page prints the same words the code applies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

import pandas as pd

from indicators import stats
from indicators.catalogue import Indicator
from indicators.periods import parse_period, previous
from indicators.targets import Target, TargetResult, target_status, trajectory

LEVEL = 0.95
TREND_LEVEL = 0.998
TREND_PERIODS = 5
STALE_YEARS = 2


class Reason(StrEnum):
    """Why a chip shows no verdict. The wording is what the reader sees."""

    ILLUSTRATIVE = "illustrative, no verdict"
    SUPPRESSED = "latest period suppressed"
    COUNT = "count: compared over time only"
    SERIES_BREAK = "series break"
    TOO_FEW_PERIODS = "too few periods"
    NO_INTERVAL = "no interval published"
    NO_COMPARATOR = "no figure for the same period"


# The rule, checked in this order for each chip; the first that applies is the chip's reason.
VERDICT_RULE: tuple[tuple[Reason, str], ...] = (
    (
        Reason.ILLUSTRATIVE,
        "The series is illustrative (invented to show how the dashboard works), so nothing is judged from it.",
    ),
    (
        Reason.SUPPRESSED,
        "The latest period is suppressed to protect children ([c]): it is shown as suppressed, "
        "not replaced by an older period, and nothing is judged from it.",
    ),
    (
        Reason.COUNT,
        "A count depends on the size of the area, so it is compared with its own past only, never "
        "with London, England or neighbours.",
    ),
    (
        Reason.SERIES_BREAK,
        "The definition changed between the two periods (a series break), so they are not "
        "compared and no trend spans the break.",
    ),
    (
        Reason.TOO_FEW_PERIODS,
        "The recent trend needs the 5 most recent consecutive periods; a baseline "
        "comparison needs a baseline period before the latest one.",
    ),
    (
        Reason.NO_INTERVAL,
        "A test needs the counts (numerator and denominator) of both figures, or published "
        "confidence intervals for scores, gaps and ratios; without them there is no verdict.",
    ),
    (Reason.NO_COMPARATOR, "The comparator has no figure for the latest period."),
)
VERDICT_METHODS: tuple[str, ...] = (
    f"Latest against baseline and against London, England or the neighbour average: a two-sample test at 95% "
    f"that treats both figures as uncertain — percentages by the {stats.PROPORTION_TEST}; rates of events and "
    f"counts by the {stats.RATE_TEST}; scores, gaps and ratios by a {stats.INTERVAL_TEST}. Better or worse when "
    "significant, otherwise similar.",
    "Recent trend (Fingertips): the 5 most recent consecutive periods, all with counts, tested at 99.8% — "
    f"percentages by the {stats.TREND_METHODS['proportion']}; rates of events by "
    f"{stats.TREND_METHODS['rate']}. Improving or worsening when significant, otherwise no significant change.",
    "On or off track: only for a target the council set, shown with who set it and when; the latest value "
    "against the straight line from the baseline to the target.",
)


@dataclass(frozen=True)
class Verdict:
    """One chip: an outcome where the rule allows one, otherwise the reason why not."""

    label: str  # Trend | vs 2019/20 | vs London | Target ...
    outcome: str | None = None  # improving, better, similar, on_track, ... (None when there is a reason)
    reason: Reason | None = None
    method: str = ""
    p_value: float | None = None

    @property
    def status(self) -> str:
        """The outcome, or 'no_verdict' (for palettes and tables keyed by a string)."""
        return self.outcome or "no_verdict"


@dataclass
class Status:
    latest_period: str | None = None  # the latest period with a published value
    latest_value: float | None = None
    latest_lower: float | None = None
    latest_upper: float | None = None
    latest_illustrative: bool = False
    suppressed_period: str | None = None  # a later period that is suppressed ([c]), if any
    stale: bool = False  # the latest period ended more than two years ago
    baseline_period: str | None = None
    baseline_value: float | None = None
    change: float | None = None
    baseline: Verdict | None = None
    target: Verdict | None = None  # None: no target set by the council
    target_result: TargetResult | None = None
    trend: Verdict | None = None
    trend_result: stats.TrendResult | None = None
    comparisons: dict[str, Verdict] = field(default_factory=dict)
    trajectory: list[tuple[str, float]] = field(default_factory=list)

    def verdicts(self) -> dict[str, Verdict]:
        """Every chip in display order: target (when set), trend, baseline, comparators."""
        chips = [self.target, self.trend, self.baseline, *self.comparisons.values()]
        return {v.label: v for v in chips if v is not None}


def _num(v: object) -> float | None:
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def add_intervals(frame: pd.DataFrame, indicator: Indicator, level: float = LEVEL) -> pd.DataFrame:
    """Fill value and 95% interval from numerator/denominator where the source gave none.

    Percentages: Wilson; rates of events and counts: Byar / exact Poisson (stats module), so a
    rate may pass 100 per 100. Published intervals are kept as they are.
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
            value, lo, hi = stats.proportion_ci(n, d, level, mult or 100)  # type: ignore[arg-type]  # narrowed by the is_missing/None check above
        elif indicator.is_rate:
            value, lo, hi = stats.rate_ci(n, d, mult or 1, level)  # type: ignore[arg-type]  # narrowed by the is_missing/None check above
        else:
            value, (lo, hi) = n, stats.byar_ci(n, level)
        if _num(out.at[idx, "value"]) is None:
            out.at[idx, "value"] = value
        out.at[idx, "lower_ci"], out.at[idx, "upper_ci"] = lo, hi
    return out


def trend_kind(indicator: Indicator) -> str:
    """Fingertips trend method by unit: chi-squared for proportions, Poisson WLS for rates of events
    and counts; scores, gaps and ratios use WLS on the value with its published interval ('other')."""
    if indicator.is_proportion:
        return "proportion"
    if indicator.is_rate:
        return "rate"
    return "count" if indicator.unit == "count" else "other"


def _counts(row: pd.Series, kind: str) -> tuple[float, float] | None:
    """(events, denominator) of a row for a two-sample test, or None when it has no counts."""
    num, den = _num(row.get("numerator")), _num(row.get("denominator"))
    if kind == "count":
        num = num if num is not None else _num(row.get("value"))  # a count's value is the count
        return None if num is None else (num, 1.0)
    return None if num is None or den is None or den <= 0 else (num, den)


def difference(indicator: Indicator, first: pd.Series, second: pd.Series) -> stats.Difference | Reason:
    """Two-sample test of first against second by the indicator's unit, or NO_INTERVAL without counts."""
    kind = trend_kind(indicator)
    if kind == "other":
        vals = [_num(r.get(c)) for r in (first, second) for c in ("value", "lower_ci", "upper_ci")]
        result = None if None in vals else stats.compare_intervals(*vals, level=LEVEL)  # type: ignore[arg-type,misc]
        return result or Reason.NO_INTERVAL
    a, b = _counts(first, kind), _counts(second, kind)
    if a is None or b is None:
        return Reason.NO_INTERVAL
    test = stats.compare_proportions if kind == "proportion" else stats.compare_rates
    return test(a[0], a[1], b[0], b[1], LEVEL) or Reason.NO_INTERVAL


def _verdict(label: str, indicator: Indicator, result: stats.Difference | Reason) -> Verdict:
    if isinstance(result, Reason):
        return Verdict(label, reason=result)
    return Verdict(label, stats.judge(result.direction, indicator.polarity), None, result.method, result.p_value)


def _ordered(series: pd.DataFrame) -> pd.DataFrame:
    return series.sort_values("period_start").reset_index(drop=True)


def _start(row: pd.Series) -> date:
    return pd.Timestamp(row["period_start"]).date()


def _baseline_row(usable: pd.DataFrame, wanted: str, period_type: str) -> pd.Series | None:
    """The baseline period's row, else the nearest period before it, else the first after."""
    exact = usable[usable["period"] == wanted]
    if not exact.empty:
        return exact.iloc[0]
    start = parse_period(wanted, period_type).start
    before = usable[usable["period_start"].dt.date <= start]
    return before.iloc[-1] if not before.empty else usable.iloc[0]


def _shared_reason(indicator: Indicator, series: pd.DataFrame, suppressed: bool) -> Reason | None:
    """The reasons that stop every chip of a series: illustrative data, or a suppressed latest period."""
    if indicator.illustrative or bool(series.get("illustrative", pd.Series(dtype=bool)).fillna(False).any()):
        return Reason.ILLUSTRATIVE
    return Reason.SUPPRESSED if suppressed else None


def _trend(indicator: Indicator, ordered: pd.DataFrame, latest: pd.Series) -> tuple[Verdict, stats.TrendResult | None]:
    """The Fingertips recent trend over the 5 consecutive periods ending with the latest."""
    by_period = {r["period"]: r for _, r in ordered.iterrows() if _num(r["value"]) is not None}
    period = parse_period(latest["period"], indicator.period_type)
    chain = []
    for _ in range(TREND_PERIODS):
        chain.append(period.code)
        period = previous(period)
    if len({indicator.series_of(parse_period(c, indicator.period_type).start) for c in chain}) > 1:
        return Verdict("Trend", reason=Reason.SERIES_BREAK), None
    present = [r for r in (by_period.get(code) for code in reversed(chain)) if r is not None]
    if len(present) < TREND_PERIODS:
        return Verdict("Trend", reason=Reason.TOO_FEW_PERIODS), None
    kind = trend_kind(indicator)
    points = []
    for r in present:
        t = (_start(r) - date(2000, 1, 1)).days / 365.25
        counts = _counts(r, kind) if kind != "other" else None
        num, den = counts if counts else (None, None)
        points.append((t, num, den, _num(r["value"]), _num(r.get("lower_ci")), _num(r.get("upper_ci"))))
    result = stats.recent_trend(points, kind, indicator.polarity, TREND_LEVEL)
    if result.status == "cannot_be_calculated":
        return Verdict("Trend", reason=Reason.NO_INTERVAL, method=result.method), result
    return Verdict("Trend", result.status, None, result.method, result.p_value), result


def _is_stale(latest: pd.Series, indicator: Indicator, today: date) -> bool:
    end = parse_period(latest["period"], indicator.period_type).end
    try:
        cutoff = today.replace(year=today.year - STALE_YEARS)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - STALE_YEARS, day=28)
    return end < cutoff


def _hidden(frame: pd.DataFrame) -> pd.Series:
    """Rows whose figure is kept for the tests but is [c] for viewers (column ``hidden``, if any)."""
    if "hidden" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["hidden"].fillna(False).astype(bool)


def compute_status(
    indicator: Indicator,
    series: pd.DataFrame,
    comparators: dict[str, pd.DataFrame],
    target: Target | None,
    today: date | None = None,
) -> Status:
    """Latest value, baseline and change, and every verdict (or its reason) for one home-area series.

    The frames hold every figure (both roles get the same verdicts); an optional boolean column
    ``hidden`` marks figures that viewers see as [c]: they count in the trend and baseline tests, but
    a hidden period is never "the latest" (it is the suppressed latest period) and a comparator's
    hidden figure is not compared with.
    """
    status = Status()
    ordered = _ordered(series) if not series.empty else series
    usable = ordered[ordered["value"].notna()] if not ordered.empty else ordered
    published = usable[~_hidden(usable)] if not usable.empty else usable
    if published.empty:
        hidden = usable["period"].tolist() if not usable.empty else []
        status.suppressed_period = hidden[-1] if hidden else None
        status.trend = Verdict("Trend", reason=Reason.SUPPRESSED if len(hidden) else Reason.TOO_FEW_PERIODS)
        return status
    latest = published.iloc[-1]
    later = ordered[ordered["period_start"] > latest["period_start"]]
    marker = later.get("marker", pd.Series("", index=later.index)).fillna("")
    suppressed = later[(marker == "c") | _hidden(later)]
    status.suppressed_period = suppressed["period"].iloc[-1] if not suppressed.empty else None
    status.latest_period, status.latest_value = latest["period"], _num(latest["value"])
    status.latest_lower, status.latest_upper = _num(latest.get("lower_ci")), _num(latest.get("upper_ci"))
    status.latest_illustrative = bool(latest.get("illustrative", False))
    status.stale = _is_stale(latest, indicator, today or date.today())
    shared = _shared_reason(indicator, series, status.suppressed_period is not None)
    status.trend, status.trend_result = (
        (Verdict("Trend", reason=shared), None) if shared else _trend(indicator, ordered, latest)
    )
    if target is not None:
        _baseline(status, indicator, usable, latest, target, shared)
        _target(status, indicator, usable, target, shared)
    for name, comp in comparators.items():
        status.comparisons[name] = _comparison(name, indicator, latest, comp, shared)
    return status


def _baseline(
    status: Status, indicator: Indicator, usable: pd.DataFrame, latest: pd.Series, target: Target, shared: Reason | None
) -> None:
    base = _baseline_row(usable, target.baseline_period, indicator.period_type)
    if base is None or base["period"] == latest["period"]:
        status.baseline = Verdict(f"vs {target.baseline_period}", reason=shared or Reason.TOO_FEW_PERIODS)
        return
    status.baseline_period, status.baseline_value = base["period"], _num(base["value"])
    status.change = status.latest_value - status.baseline_value  # type: ignore[operator]
    label = f"vs {base['period']}"
    if shared:
        status.baseline = Verdict(label, reason=shared)
    elif indicator.series_of(_start(base)) != indicator.series_of(_start(latest)):
        status.baseline = Verdict(label, reason=Reason.SERIES_BREAK)
    else:
        status.baseline = _verdict(label, indicator, difference(indicator, latest, base))


def _comparison(
    name: str, indicator: Indicator, latest: pd.Series, comp: pd.DataFrame, shared: Reason | None
) -> Verdict:
    label = f"vs {name}"
    if shared or not indicator.compares_across_areas:
        return Verdict(label, reason=shared or Reason.COUNT)
    same = comp[(comp["period"] == latest["period"]) & comp["value"].notna() & ~_hidden(comp)]
    if same.empty:
        return Verdict(label, reason=Reason.NO_COMPARATOR)
    return _verdict(label, indicator, difference(indicator, latest, same.iloc[0]))


def _target(status: Status, indicator: Indicator, usable: pd.DataFrame, target: Target, shared: Reason | None) -> None:
    """On/off track only for a target the council set (who and when are recorded with it)."""
    if not target.council_set:
        return
    if shared:
        status.target = Verdict("Target", reason=shared)
        return
    if status.baseline is not None and status.baseline.reason is Reason.SERIES_BREAK:
        status.target = Verdict("Target", reason=Reason.SERIES_BREAK)
        return
    if target.kind == "direction":  # improve on the baseline: the baseline test decides
        base = status.baseline
        if base is None or base.reason is not None:
            status.target = Verdict("Target", reason=base.reason if base else Reason.TOO_FEW_PERIODS)
        else:
            outcome = {"better": "on_track", "worse": "off_track"}.get(base.outcome or "", "no_significant_change")
            status.target = Verdict("Target", outcome, None, base.method, base.p_value)
        return
    expected = None
    if status.baseline_value is not None:
        periods = [parse_period(p, indicator.period_type) for p in usable["period"]]
        periods.append(parse_period(target.target_period, indicator.period_type))
        status.trajectory = trajectory(target, status.baseline_value, sorted(set(periods)))
        expected = dict(status.trajectory).get(status.latest_period)  # type: ignore[arg-type]  # narrowed by the is_missing/None check above
    result = target_status(
        target,
        indicator.polarity,
        status.baseline_value,
        status.latest_value,
        status.latest_lower,
        status.latest_upper,
        expected,
    )
    status.target_result = result
    if result.status == "not_enough_data":
        status.target = Verdict("Target", reason=Reason.TOO_FEW_PERIODS)
    else:
        status.target = Verdict("Target", result.status, method="latest value against the target trajectory")
