"""The viewer's copy of the data, and the one place where what viewers receive is suppressed.

Statistics (intervals, trend tests, comparisons, verdicts, RRI trends) are computed on the full
data for both roles, so a viewer never gets a different verdict from an analyst; only results that
would give a small count back are then withheld from viewers, here: figures of a cell that is
[c] in the viewer's copy (``observations``), and the numbers of a test that used such a cell (its
p-value, a baseline value, a target line drawn from it: ``protect_status``, ``protect_trends``), ratios
built on a hidden count (``protect_ratios``), and more decimals than are published (``rounded``).

The viewer's copy: the whole current dataset suppressed once, then read in slices.

Suppressing each page's slice on its own gives each slice its own complementary pattern, and two
patterns side by side can give a hidden cell back (a total shown on one page and hidden on
another; a rate checked against a denominator that only another indicator carries). So the viewer
role reads every observation from one frame: the current dataset version with
``suppression.suppress`` applied to all of it, kept per (database, version, threshold). A dataset
version's rows never change, so the copy stays right until a commit or rollback makes another
version current. Analysts read the database directly.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import pandas as pd

from indicators.catalogue import load_catalogue
from indicators.disclosure import round_columns, round_for_viewer
from indicators.disproportionality import RRITrend
from indicators.settings import get_settings
from indicators.status import Status, Verdict
from indicators.store import queries

if TYPE_CHECKING:
    from sqlalchemy import Engine
from indicators.suppression import suppress, suppress_ratio_rows

Role = Literal["viewer", "analyst"]
ROLES: tuple[str, ...] = ("viewer", "analyst")
_KEEP = 4  # a few databases (tests, a rollback and back) without holding every version
KEY = ["indicator_id", "area_code", "dimension", "category", "period"]
_cache: OrderedDict[tuple, tuple[pd.DataFrame, pd.MultiIndex]] = OrderedDict()
_lock = threading.Lock()


def _key(engine: Engine) -> tuple:
    with engine.connect() as conn:
        current = queries.current_version(conn) or {}
    return (
        engine.url.render_as_string(hide_password=True),
        current.get("id"),
        current.get("created_at"),
        get_settings().suppression_threshold,
    )


def _copy(engine: Engine) -> tuple[pd.DataFrame, pd.MultiIndex]:
    """The suppressed dataset and the keys (KEY) of its [c] cells, kept per version."""
    key = _key(engine)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    with engine.connect() as conn:
        frame = queries.observations(conn)
    units = {i.id: i.unit for i in load_catalogue().indicators}
    frame = suppress(frame, threshold=key[-1], unit=units) if len(frame) else frame
    marked = frame[frame["marker"].fillna("") == "c"] if len(frame) else frame
    hidden = pd.MultiIndex.from_frame(marked.reindex(columns=KEY).astype(str))
    with _lock:
        _cache[key] = (frame, hidden)
        while len(_cache) > _KEEP:
            _cache.popitem(last=False)
    return frame, hidden


def suppressed_dataset(engine: Engine) -> pd.DataFrame:
    """Every current observation as a viewer may see it (see the module doc). Do not modify."""
    return _copy(engine)[0]


def mark_hidden(engine: Engine, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` (full figures, any role) with a boolean ``hidden`` column: the cell is [c] in the
    viewer's copy. Statistics use every figure; ``hidden`` says which results to withhold from
    viewers, and which period is not "the latest published" (the same for both roles)."""
    hidden = _copy(engine)[1]
    if frame.empty:
        return frame.assign(hidden=pd.Series(dtype=bool))
    keys = pd.MultiIndex.from_frame(frame.reindex(columns=KEY).astype(str))
    return frame.assign(hidden=keys.isin(hidden))


def clear() -> None:
    """Forget every copy (tests that swap a database file under the same URL)."""
    with _lock:
        _cache.clear()


