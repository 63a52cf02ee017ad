"""The viewer's copy of the data: the whole current dataset suppressed once, then read in slices.

Suppressing each page's slice on its own gives each slice its own complementary pattern, and two
patterns side by side can give a hidden cell back (a total shown on one page and hidden on
another; a rate checked against a denominator that only another indicator carries). So the viewer
role reads every observation from one frame: the current dataset version with
``suppression.suppress`` applied to all of it, kept per (database, version, threshold). A dataset
version's rows never change, so the copy stays right until a commit or rollback makes another
version current. Analysts read the database directly.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import pandas as pd

from indicators.catalogue import load_catalogue
from indicators.disclosure import round_for_viewer
from indicators.settings import get_settings
from indicators.store import queries

if TYPE_CHECKING:
    from sqlalchemy import Engine
from indicators.suppression import suppress

Role = Literal["viewer", "analyst"]
ROLES: tuple[str, ...] = ("viewer", "analyst")
_KEEP = 4  # a few databases (tests, a rollback and back) without holding every version
_cache: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
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


def suppressed_dataset(engine: Engine) -> pd.DataFrame:
    """Every current observation as a viewer may see it (see the module doc). Do not modify."""
    key = _key(engine)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    with engine.connect() as conn:
        frame = queries.observations(conn)
    units = {i.id: i.unit for i in load_catalogue().indicators}
    frame = suppress(frame, threshold=key[-1], unit=units) if len(frame) else frame
    with _lock:
        _cache[key] = frame
        while len(_cache) > _KEEP:
            _cache.popitem(last=False)
    return frame


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
