"""What the cohorts page calls: one indicator by one dimension (ethnicity, SEN, care status, sex)
or one intersection of dimensions (ethnicity+sex).

No Streamlit. Disclosure control is applied here for the viewer role, once, before anything is
charted, tabled or downloaded (``series.breakdown`` protects the observations).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from indicators.areas import ENGLAND
from indicators.catalogue import Indicator, load_catalogue
from indicators.charts.style import in_group_order
from indicators.cohorts import SEPARATOR, cohort_label, dimension_label, is_canonical, roll_up
from indicators.errors import CohortError
from indicators.home import current_home
from indicators.readings import format_value, is_missing
from indicators.services import cohort_shares, series
from indicators.settings import get_settings
from indicators.store import queries

if TYPE_CHECKING:
    from sqlalchemy import Engine


def _home() -> str:
    return get_settings().home_area


@dataclass
class CohortView:
    """One indicator by one dimension for one period, with its trend per group."""

    indicator: Indicator
    dimension: str
    period: str
    groups: pd.DataFrame  # cohort_chart frame: category, label, value, lower_ci, upper_ci, marker...
    trend: pd.DataFrame  # cohort_trend_chart frame: every period of the dimension's groups
    total: float | None
    england: float | None
    illustrative: bool
    reading: str
    trend_reading: str


def cohort_options(engine: Engine) -> pd.DataFrame:
    """(indicator_id, dimension, period, period_start) that hold home-area breakdown data."""
    with engine.connect() as conn:
        index = queries.breakdown_index(conn, _home())
    known = set(load_catalogue().ids())
    index = index[(index["dimension"] != "all") & index["indicator_id"].isin(known)]
    return index.sort_values(["indicator_id", "dimension", "period_start"]).reset_index(drop=True)


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """With each group's label and its major-group roll-up ('black_caribbean+male' -> 'black+male';
    the category itself without an ethnicity part), so a chart can nest minor groups in their major."""
    pairs = list(zip(frame["dimension"], frame["category"], strict=True))
    return frame.assign(
        label=[cohort_label(d, c) for d, c in pairs],
        major=[roll_up(d, c) if "ethnicity" in str(d).split(SEPARATOR) else c for d, c in pairs],
    )


def _value_at(frame: pd.DataFrame, area: str, period: str) -> float | None:
    rows = frame[(frame["area_code"] == area) & (frame["dimension"] == "all") & (frame["period"] == period)]
    value = rows["value"].iloc[0] if len(rows) else None
    return None if is_missing(value) else float(value)


def cohort_view(engine: Engine, indicator_id: str, dimension: str, period: str, role: series.Role) -> CohortView:
    """The home area's groups for a period (with intervals), its total, England, and each group's trend."""
    ind = load_catalogue().get(indicator_id)
    if not is_canonical(dimension) or dimension == "all":
        raise CohortError(f"'{dimension}' is not a cohort dimension")
    frame = series.breakdown(engine, indicator_id, dimension, role, areas=[_home(), ENGLAND])
    home = _labelled(frame[(frame["area_code"] == _home()) & (frame["dimension"] == dimension)])
    groups = home[home["period"] == period].reset_index(drop=True)
    if groups.empty:
        raise CohortError(f"{ind.title} has no breakdown by {dimension_label(dimension).lower()} for {period}")
    total, england = _value_at(frame, _home(), period), _value_at(frame, ENGLAND, period)
    trend = home.sort_values("period_start").reset_index(drop=True)
    illustrative = bool(groups["illustrative"].any() or trend["illustrative"].any())
    groups, reading = _like_for_like(frame, groups, ind, dimension, period)
    if ind.unit != "count" and total is not None:
        reading += f" The figure for all children in {current_home().name} was {format_value(total, ind)}."
    if ind.unit != "count" and england is not None:
        reading += f" The figure for England was {format_value(england, ind)}."
    return CohortView(
        ind, dimension, period, groups, trend, total, england, illustrative, reading, _trend_reading(trend, ind)
    )


def _like_for_like(
    frame: pd.DataFrame, groups: pd.DataFrame, ind: Indicator, dimension: str, period: str
) -> tuple[pd.DataFrame, str]:
    """Counts as shares of their own area's total beside England's share; rates ranked by rate;
    minor ethnic groups nested in their major group (order and sentence)."""
    area = current_home().name
    if ind.unit == "count":
        groups = cohort_shares.add_shares(groups, frame, _home(), ENGLAND, dimension, period)
    if ind.unit != "count":
        reading = cohort_shares.rate_reading(groups, ind, area)
    elif "share" in groups:
        reading = cohort_shares.share_reading(groups, ind, area)
    else:
        reading = cohort_shares.count_reading(groups, ind, area)
    groups, nesting = cohort_shares.nested(groups, ind)
    return groups, f"{reading} {nesting}".strip()


def _trend_reading(trend: pd.DataFrame, ind: Indicator) -> str:
    """'Black: 20 in 2019/20 and 11 in 2024/25; ...' for each group with two published points."""
    parts = []
    for label, rows in in_group_order(trend).groupby("label", sort=False):
        shown = rows[rows["value"].notna()]
        if len(shown) >= 2:
            first, last = shown.iloc[0], shown.iloc[-1]
            parts.append(
                f"{label}: {format_value(first['value'], ind)} in {first['period']} and "
                f"{format_value(last['value'], ind)} in {last['period']}"
            )
    if not parts:
        return "There are not enough published years to show a trend for any group."
    text = f"Each line is one group over {trend['period'].nunique()} periods. " + "; ".join(parts) + "."
    if pd.to_numeric(trend["lower_ci"], errors="coerce").notna().any():
        text += " Where the 95% confidence intervals overlap, a difference between years may be chance."
    return text
