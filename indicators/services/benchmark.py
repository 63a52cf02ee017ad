"""Every council's value for one indicator and period, ranked the LAIT way (indicators.ranking).

Viewers get the viewer's copy of the figures (services.viewer), so a value hidden as [c] is neither
drawn nor ranked: its rank would give away roughly where it lies. Each council's trend is tested on
every figure, for both roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from indicators.areas import ENGLAND, load_areas
from indicators.catalogue import Indicator, load_catalogue
from indicators.home import HomeArea, current_home
from indicators.ranking import MIN_COVERAGE, Ranking, rank_areas
from indicators.services import viewer
from indicators.services.series import Role
from indicators.status import add_intervals, compute_status

if TYPE_CHECKING:
    from sqlalchemy import Engine

COLUMNS = [
    "area_code",
    "area_name",
    "region_name",
    "value",
    "lower_ci",
    "upper_ci",
    "marker",
    "rank",
    "quartile",
    "trend",
    "role_in_view",
]


@dataclass
class Benchmark:
    """One indicator, one period, every upper-tier LA; ``frame`` is sorted best first."""

    indicator: Indicator
    period: str | None
    periods: list[str]
    frame: pd.DataFrame  # COLUMNS; role_in_view: "home", "neighbour" or ""
    ranking: Ranking
    england: float | None
    home: HomeArea

    @property
    def home_row(self) -> pd.Series | None:
        rows = self.frame[self.frame["area_code"] == self.home.code]
        return rows.iloc[0] if len(rows) else None

    def rank_text(self) -> str:
        return self.ranking.rank_text(self.home.code)

    def neighbour_rows(self) -> pd.DataFrame:
        """The neighbours in closeness order (DfE), whether or not they have a value."""
        order = {code: i for i, code in enumerate(self.home.neighbours)}
        rows = self.frame[self.frame["area_code"].isin(order)]
        return rows.assign(_order=rows["area_code"].map(order)).sort_values("_order").drop(columns="_order")


def _la_frames(engine: Engine, indicator: Indicator, role: Role) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every figure with ``hidden`` marked, for the trend tests; what the role may see, to rank and draw)."""
    la_codes = [a.code for a in load_areas() if a.area_type == "local_authority"]
    wanted = {
        "indicator_ids": [indicator.id],
        "area_codes": [*la_codes, ENGLAND],
        "dimensions": ["all"],
        "categories": ["all"],
    }
    full = add_intervals(viewer.mark_hidden(engine, viewer.observations(engine, "analyst", **wanted)), indicator)
    shown = full if role == "analyst" else add_intervals(viewer.observations(engine, role, **wanted), indicator)
    return full, shown


def _rounded(table: pd.DataFrame, indicator: Indicator, role: Role) -> pd.DataFrame:
    """Figures sent to a viewer carry the published decimals only (ranks are worked out before)."""
    return viewer.rounded(table.assign(indicator_id=indicator.id), role).drop(columns="indicator_id")


def _trends(indicator: Indicator, frame: pd.DataFrame) -> dict[str, str | None]:
    """Each LA's recent trend (Fingertips method, as on the home area's page), on every figure: the
    same for both roles (a trend marker carries no p-value, so nothing in it needs withholding)."""
    out: dict[str, str | None] = {}
    for code, series in frame.groupby("area_code", sort=False):
        trend = compute_status(indicator, series, {}, None).trend
        out[str(code)] = trend.status if trend else None
    return out


def _periods(las: pd.DataFrame) -> list[str]:
    dated = las.dropna(subset=["value"]).drop_duplicates("period").sort_values("period_start")
    return list(dated["period"])


def _default_period(las: pd.DataFrame, eligible: int) -> str | None:
    """The latest period with values for enough councils to rank, else the latest with any value."""
    counts = las.dropna(subset=["value"]).groupby("period")["area_code"].nunique()
    periods = _periods(las)
    rankable = [p for p in periods if counts.get(p, 0) >= MIN_COVERAGE * eligible]
    return rankable[-1] if rankable else (periods[-1] if periods else None)


def benchmark(engine: Engine, indicator_id: str, role: Role, period: str | None = None) -> Benchmark:
    """Every LA's value, interval, rank, quartile band and trend for ``period`` (default: the latest
    period that can be ranked)."""
    indicator = load_catalogue().get(indicator_id)
    home = current_home()
    full, frame = _la_frames(engine, indicator, role)
    las = frame[frame["area_code"] != ENGLAND]
    regions = {a.code: a.name for a in load_areas() if a.area_type == "region"}
    la_areas = [a for a in load_areas() if a.area_type == "local_authority"]
    periods = _periods(las)
    if period not in periods:
        period = _default_period(las, len(la_areas))
    now = las[las["period"] == period].set_index("area_code")
    table = pd.DataFrame(
        {
            "area_code": [a.code for a in la_areas],
            "area_name": [a.name for a in la_areas],
            "region_name": [regions.get(a.region_code, "") for a in la_areas],
        }
    )
    for col in ("value", "lower_ci", "upper_ci", "marker"):
        table[col] = table["area_code"].map(now[col]) if col in now else None
    ranking = rank_areas(dict(zip(table["area_code"], table["value"], strict=True)), indicator.polarity, indicator.unit)
    table["rank"] = table["area_code"].map(ranking.ranks).astype("Int64")
    table["quartile"] = table["area_code"].map(ranking.bands)
    table["trend"] = table["area_code"].map(_trends(indicator, full[full["area_code"].isin(now.index)]))
    table["role_in_view"] = [
        "home" if c == home.code else "neighbour" if c in home.neighbours else "" for c in table["area_code"]
    ]
    ascending = indicator.polarity != "high_is_good"
    table = table.sort_values(["value", "area_name"], ascending=[ascending, True], na_position="last")
    england = frame[(frame["area_code"] == ENGLAND) & (frame["period"] == period)]["value"]
    england_value = float(england.iloc[0]) if len(england) and pd.notna(england.iloc[0]) else None
    if england_value is not None and role != "analyst":
        england_value = round(england_value, indicator.decimals)
    table = _rounded(table.reset_index(drop=True)[COLUMNS], indicator, role)
    return Benchmark(indicator, period, periods, table, ranking, england_value, home)
