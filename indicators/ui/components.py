"""Streamlit building blocks shared by pages: status chips, indicator cards, Chart/Table/Download tabs."""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from indicators.charts.style import PLOTLY_CONFIG
from indicators.ui import downloads, rendered
from indicators.ui.rendered import chip_html, display_table

__all__ = ["chip_html", "display_table"]  # built in ui.rendered; pages use them from here

# Narrow columns: a phone shows the row's name and its value side by side.
NARROW = (
    "Period",
    "Year",
    "Stage",
    "Count",
    "Denominator",
    "Population",
    "Previous stage",
    "Value",
    "RRI",
    "95% CI lower",
    "95% CI upper",
)


def status_chips(chips_html: str) -> None:
    st.markdown(chips_html, unsafe_allow_html=True)


def indicator_card(card: rendered.CardView, newer_at_publisher: str = "") -> None:
    """A KPI card: one text block, the latest value, a link. The overview draws 14 of these, and every
    extra element per card showed in the browser benchmark (bench/overview_browser.py); the card's
    content is built once per data version (ui.cached.overview_cards), not on each rerun."""
    with st.container(border=True):
        flag = f"<p>🔔 {html.escape(newer_at_publisher)}</p>" if newer_at_publisher else ""
        st.markdown(card.head_html + flag, unsafe_allow_html=True)  # our own markup; catalogue text escaped
        st.metric(
            card.metric_label,
            card.metric_value,
            delta=card.delta,
            delta_color=card.delta_colour,  # type: ignore[arg-type]
            delta_description=card.delta_description,
        )
        st.page_link("pages/indicator.py", label=f"Open {card.title}", query_params={"id": card.indicator_id})


def chart_section(view: rendered.ChartView, key: str) -> None:
    """Chart / Table / Download for a view built once per data version (ui.rendered)."""

    def chart() -> None:
        st.plotly_chart(view.figure, key=f"chart-{key}", width="stretch", config=PLOTLY_CONFIG)
        st.markdown(view.summary)

    def download() -> None:
        downloads.csv_button(view.csv, f"{view.file_stem}.csv", "Download the data", key=f"dl-{key}")
        downloads.image_buttons(view.images, view.file_stem, key=f"img-{key}")

    _tabs(key, chart, lambda: _table(view.table), download)


def _tabs(key: str, *draw: Callable[[], None]) -> None:
    """Chart / Table / Download, drawing only the open tab: a hidden table or download still cost the
    browser its data grid and the server its files on every visit (issue 21), so they come when asked."""
    tabs = st.tabs(["Chart", "Table", "Download"], key=f"tabs-{key}", on_change="rerun")
    for tab, content in zip(tabs, draw, strict=True):
        if tab.open:
            with tab:
                content()


def _table(table: pd.DataFrame) -> None:
    widths = {name: st.column_config.Column(width="small") for name in table.columns if name in NARROW}
    st.dataframe(table, hide_index=True, width="stretch", column_config=widths)


def static_table(table: pd.DataFrame, heading: str = "") -> None:
    """A short table as a Markdown table, under its ``heading`` (Markdown) in the same element: a real
    <table> with header cells for screen readers, text that wraps on a phone, and neither the data-grid
    nor the Arrow code (st.table) for the browser to load (issue 21). Every cell is escaped."""
    st.markdown(f"{heading}\n\n{rendered.markdown_table(table)}" if heading else rendered.markdown_table(table))


def chart_parts(parts: rendered.ChartParts, key: str) -> None:
    """Chart / Table / Download for a chart built once per data version and selection (ui.rendered)."""
    chart_tabs(parts.figure, parts.table, parts.download, parts.summary, parts.file_stem, key)
    for note in parts.notes:
        st.caption(note)


def chart_tabs(
    fig: go.Figure, table: pd.DataFrame, download: pd.DataFrame, summary: str, file_stem: str, key: str
) -> None:
    """Chart / Table / Download: every chart has a text summary and a data-table alternative."""

    def chart() -> None:
        st.plotly_chart(fig, key=f"chart-{key}", width="stretch", config=PLOTLY_CONFIG)
        st.markdown(summary)

    def files() -> None:
        downloads.csv_download(download, f"{file_stem}.csv", "Download the data", key=f"dl-{key}")
        downloads.image_downloads(fig, file_stem, key=f"img-{key}")

    _tabs(key, chart, lambda: _table(table), files)
