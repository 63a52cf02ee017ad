"""Streamlit building blocks shared by pages: status chips, indicator cards, Chart/Table/Download tabs."""

from __future__ import annotations

import html
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from indicators import readings
from indicators.catalogue import Indicator
from indicators.charts.palette import status_chip
from indicators.charts.sparkline import sparkline_svg
from indicators.charts.style import PLOTLY_CONFIG
from indicators.home import current_home
from indicators.services.series import IndicatorSeries, benchmark_names
from indicators.status import Verdict
from indicators.suppression import display_value
from indicators.ui import downloads, feedback

TABLE_COLUMNS = {
    "period": "Period",
    "area_name": "Area",
    "label": "Group",
    "numerator": "Count",
    "denominator": "Denominator",
    "value": "Value",
    "lower_ci": "95% CI lower",
    "upper_ci": "95% CI upper",
}
# Table columns left to right: what a row is, then its value, so that the value is on screen at 390 px
# without scrolling sideways; the counts it was computed from come last.
COLUMN_ORDER = ["period", "area_name", "label", "value", "lower_ci", "upper_ci", "numerator", "denominator"]
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


def chip_html(verdict: Verdict | None, prefix: str) -> str:
    """A chip: the verdict, or (neutral, linked to the rule on /symbols) the reason there is none."""
    chip = status_chip(verdict.outcome if verdict else None)
    if verdict is not None and verdict.reason is not None:
        chip = replace(status_chip(None), label=str(verdict.reason), icon="–")
    text = f"{html.escape(prefix)}: {chip.icon} {html.escape(chip.label)}"
    style = (
        f"display:inline-block;margin:2px 4px 2px 0;padding:2px 8px;border-radius:12px;"
        f"background:{chip.background};color:{chip.text};border:1px solid #505A5F;font-size:0.85rem"
    )
    if verdict is not None and verdict.reason is not None:
        title = html.escape("Why there is no verdict: see the verdict rule on Symbols and suppression")
        return (
            f'<a href="./symbols#verdicts" target="_self" title="{title}" style="text-decoration:none">'
            f'<span style="{style}">{text}</span></a>'
        )
    return f'<span style="{style}">{text}</span>'


def chips_html(item: IndicatorSeries, everything: bool = False) -> str:
    """Target (when the council set one), recent trend, baseline and benchmarks: the same chips on the
    overview and the indicator page; the page adds the neighbour average (``everything``)."""
    s = item.status
    chips = [
        (label, v)
        for label, v in s.verdicts().items()
        if everything
        or label in ("Target", "Trend", *(f"vs {n}" for n in benchmark_names(current_home())))
        or v is s.baseline
    ]
    return " ".join(chip_html(v, label) for label, v in chips)


def status_chips(item: IndicatorSeries) -> None:
    st.markdown(chips_html(item, everything=True), unsafe_allow_html=True)


def reading(item: IndicatorSeries) -> str:
    return readings.status_reading(item.indicator, item.status, item.target, area=current_home().name)


def headline(item: IndicatorSeries) -> str:
    s, ind = item.status, item.indicator
    if s.latest_value is None:
        return "No published value yet"
    note = readings.latest_note(s)
    text = (f"{note} " if note else "") + f"**{readings.format_value(s.latest_value, ind)}** in {s.latest_period}"
    if s.baseline_value is not None and s.change is not None:
        text += (
            f" · baseline {readings.format_value(s.baseline_value, ind)} ({s.baseline_period}),"
            f" change {readings.format_change(s.change, ind)}"
        )
    return text


DELTA_COLOUR = {"high_is_good": "normal", "low_is_good": "inverse", "no_judgement": "off"}


def _sparkline_label(item: IndicatorSeries) -> str:
    data = item.series.dropna(subset=["value"])
    ind = item.indicator
    if data.empty:  # another council may have no published value for a KPI
        return f"No published values of {ind.title}"
    first, last = data.iloc[0], data.iloc[-1]
    return (
        f"Figures for {ind.title}: {readings.format_value(first['value'], ind)} in {first['period']} "
        f"to {readings.format_value(last['value'], ind)} in {last['period']}"
    )


