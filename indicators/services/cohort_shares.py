"""Like with like on /cohorts (issue 18): a count breakdown becomes each group's share of its own
area's total, with a Wilson 95% interval, beside England's share of the same group; never counts of
areas of different sizes on one axis. Rates and percentages are ranked by rate, with intervals.

No Streamlit. Works on frames that ``series.breakdown`` has already protected for viewers: a hidden
count has no share, and a share is never shown for a group whose count is hidden.
"""

from __future__ import annotations

import math

import pandas as pd

from indicators.catalogue import Indicator
from indicators.charts.cohorts import has_nested_groups, nested_order
from indicators.readings import NO_DATA, format_number, format_value, is_missing
from indicators.stats import wilson_ci

SHARE_COLUMNS = ["share", "share_lower", "share_upper", "england_share"]


def _total(frame: pd.DataFrame, area: str, dimension: str, period: str) -> float | None:
    """The area's total for the period: its 'all' row, else the sum of its groups when none is hidden."""
    rows = frame[(frame["area_code"] == area) & (frame["period"] == period)]
    whole = pd.to_numeric(rows.loc[rows["dimension"] == "all", "value"], errors="coerce").dropna()
    if len(whole):
        return float(whole.iloc[0])
    parts = pd.to_numeric(rows.loc[rows["dimension"] == dimension, "value"], errors="coerce")
    return float(parts.sum()) if len(parts) and parts.notna().all() else None


def _share(count: object, total: float | None) -> tuple[float, float, float]:
    if is_missing(count) or not total:
        return math.nan, math.nan, math.nan
    lower, upper = wilson_ci(float(count), total)  # type: ignore[arg-type]
    return float(count) / total * 100, lower * 100, upper * 100  # type: ignore[arg-type]


def add_shares(
    groups: pd.DataFrame, frame: pd.DataFrame, home: str, england: str, dimension: str, period: str
) -> pd.DataFrame:
    """``groups`` (one area's counts by group for one period) with each group's share of the area's
    total (share, share_lower, share_upper: Wilson 95%) and England's share of the same group."""
    out = groups.copy()
    total = _total(frame, home, dimension, period)
    if total is None:
        return out  # no total to take shares of (a hidden group, no 'all' row): the area's counts alone
    shares = [_share(v, total) for v in out["value"]]
    out["share"], out["share_lower"], out["share_upper"] = zip(*shares, strict=True) if shares else ([], [], [])
    eng = frame[(frame["area_code"] == england) & (frame["dimension"] == dimension) & (frame["period"] == period)]
    eng_total = _total(frame, england, dimension, period)
    eng_share = {c: _share(v, eng_total)[0] for c, v in zip(eng["category"], eng["value"], strict=True)}
    out["england_share"] = [eng_share.get(c, math.nan) for c in out["category"]]
    out["area_total"] = total
    return out


def share_reading(groups: pd.DataFrame, indicator: Indicator, area: str) -> str:
    """Each group's share of the area's count against England's share; no ranking of counts."""
    shown = groups[groups["share"].notna()]
    if shown.empty:
        return NO_DATA
    whole = format_value(groups["area_total"].iloc[0], indicator)
    parts = []
    for _, r in shown.iterrows():
        text = (
            f"{r['label']}: {format_number(r['share'], 0)}% (95% CI {format_number(r['share_lower'], 0)}% "
            f"to {format_number(r['share_upper'], 0)}%)"
        )
        if not is_missing(r["england_share"]):
            eng = float(r["england_share"])
            side = "above" if eng < r["share_lower"] else ("below" if eng > r["share_upper"] else "in line with")
            text += f", {side} England's {format_number(eng, 0)}%"
        parts.append(text)
    text = (
        f"Each group's share of the {whole} {indicator.unit_phrase or 'counted'} in {area} (shares, not rates: "
        f"a larger share may only mean a larger group): " + "; ".join(parts) + "."
    )
    hidden = len(groups) - len(shown)
    if hidden:
        groups_are = "group is" if hidden == 1 else "groups are"
        text += f" {hidden} {groups_are} not shown: too few to publish or not available."
    return text


