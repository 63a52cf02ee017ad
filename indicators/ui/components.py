"""Streamlit building blocks shared by pages: status chips, indicator cards, Chart/Table/Download tabs."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from indicators import readings
from indicators.catalogue import Indicator
from indicators.charts.palette import status_chip
from indicators.charts.sparkline import sparkline_svg
from indicators.services.series import IndicatorSeries
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


def chip_html(status: str | None, prefix: str) -> str:
    chip = status_chip(status)
    return (
        f'<span style="display:inline-block;margin:2px 4px 2px 0;padding:2px 8px;border-radius:12px;'
        f'background:{chip.background};color:{chip.text};border:1px solid #505A5F;font-size:0.85rem">'
        f"{html.escape(prefix)}: {chip.icon} {html.escape(chip.label)}</span>"
    )


def chips_html(item: IndicatorSeries) -> str:
    """On/off track, recent trend and benchmarks: the same chips on the overview and indicator page."""
    s = item.status
    parts = [chip_html(s.target.status if s.target else None, "Target")]
    parts.append(chip_html(s.trend.status if s.trend else None, "Trend"))
    for name in ("London", "England"):
        if name in s.comparisons:
            parts.append(chip_html(s.comparisons[name], f"vs {name}"))
    return " ".join(parts)


def status_chips(item: IndicatorSeries) -> None:
    st.markdown(chips_html(item), unsafe_allow_html=True)


def reading(item: IndicatorSeries) -> str:
    s = item.status
    return readings.trend_reading(
        item.indicator,
        s.baseline_period,
        s.baseline_value,
        s.latest_period,
        s.latest_value,
        s.trend.status if s.trend else None,
        s.comparisons,
    )


def headline(item: IndicatorSeries) -> str:
    s, ind = item.status, item.indicator
    if s.latest_value is None:
        return "No published value yet"
    text = f"**{readings.format_value(s.latest_value, ind)}** in {s.latest_period}"
    if s.baseline_value is not None and s.change is not None:
        sign = "+" if s.change > 0 else ("−" if s.change < 0 else "±")
        change = readings.format_bare(abs(s.change), ind).rstrip("%")
        unit = " percentage points" if ind.unit == "percent" else ""
        text += (
            f" · baseline {readings.format_value(s.baseline_value, ind)} ({s.baseline_period}),"
            f" change {sign}{change}{unit}"
        )
    return text


DELTA_COLOUR = {"high_is_good": "normal", "low_is_good": "inverse", "no_judgement": "off"}


def _delta_text(item: IndicatorSeries) -> str | None:
    s, ind = item.status, item.indicator
    if s.change is None:
        return None
    # An ASCII minus: st.metric reads the sign of the text to choose the arrow and colour.
    sign = "+" if s.change > 0 else ("-" if s.change < 0 else "")
    unit = " pp" if ind.unit == "percent" else ""
    return f"{sign}{readings.format_bare(abs(s.change), ind).rstrip('%')}{unit}"


def _sparkline_label(item: IndicatorSeries) -> str:
    data = item.series.dropna(subset=["value"])
    first, last = data.iloc[0], data.iloc[-1]
    ind = item.indicator
    return (
        f"Trend in {ind.title}: {readings.format_value(first['value'], ind)} in {first['period']} "
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
        if s.baseline_value is not None:
            head.append(
                f"<p>Baseline {readings.format_value(s.baseline_value, ind)} ({s.baseline_period}) · "
                f"Source: {html.escape(ind.source.publisher)}</p>"
            )
        head.append(f"<p>{chips_html(item)}</p>")
        st.markdown("".join(head), unsafe_allow_html=True)  # our own markup; catalogue text escaped
        st.metric(
            "Latest" + (f" ({s.latest_period})" if s.latest_period else ""),
            readings.format_value(s.latest_value, ind) if s.latest_value is not None else "No data",
            delta=_delta_text(item),
            delta_color=DELTA_COLOUR[ind.polarity],
            delta_description=f"since {s.baseline_period}" if s.baseline_period else None,
        )
        st.page_link("pages/indicator.py", label=f"Open {ind.title}", query_params={"id": ind.id})


def display_table(frame: pd.DataFrame, indicator: Indicator, columns: list[str]) -> pd.DataFrame:
    """Numbers as the public sees them: markers as [c]/[x]/..., values rounded to the indicator."""
    out = pd.DataFrame(index=frame.index)
    for col in columns:
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
        st.plotly_chart(fig, key=f"chart-{key}", width="stretch")
        st.markdown(summary)
    with tab_table:
        st.dataframe(table, hide_index=True, width="stretch")
    with tab_download:
        downloads.csv_download(download, f"{file_stem}.csv", "Download the data", key=f"dl-{key}")
        downloads.image_downloads(fig, file_stem, key=f"img-{key}")