def indicator_card(item: IndicatorSeries, key: str) -> None:
    """A KPI card: one text block, the latest value, a link. The overview draws 14 of these, and every
    extra element per card showed in the browser benchmark (bench/overview_browser.py)."""
    ind, s = item.indicator, item.status
    with st.container(border=True):
        head = [f"<h3>{html.escape(ind.title)}</h3>"]
        if ind.illustrative:
            part = " (in part)" if not s.latest_illustrative and s.latest_value is not None else ""
            head.append(f"<p>⚠ <em>{feedback.ILLUSTRATIVE_TEXT}{part}</em></p>")
        head.append(
            sparkline_svg(list(zip(item.series["period"], item.series["value"], strict=True)), _sparkline_label(item))
        )
        note = readings.latest_note(s)
        if note:
            head.append(f"<p>⚠ {html.escape(note)}</p>")
        if item.newer_at_publisher:
            head.append(f"<p>🔔 {html.escape(item.newer_at_publisher)}</p>")
        if s.baseline_value is not None:
            head.append(
                f"<p>Baseline {readings.format_value(s.baseline_value, ind)} ({s.baseline_period}) · "
                f"Source: {html.escape(ind.source.publisher)}</p>"
            )
        head.append(f"<p>{chips_html(item)}</p>")
        st.markdown("".join(head), unsafe_allow_html=True)  # our own markup; catalogue text escaped
        # Green or red is a verdict: only where the baseline test found a significant difference.
        judged = s.baseline is not None and s.baseline.outcome in ("better", "worse")
        colour = DELTA_COLOUR[ind.polarity] if judged else "off"
        st.metric(
            "Latest" + (f" ({s.latest_period})" if s.latest_period else ""),
            readings.format_value(s.latest_value, ind) if s.latest_value is not None else "No data",
            delta=None if s.change is None else readings.format_change(s.change, ind, short=True),
            delta_color=colour,
            delta_description=f"since {s.baseline_period}" if s.baseline_period else None,
        )
        st.page_link("pages/indicator.py", label=f"Open {ind.title}", query_params={"id": ind.id})


def display_table(frame: pd.DataFrame, indicator: Indicator, columns: list[str]) -> pd.DataFrame:
    """Numbers as the public sees them: markers as [c]/[x]/..., values rounded to the indicator."""
    out = pd.DataFrame(index=frame.index)
    for col in sorted(columns, key=lambda c: COLUMN_ORDER.index(c) if c in COLUMN_ORDER else len(COLUMN_ORDER)):
        if col in ("value", "lower_ci", "upper_ci"):
            out[TABLE_COLUMNS[col]] = [
                display_value(v, m if col == "value" else (m if m == "c" else None), indicator.decimals)
                for v, m in zip(frame[col], frame.get("marker", pd.Series("", index=frame.index)), strict=True)
            ]
        elif col in ("numerator", "denominator"):
            out[TABLE_COLUMNS[col]] = [
                display_value(v, "c" if (m == "c" and pd.isna(v)) else None, 0)
                for v, m in zip(frame[col], frame.get("marker", pd.Series("", index=frame.index)), strict=True)
            ]
        else:
            out[TABLE_COLUMNS.get(col, col)] = frame[col].astype(str)
    return out.reset_index(drop=True)


def chart_tabs(
    fig: go.Figure, table: pd.DataFrame, download: pd.DataFrame, summary: str, file_stem: str, key: str
) -> None:
    """Chart / Table / Download: every chart has a text summary and a data-table alternative."""
    tab_chart, tab_table, tab_download = st.tabs(["Chart", "Table", "Download"])
    with tab_chart:
        st.plotly_chart(fig, key=f"chart-{key}", width="stretch", config=PLOTLY_CONFIG)
        st.markdown(summary)
    with tab_table:
        widths = {name: st.column_config.Column(width="small") for name in table.columns if name in NARROW}
        st.dataframe(table, hide_index=True, width="stretch", column_config=widths)
    with tab_download:
        downloads.csv_download(download, f"{file_stem}.csv", "Download the data", key=f"dl-{key}")
        downloads.image_downloads(fig, file_stem, key=f"img-{key}")