def count_reading(groups: pd.DataFrame, indicator: Indicator, area: str) -> str:
    """One area's counts by group, in the fixed group order, without ranking them (not rates)."""
    shown = groups[pd.to_numeric(groups["value"], errors="coerce").notna()]
    if shown.empty:
        return NO_DATA
    parts = "; ".join(f"{r['label']} {format_value(r['value'], indicator)}" for _, r in shown.iterrows())
    text = f"Counts in {area}, not rates (no total or population base by group is held, so they are not ranked): "
    hidden = len(groups) - len(shown)
    return text + parts + "." + (f" {hidden} not shown: too few to publish or not available." if hidden else "")


def rate_reading(groups: pd.DataFrame, indicator: Indicator, area: str) -> str:
    """Groups ranked by rate (highest first) with their 95% intervals, and whether the top and
    bottom intervals overlap (if they do, the ranking may be chance)."""
    shown = groups[pd.to_numeric(groups["value"], errors="coerce").notna()].copy()
    if len(shown) < 2:
        return NO_DATA if shown.empty else f"Only the {shown['label'].iloc[0]} group has a published figure."
    shown = shown.sort_values("value", ascending=False, kind="stable")

    def one(r: pd.Series) -> str:
        text = f"{r['label']} {format_value(r['value'], indicator)}"
        if not (is_missing(r.get("lower_ci")) or is_missing(r.get("upper_ci"))):
            bounds = [format_number(float(r[c]), indicator.decimals) for c in ("lower_ci", "upper_ci")]
            text += f" (95% CI {bounds[0]} to {bounds[1]})"
        return text

    measure = "rate" if indicator.is_rate or indicator.unit == "percent" else "value"
    text = f"Ranked by {measure} in {area}, highest first: " + "; ".join(one(r) for _, r in shown.iterrows()) + "."
    top, low = shown.iloc[0], shown.iloc[-1]
    if not any(is_missing(v) for v in (top.get("lower_ci"), low.get("upper_ci"))):
        if float(top["lower_ci"]) > float(low["upper_ci"]):
            text += f" The intervals of the {top['label']} and {low['label']} groups do not overlap."
        else:
            text += " The highest and lowest intervals overlap, so the order may be chance."
    return text


def nested(groups: pd.DataFrame, indicator: Indicator) -> tuple[pd.DataFrame, str]:
    """Groups in nested order (each major ethnic group, then its minor groups) and a sentence per
    major group naming its minor groups' figures: the text behind the nested chart. Unchanged
    groups and an empty sentence when the breakdown has no minor groups."""
    if not has_nested_groups(groups):
        return groups, ""
    rows = nested_order(groups)
    column = "share" if "share" in rows else "value"

    def figure(r: pd.Series) -> str:
        if is_missing(r.get(column)):
            return f"{r['label']} [{'c' if r.get('marker') == 'c' else 'x'}]"
        value = f"{format_number(float(r[column]), 0)}%" if column == "share" else format_value(r[column], indicator)
        low, high = ("share_lower", "share_upper") if column == "share" else ("lower_ci", "upper_ci")
        if is_missing(r.get(low)) or is_missing(r.get(high)):
            return f"{r['label']} {value}"
        return f"{r['label']} {value} (95% CI {format_number(float(r[low]), 1)} to {format_number(float(r[high]), 1)})"

    parts = []
    for _, block in rows.groupby("major", sort=False):
        head, minors = block[block["level"] == "major"], block[block["level"] == "minor"]
        if minors.empty:
            continue
        parts.append(f"within {figure(head.iloc[0])}: " + "; ".join(figure(r) for _, r in minors.iterrows()))
    text = "Detailed ethnic groups " + " — ".join(parts) + "." if parts else ""
    return rows.drop(columns=["row_label"]), text