def observations(
    engine: Engine,
    role: Role,
    *,
    indicator_ids: Sequence[str] | None = None,
    area_codes: Sequence[str] | None = None,
    dimensions: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Current observations matching every filter given: as stored for analysts, suppressed for viewers."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    filters = {
        "indicator_id": indicator_ids,
        "area_code": area_codes,
        "dimension": dimensions,
        "category": categories,
        "period": periods,
    }
    if role == "analyst":
        with engine.connect() as conn:
            return queries.observations(
                conn,
                indicator_ids=indicator_ids,
                area_codes=area_codes,
                dimensions=dimensions,
                categories=categories,
                periods=periods,
            )
    frame = suppressed_dataset(engine)
    mask = pd.Series(True, index=frame.index)
    for column, wanted in filters.items():
        if wanted is not None:
            mask &= frame[column].isin(list(wanted))
    return frame[mask].reset_index(drop=True)


def rounded(frame: pd.DataFrame, role: Role) -> pd.DataFrame:
    """For viewers, each figure to its indicator's published decimals: what is sent carries no
    more precision than what is shown (a full float can give a hidden input back)."""
    if role == "analyst" or frame.empty:
        return frame
    return round_for_viewer(frame, {i.id: i.decimals for i in load_catalogue().indicators})


def _without_p(verdict: Verdict | None) -> Verdict | None:
    """The outcome stays (it is the same for every role); the p-value could be inverted for the count."""
    return None if verdict is None else dataclasses.replace(verdict, p_value=None)


def protect_status(status: Status, series: pd.DataFrame, role: Role) -> Status:
    """A status computed on the full series (with ``hidden``, see mark_hidden), as a viewer may see it:
    every verdict unchanged; the numbers of a test that used a [c] figure withheld (a p-value, with
    the other figures shown, gives the hidden count back, as do a baseline value, the change from
    it and a target line drawn from it). The latest value is never hidden (status rule)."""
    if role == "analyst" or "hidden" not in series or not series["hidden"].any() or status.latest_period is None:
        return status
    hidden = set(series.loc[series["hidden"].astype(bool), "period"])
    out = dataclasses.replace(status, comparisons=dict(status.comparisons))
    ordered = series[series["value"].notna()].sort_values("period_start")
    latest_start = ordered.loc[ordered["period"] == status.latest_period, "period_start"].max()
    chain = set(ordered.loc[ordered["period_start"] <= latest_start, "period"].tail(5))
    if chain & hidden:
        out.trend, out.trend_result = _without_p(status.trend), None
    if status.baseline_period in hidden:
        out.baseline_value = out.change = None
        out.trajectory, out.target_result = [], None
        out.baseline, out.target = _without_p(status.baseline), _without_p(status.target)
    return out


def protect_trends(trends: Mapping[str, RRITrend], hidden: Mapping[str, bool], role: Role) -> dict[str, RRITrend]:
    """RRI trends computed on every year, as a viewer may see them: the verdict stays; the fitted
    ratio, its interval and p-value go where a year of the group is [c] (they pin the hidden RRI)."""
    if role == "analyst":
        return dict(trends)
    return {
        c: dataclasses.replace(t, slope_ratio=None, lower=None, upper=None, p_value=None) if hidden.get(c) else t
        for c, t in trends.items()
    }


def protect_ratios(table: pd.DataFrame, reference: str, role: Role) -> pd.DataFrame:
    """A relative rate index table as the role may see it: for viewers every ratio built on a hidden
    or small count is [c] and figures carry their published decimals; analysts get the same [u]
    markers, unsuppressed (threshold 1 hides nothing)."""
    threshold = get_settings().suppression_threshold if role == "viewer" else 1
    table = suppress_ratio_rows(table, threshold=threshold, reference=reference)
    return rounded_ratios(table, role)


def rounded_ratios(table: pd.DataFrame, role: Role) -> pd.DataFrame:
    """Ratios, rates and shares to their published decimals for viewers (no full floats sent)."""
    return table if role == "analyst" else round_columns(table)
