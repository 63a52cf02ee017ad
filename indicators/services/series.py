"""What views call: frames ready to chart, per indicator, cohort and role.

Every figure drawn for a viewer comes from the viewer's copy (services.viewer), so every chart, table,
download, meeting view and `export --role viewer` sees the same suppressed figures; every verdict is
computed on the full figures for both roles, then viewer.protect_status withholds what would reveal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from indicators.areas import ENGLAND, NEIGHBOUR_AVERAGE, area_name
from indicators.catalogue import Catalogue, Indicator, load_catalogue
from indicators.disclosure import comparator_average
from indicators.errors import PeriodError
from indicators.home import HomeArea, current_home
from indicators.ingest.readers import NATIVE_COLUMNS
from indicators.periods import parse_period
from indicators.services import viewer
from indicators.settings import get_settings
from indicators.status import Status, add_intervals, compute_status
from indicators.store import publisher, queries
from indicators.suppression import suppress
from indicators.targets import Target

if TYPE_CHECKING:
    from sqlalchemy import Engine

Role = viewer.Role
ROLES = viewer.ROLES
NEIGHBOURS_NAME = "Statistical neighbours"


def protect(frame: pd.DataFrame, role: Role) -> pd.DataFrame:
    """Viewers get suppressed figures; analysts see everything (pages mark it not for publication)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if role == "analyst" or frame.empty:
        return frame
    units = {i.id: i.unit for i in load_catalogue().indicators}
    return suppress(frame, threshold=get_settings().suppression_threshold, unit=units)


def _targets(engine: Engine, home: str) -> dict[str, Target]:
    """The stored target rows; who set a target and when come from config.toml, its one home. A row
    stored for another area (a store first loaded for another council) counts as direction only."""
    with engine.connect() as conn:
        rows = queries.targets(conn)
    settings = get_settings()
    out = {}
    for r in rows.itertuples():
        cfg = settings.targets.get(r.indicator_id)
        out[r.indicator_id] = Target(
            indicator_id=r.indicator_id,
            baseline_period=r.baseline_period,
            kind=r.kind if r.area_code == home else "direction",
            target_value=r.target_value if r.area_code == home else None,
            target_period=r.target_period or settings.target_period,
            set_by=cfg.set_by if cfg and r.area_code == home else "",
            set_on=cfg.set_on if cfg and r.area_code == home else "",
            note=r.note or "",
        )
    return out


@dataclass
class IndicatorSeries:
    """An indicator's home-area series, comparators and status: all a card or a page needs."""

    indicator: Indicator
    series: pd.DataFrame
    comparators: dict[str, pd.DataFrame]
    status: Status
    target: Target | None
    notes: list[str] = field(default_factory=list)
    newer_at_publisher: str = ""  # set once a refresh saw a later period at the publisher than is stored


def benchmark_names(home: HomeArea) -> list[str]:
    """The comparators the status chips judge against: the home area's region and England."""
    return [area_name(code) for code in (home.region_code, ENGLAND) if code]


