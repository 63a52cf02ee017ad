"""Every read the pages make, cached per dataset version (injected here, never passed by a page).

A dataset version's rows never change, so entries keyed by it stay right until a new version;
max_entries bounds memory. A short TTL only made the first visitor after each expiry wait for the
cold path (overview 5.5 s against 3.3 s warm in bench/overview_browser.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from indicators.charts import trend
from indicators.cohorts import named_cohort
from indicators.home import current_home
from indicators.periods import parse_period
from indicators.safe_csv import analyst_mark
from indicators.services import actions as tracker
from indicators.services import benchmark as benchmark_service
from indicators.services import (
    bootstrap,
    delivery,
    disparities,
    group_rri,
    linked,
    meeting_pack,
    named_cohorts,
    named_rri,
    series,
)
from indicators.services import cohorts as cohort_service
from indicators.services import rri as rri_service
from indicators.services import versions as version_service
from indicators.services import voice as voice_service
from indicators.settings import get_settings
from indicators.ui import rendered, stage_views
from indicators.ui.feedback import run

if TYPE_CHECKING:
    from sqlalchemy import Engine

VERSION_TTL_S = 24 * 3600
P = ParamSpec("P")
R = TypeVar("R")


@st.cache_resource(show_spinner=False)
def engine() -> Engine:
    return bootstrap.ready_engine(get_settings())


@st.cache_data(ttl=5, show_spinner=False)
def data_version() -> int:
    current = version_service.current_version(engine())
    return int(current["id"]) if current else 0


def _keyed_by_version(cache: Any, max_entries: int, ttl: int) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Cache ``fn(*args, version)`` with ``cache`` and call it with the current data version appended."""

    def decorate(fn: Callable[..., R]) -> Callable[..., R]:
        cached = cache(ttl=ttl, max_entries=max_entries, show_spinner=False)(fn)

        @functools.wraps(fn)
        def call(*args: Any) -> R:
            return run(cached, *args, data_version())

        call.clear = cached.clear  # type: ignore[attr-defined]
        return call

    return decorate


