"""Targets, their linear trajectories, and whether an indicator is on or off track.

A target (DESIGN §3) has a baseline period (default 2019/20, the year before the strategy) and
either a direction only ("improve on the baseline") or a numeric value to reach by a target period
(default 2024/25), with a straight-line trajectory between the two.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from indicators.periods import Period, parse_period
from indicators.stats import compare_to

TargetKind = Literal["direction", "value"]


@dataclass(frozen=True)
class Target:
    """A target for one indicator (and optionally one area)."""

    indicator_id: str
    baseline_period: str = "2019/20"
    kind: TargetKind = "direction"
    target_value: float | None = None
    target_period: str = "2024/25"
    area_code: str | None = None
    set_by: str = ""  # who set it (e.g. "Youth Safety Board"); empty for the default baseline row
    set_on: str = ""  # when (ISO date), so a reader can judge whether it still stands
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ("direction", "value"):
            raise ValueError(f"target kind must be 'direction' or 'value', not '{self.kind}'")

    @property
    def council_set(self) -> bool:
        """Only a target someone accountable set (and dated) earns an on/off track verdict."""
        return bool(self.set_by.strip() and self.set_on.strip())

    @property
    def source(self) -> str:
        """'set by Youth Safety Board on 2025-06-12', or '' for the default baseline row."""
        return f"set by {self.set_by} on {self.set_on}" if self.council_set else ""


@dataclass(frozen=True)
class TargetResult:
    """On/off track, with a plain-English reason and how the latest value compares (by its CI)."""

    status: str  # on_track | off_track | not_enough_data
    reason: str
    comparison: str = "not_compared"  # better | similar | worse | not_compared (latest CI vs benchmark)


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def trajectory(target: Target, baseline_value: float | None, periods: list[Period]) -> list[tuple[str, float]]:
    """The expected value for each period on the straight line from baseline to target.

    Method: linear interpolation by period start date between (baseline period, baseline value) and
    (target period, target value). Periods before the baseline are left out; periods after the
    target period keep the target value. A direction-only target, or a missing baseline value or
    target value, has no trajectory (an empty list). Baseline and target codes are read in the
    period type of ``periods``.
    Source: DESIGN §3 (linear trajectory between baseline and target).

    >>> from indicators.periods import parse_period
    >>> t = Target("neet_16_17", "2019/20", "value", 2.0, "2023/24")
    >>> ps = [parse_period(c, "financial_year") for c in ("2019/20", "2021/22", "2023/24")]
    >>> [(c, round(v, 2)) for c, v in trajectory(t, 4.0, ps)]
    [('2019/20', 4.0), ('2021/22', 3.0), ('2023/24', 2.0)]
    """
    if target.kind != "value" or _missing(baseline_value) or _missing(target.target_value) or not periods:
        return []
    period_type = periods[0].period_type
    base = parse_period(target.baseline_period, period_type)
    goal = parse_period(target.target_period, period_type)
    span = (goal.start - base.start).days
    if span <= 0:
        return []
    start, end = float(baseline_value), float(target.target_value)  # type: ignore[arg-type]
    out = []
    for period in sorted(periods):
        if period.start < base.start:
            continue
        fraction = min((period.start - base.start).days / span, 1.0)
        out.append((period.code, start + (end - start) * fraction))
    return out


def _better_or_equal(latest: float, benchmark: float, polarity: str) -> bool:
    return latest >= benchmark if polarity == "high_is_good" else latest <= benchmark


_SIGNIFICANCE = {
    "better": "significantly better than the {what} (its confidence interval excludes it)",
    "worse": "significantly worse than the {what} (its confidence interval excludes it)",
    "similar": "not significantly different from the {what} (it lies within the confidence interval)",
    "not_compared": "no confidence interval, so significance is not known",
}


def target_status(
    target: Target,
    polarity: str,
    baseline_value: float | None,
    latest_value: float | None,
    latest_lower: float | None,
    latest_upper: float | None,
    expected_value: float | None = None,
) -> TargetResult:
    """Whether the latest value is on track for a numeric target.

    The rule, in plain English:
    - An indicator with no good direction (polarity 'no_judgement') cannot be on or off track:
      'not_enough_data', reason 'no direction'. No latest value: 'not_enough_data'.
    - Compare the latest value with the trajectory's value for the latest period
      (``expected_value``, from ``trajectory``): at or better than it (by polarity) → 'on_track';
      worse → 'off_track'. The trajectory is the council's own number, so it is exact: the reason
      says whether it lies outside the latest value's confidence interval (significant) or not.
      No trajectory value → 'not_enough_data'.
    - A direction-only target ("improve on the baseline") compares two uncertain figures, so it is
      judged by the two-sample baseline test in indicators.status, not here: 'not_enough_data'.
    ``comparison`` is ``stats.compare_to`` of the latest value's CI against the trajectory value.
    Source: DESIGN §5 (on/off track against a target).

    >>> t = Target("first_time_entrants", kind="value", target_value=150.0)
    >>> target_status(t, "low_is_good", 300.0, 150.0, 130.0, 170.0, 160.0).status
    'on_track'
    """
    if polarity == "no_judgement":
        return TargetResult("not_enough_data", "no direction")
    if target.kind == "direction":
        return TargetResult("not_enough_data", "a direction target is judged by the baseline test")
    if _missing(latest_value):
        return TargetResult("not_enough_data", "no latest value")
    if _missing(target.target_value):
        return TargetResult("not_enough_data", "the target has no value")
    if _missing(expected_value):
        return TargetResult(
            "not_enough_data",
            "no trajectory value for the latest period (needs a baseline value and a latest "
            "period on or after the baseline)",
        )
    benchmark, latest = float(expected_value), float(latest_value)  # type: ignore[arg-type]
    comparison = compare_to(latest, latest_lower, latest_upper, benchmark, polarity)
    on_track = _better_or_equal(latest, benchmark, polarity)
    side = "at or better than" if on_track else "worse than"
    significance = _SIGNIFICANCE[comparison].format(what="trajectory")
    reason = f"latest value {latest:g} is {side} the trajectory ({benchmark:g}); {significance}"
    return TargetResult("on_track" if on_track else "off_track", reason, comparison)