def _split(frame: pd.DataFrame, home: HomeArea) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The home area's series and each comparator area's, by name (empty ones left out)."""
    series = frame[frame["area_code"] == home.code].reset_index(drop=True)
    comparators = {
        area_name(code): frame[frame["area_code"] == code].reset_index(drop=True) for code in home.comparator_codes()
    }
    return series, {k: v for k, v in comparators.items() if not v.empty}


def _with_neighbours(comparators: dict[str, pd.DataFrame], neighbours: pd.DataFrame) -> dict[str, pd.DataFrame]:
    if neighbours.empty:
        return comparators
    return {**comparators, NEIGHBOURS_NAME: neighbours.assign(area_code=NEIGHBOUR_AVERAGE, area_name=NEIGHBOURS_NAME)}


def _neighbour_average(engine: Engine, indicator_ids: list[str], role: Role, neighbours: list[str]) -> pd.DataFrame:
    """The statistical-neighbour average of what the role may see: a viewer's leaves out any
    neighbour whose figure is suppressed (and says so in its note) and averages rounded figures."""
    members = viewer.observations(
        engine, role, indicator_ids=indicator_ids, area_codes=neighbours, dimensions=["all"], categories=["all"]
    )
    average = comparator_average(viewer.rounded(members, role), expected=len(neighbours))
    return viewer.rounded(average, role)


def _with_intervals(frame: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    parts = [add_intervals(g, catalogue.get(str(i))) for i, g in frame.groupby("indicator_id", sort=False)]
    return pd.concat(parts) if parts else frame


def _by_indicator(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {str(i): g for i, g in frame.groupby("indicator_id", sort=False)}


def indicator_series(engine: Engine, indicator_ids: list[str], role: Role) -> dict[str, IndicatorSeries]:
    """Home area, its region (and Inner/Outer London), England and the neighbour average for each
    indicator (dimension 'all').

    The status is computed on the full figures for both roles (a viewer never gets another verdict
    than an analyst; the neighbour average judged against is the published one for both), then
    ``viewer.protect_status`` withholds from viewers the numbers that would give a [c] figure back.
    What is drawn is the role's own copy (suppressed for viewers), rounded for viewers.
    """
    catalogue = load_catalogue()
    home = current_home()
    areas = [home.code, *home.comparator_codes()]
    wanted = {"indicator_ids": indicator_ids, "area_codes": areas, "dimensions": ["all"], "categories": ["all"]}
    full = _with_intervals(viewer.mark_hidden(engine, viewer.observations(engine, "analyst", **wanted)), catalogue)
    shown = full if role == "analyst" else _with_intervals(viewer.observations(engine, role, **wanted), catalogue)
    published_nb = _neighbour_average(engine, indicator_ids, "viewer", list(home.neighbours))
    neighbours = (
        published_nb if role == "viewer" else _neighbour_average(engine, indicator_ids, role, list(home.neighbours))
    )
    targets = _targets(engine, home.code)
    full_parts, shown_parts = _by_indicator(full), _by_indicator(shown)
    nb_parts, published_parts = _by_indicator(neighbours), _by_indicator(published_nb)
    out = {}
    for ind_id in indicator_ids:
        indicator, target = catalogue.get(ind_id), targets.get(ind_id)
        series, comparators = _split(full_parts.get(ind_id, full.iloc[0:0]), home)
        comparators = _with_neighbours(comparators, published_parts.get(ind_id, published_nb.iloc[0:0]))
        status = viewer.protect_status(compute_status(indicator, series, comparators, target), series, role)
        series, comparators = _split(shown_parts.get(ind_id, shown.iloc[0:0]), home)
        comparators = _with_neighbours(comparators, nb_parts.get(ind_id, neighbours.iloc[0:0]))
        # the verdict is worked out on the figures before rounding; what is sent is then rounded
        comparators = {k: viewer.rounded(v, role) for k, v in comparators.items()}
        out[ind_id] = IndicatorSeries(indicator, viewer.rounded(series, role), comparators, status, target)
    return out


def overview(engine: Engine, role: Role) -> list[IndicatorSeries]:
    """Every KPI, in catalogue order, each saying when the publisher has newer data than the store."""
    kpis = [i.id for i in load_catalogue().kpis()]
    data = indicator_series(engine, kpis, role)
    newer = newer_at_publisher(engine)
    for k in kpis:
        data[k].newer_at_publisher = newer.get(k, "")
    return [data[k] for k in kpis]


def newer_at_publisher(engine: Engine) -> dict[str, str]:
    """indicator id -> a sentence, for each indicator whose publisher offered (when `refresh` last
    looked) a later period than the dashboard holds for the home area; nothing before any refresh."""
    home = get_settings().home_area
    with engine.connect() as conn:
        seen = publisher.publisher_periods(conn)
        stored = publisher.latest_stored_periods(conn, home)
    out = {}
    indicators = {i.id: i for i in load_catalogue().indicators}
    for r in seen.itertuples():
        ind = indicators.get(r.indicator_id)
        if ind is None:
            continue
        try:
            at_publisher = parse_period(r.period, ind.period_type)
        except PeriodError:
            continue
        held = stored.get(r.indicator_id)
        if held is None or at_publisher.end > pd.Timestamp(held).date():
            out[r.indicator_id] = (
                f"Newer data at the publisher ({at_publisher.code}, seen {r.checked_at:%d %b %Y}) than in the "
                f"dashboard: load it with `python -m indicators refresh` or an upload."
            )
    return out


def breakdown(
    engine: Engine, indicator_id: str, dimension: str, role: Role, areas: list[str] | None = None
) -> pd.DataFrame:
    """An indicator by one cohort dimension for the given areas (all periods), with intervals."""
    ind = load_catalogue().get(indicator_id)
    areas = areas or [get_settings().home_area, ENGLAND]
    frame = viewer.observations(
        engine, role, indicator_ids=[indicator_id], area_codes=areas, dimensions=[dimension, "all"]
    )
    return viewer.rounded(add_intervals(frame, ind), role)


def breakdown_index(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return queries.breakdown_index(conn, get_settings().home_area)


def export_frame(engine: Engine, role: Role, indicator_ids: list[str] | None = None) -> pd.DataFrame:
    """The current data in the native long format (suppressed for viewers), plus marker columns."""
    frame = viewer.observations(engine, role, indicator_ids=indicator_ids)
    out = frame.reindex(columns=[*NATIVE_COLUMNS, "marker"])
    return _markers_into_cells(out)


def _markers_into_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Put each row's marker where its number would be, as the native format says (DESIGN §4)."""
    out = frame.astype({"numerator": object, "value": object})
    has_marker = out["marker"].fillna("").astype(str).isin(["c", "low", "x", "z"])
    empty_value = out["value"].isna()
    out.loc[has_marker & empty_value, "value"] = out.loc[has_marker & empty_value, "marker"]
    empty_num = out["numerator"].isna()
    out.loc[has_marker & empty_num & (out["marker"] == "c"), "numerator"] = "c"
    return out.drop(columns=["marker"])