def _versioned(max_entries: int, ttl: int = VERSION_TTL_S) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Frames and figures, copied out of the cache (st.cache_data): a caller may change its copy."""
    return _keyed_by_version(st.cache_data, max_entries, ttl)


@_versioned(4)
def current_version(version: int) -> dict | None:
    return version_service.current_version(engine())


@_versioned(8)
def _overview(role: str, version: int) -> list[series.IndicatorSeries]:
    return series.overview(engine(), role)  # type: ignore[arg-type]


@st.cache_data(ttl=60, show_spinner=False)
def newer_at_publisher() -> dict[str, str]:
    """Not keyed by version: a refresh that only looked (a dry run) makes no new version."""
    return series.newer_at_publisher(engine())


def overview(role: str) -> list[series.IndicatorSeries]:
    newer = newer_at_publisher()
    return [replace(c, newer_at_publisher=newer.get(c.indicator.id, "")) for c in _overview(role)]


@_versioned(64)
def indicator(indicator_id: str, role: str, version: int) -> series.IndicatorSeries:
    return series.indicator_series(engine(), [indicator_id], role)[indicator_id]  # type: ignore[arg-type]


@_versioned(128)
def trend_figure(indicator_id: str, role: str, comparators: tuple[str, ...], version: int) -> go.Figure:
    """The indicator page's trend chart: built once per data version, role and comparator choice
    (building it was over half of each rerun of that page; unpickling the cached copy is ~6x cheaper)."""
    item, home = indicator(indicator_id, role), current_home()
    frames = [item.comparators[n] for n in comparators if n in item.comparators]
    trajectory = None
    if item.status.trajectory:
        trajectory = pd.DataFrame(item.status.trajectory, columns=["period", "expected"]).merge(
            item.series[["period", "period_start"]], on="period", how="left"
        )
        if trajectory["period_start"].isna().any():  # target periods beyond the data
            trajectory["period_start"] = [
                pd.Timestamp(parse_period(p, item.indicator.period_type).start) for p in trajectory["period"]
            ]
    return trend.trend_chart(
        item.series,
        item.indicator,
        comparators=pd.concat(frames) if frames else None,
        trajectory=trajectory,
        baseline_period=item.status.baseline_period,
        launch_date=home.launch_date,
        home_name=home.name,
    )


def _rendered(max_entries: int) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """What a page draws (ui.rendered's frozen views): kept as one shared object (st.cache_resource),
    so a rerun neither rebuilds nor unpickles it. Nothing may modify one."""
    return _keyed_by_version(st.cache_resource, max_entries, VERSION_TTL_S)


def _mark(role: str) -> str | None:
    """An analyst's downloads start with the not-for-publication line and the version (issue 16)."""
    if role != "analyst":
        return None
    version = current_version() or {}
    return analyst_mark(version.get("id"), version.get("created_at"))


@_rendered(8)
def overview_cards(role: str, version: int) -> tuple[rendered.CardView, ...]:
    home = current_home()
    return tuple(rendered.card_view(item, home) for item in _overview(role))


@_rendered(64)
def indicator_head(indicator_id: str, role: str, version: int) -> rendered.IndicatorHead:
    return rendered.indicator_head(indicator(indicator_id, role), current_home())


@_rendered(256)
def indicator_chart(indicator_id: str, role: str, comparators: tuple[str, ...], version: int) -> rendered.ChartView:
    item, fig = indicator(indicator_id, role), trend_figure(indicator_id, role, comparators)
    return rendered.indicator_chart(item, fig, comparators, current_home(), _mark(role))


@_rendered(128)
def benchmark_view(indicator_id: str, role: str, period: str | None, version: int) -> rendered.BenchmarkView:
    return rendered.benchmark_view(benchmark(indicator_id, role, period), _mark(role))


@_versioned(4)
def action_plan(today: str, version: int) -> pd.DataFrame:
    """The action plan with latest statuses; keyed by today's date too, since "overdue" depends on it."""
    return tracker.action_plan_frame(engine(), date.fromisoformat(today))


@_versioned(64)
def benchmark(indicator_id: str, role: str, period: str | None, version: int) -> benchmark_service.Benchmark:
    return benchmark_service.benchmark(engine(), indicator_id, role, period)  # type: ignore[arg-type]


@_versioned(64)
def breakdown(indicator_id: str, dimension: str, role: str, version: int) -> pd.DataFrame:
    return series.breakdown(engine(), indicator_id, dimension, role)  # type: ignore[arg-type]


@_versioned(4)
def breakdown_index(version: int) -> pd.DataFrame:
    return series.breakdown_index(engine())


@_versioned(4)
def versions(version: int) -> pd.DataFrame:
    return version_service.versions(engine())


def audit_log() -> pd.DataFrame:
    """Never cached: it is the record of what happened up to now."""
    return run(version_service.audit_log, engine())


@_versioned(4)
def cohort_options(version: int) -> pd.DataFrame:
    return cohort_service.cohort_options(engine())


@_versioned(64)
def cohort_view(indicator_id: str, dimension: str, period: str, role: str, version: int) -> Any:
    return cohort_service.cohort_view(engine(), indicator_id, dimension, period, role)  # type: ignore[arg-type]


@_rendered(128)
def cohort_charts(
    indicator_id: str, dimension: str, period: str, role: str, version: int
) -> tuple[rendered.ChartParts, rendered.ChartParts]:
    return rendered.cohort_charts(cohort_view(indicator_id, dimension, period, role), current_home().name)


@_versioned(16)
def named_cohorts_available(indicator_id: str, role: str, version: int) -> dict[str, list]:
    return named_cohorts.available(engine(), indicator_id, role)  # type: ignore[arg-type]


@_versioned(64)
def named_comparison(indicator_id: str, cohort_id: str, against: str, role: str, version: int) -> Any:
    cohort = named_cohort(cohort_id)
    comparison = next(a for a in cohort.comparisons if a.name == against)
    return named_cohorts.compare(engine(), indicator_id, cohort, comparison, role)  # type: ignore[arg-type]


@_versioned(4)
def disproportionality_options(version: int) -> Any:
    return rri_service.disproportionality_options(engine())


@_versioned(128)
def stage_rri_table(
    stage_id: str, period: str, dimension: str, reference: str | None, role: str, basis: str, version: int
) -> Any:
    return rri_service.stage_rri_table(engine(), stage_id, period, dimension, reference, role, basis)  # type: ignore[arg-type]


@_versioned(64)
def rri_heatmap_frame(
    period: str, dimension: str, reference: str | None, role: str, basis: str, version: int
) -> pd.DataFrame:
    return rri_service.rri_heatmap_frame(engine(), period, dimension, reference, role, basis)  # type: ignore[arg-type]


@_versioned(64)
def rri_over_time(stage_id: str, dimension: str, reference: str | None, role: str, basis: str, version: int) -> Any:
    return rri_service.rri_over_time(engine(), stage_id, dimension, reference, role, basis)  # type: ignore[arg-type]


@_versioned(4)
def representation(role: str, version: int) -> Any:
    return rri_service.representation(engine(), role)  # type: ignore[arg-type]


@_rendered(128)
def forest_chart(
    stage_id: str, period: str, dimension: str, reference: str, role: str, basis: str, meeting: bool, version: int
) -> rendered.ChartParts:
    r = stage_rri_table(stage_id, period, dimension, reference, role, basis)
    return stage_views.forest(r, stage_id, period, meeting)


@_rendered(64)
def heatmap_chart(
    period: str, dimension: str, reference: str, role: str, basis: str, meeting: bool, version: int
) -> rendered.ChartParts:
    frame = rri_heatmap_frame(period, dimension, reference, role, basis)
    return stage_views.heatmap(frame, period, dimension, reference, basis, meeting)


@_rendered(64)
def over_time_chart(
    stage_id: str, stage_title: str, dimension: str, reference: str, role: str, basis: str, meeting: bool, version: int
) -> rendered.ChartParts:
    o = rri_over_time(stage_id, dimension, reference, role, basis)
    return stage_views.over_time(o, stage_id, stage_title, meeting)


@_rendered(8)
def representation_chart(role: str, meeting: bool, version: int) -> rendered.ChartParts | None:
    return stage_views.representation(representation(role), meeting)


@_versioned(8, ttl=600)  # short: the title page carries today's date
def meeting_pack_pdf(
    indicator_ids: tuple[str, ...], views: tuple[tuple[str, str | None, str | None], ...], role: str, version: int
) -> bytes:
    """The meeting pack PDF; views are (kind, stage_id, period) tuples, so the cache can hash them."""
    chosen = [meeting_pack.DisproportionalityView(kind, stage, period) for kind, stage, period in views]  # type: ignore[arg-type]
    return meeting_pack.build_pack(engine(), list(indicator_ids), chosen, role)  # type: ignore[arg-type]


@_versioned(4)
def linked_options(version: int) -> linked.LinkedOptions:
    return linked.linked_options(engine())


@_versioned(64)
def linked_representation(
    offence: str, dimension: str, role: str, area_code: str, version: int
) -> linked.LinkedRepresentation:
    return linked.linked_representation(engine(), offence, dimension, role, area_code)  # type: ignore[arg-type]


@_versioned(8)
def named_rris(role: str, version: int) -> named_rri.NamedRRIs:
    return named_rri.named_rris(engine(), role)  # type: ignore[arg-type]


@_versioned(8)
def group_rri_options(role: str, version: int) -> list[str]:
    return group_rri.group_rri_options(engine(), role)  # type: ignore[arg-type]


@_versioned(16)
def group_rri_over_time(dimension: str, role: str, version: int) -> group_rri.GroupRRI:
    return group_rri.group_rri_over_time(engine(), dimension, role)  # type: ignore[arg-type]


# The register and the voice items change without a new dataset version (an analyst's explanation,
# a typed quote): their writers clear these caches (``clear_delivery``).


@_versioned(4)
def register(role: str, version: int) -> pd.DataFrame:
    return disparities.register_frame(engine(), role)  # type: ignore[arg-type]


@_versioned(4)
def voice(version: int) -> pd.DataFrame:
    return voice_service.items(engine())


@_versioned(4)
def action_links(version: int) -> pd.DataFrame:
    return delivery.action_links(engine())


@_versioned(8)
def changes_in_quarter(quarter: str, version: int) -> pd.DataFrame:
    return delivery.changes_in_quarter(engine(), quarter)


@_versioned(2)
def boards(version: int) -> list[str]:
    return delivery.boards(engine())


@_versioned(4, ttl=600)  # short: the cover carries today's date
def board_pack_pdf(board: str, quarter: str, role: str, version: int) -> bytes:
    return meeting_pack.build_board_pack(engine(), board, quarter, role)  # type: ignore[arg-type]


def clear_delivery() -> None:
    for fn in (register, voice, action_links, board_pack_pdf):
        fn.clear()  # type: ignore[attr-defined]
