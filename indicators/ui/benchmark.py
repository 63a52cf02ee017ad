"""The indicator page's "among all councils" section: rank and quartile, neighbours, charts, table."""

from __future__ import annotations

import streamlit as st

from indicators.charts import areas as area_charts
from indicators.ranking import BAND_MEANING
from indicators.readings import format_value
from indicators.services.benchmark import Benchmark
from indicators.ui import components, downloads


def rank_headline(bench: Benchmark) -> str:
    """'Rank 63 of 153 English councils in 2023/24 · quartile B (second quarter)' or why not ranked."""
    row = bench.home_row
    text = f"**{bench.rank_text()}**"
    if bench.ranking.ranked and row is not None and isinstance(row["quartile"], str):
        text += (
            f" English councils in {bench.period} · quartile **{row['quartile']}** ({BAND_MEANING[row['quartile']]})"
        )
    elif bench.period:
        text += f" ({bench.period})"
    return text


def summary(bench: Benchmark) -> str:
    ind, row = bench.indicator, bench.home_row
    shown = bench.frame["value"].notna().sum()
    parts = [f"{shown} councils have a value for {bench.period}."]
    if row is not None and row["value"] == row["value"]:
        parts.append(f"{bench.home.name}: {format_value(row['value'], ind)} ({bench.rank_text().lower()}).")
    if bench.england is not None:
        parts.append(f"England: {format_value(bench.england, ind)}.")
    if bench.ranking.cut_points:
        q1, q2, q3 = (format_value(v, ind) for v in bench.ranking.cut_points)
        parts.append(f"Quartile cut points (25th, 50th, 75th percentiles): {q1}, {q2}, {q3}.")
    return " ".join(parts)


def _neighbours(bench: Benchmark) -> None:
    rows = bench.neighbour_rows()
    if rows.empty:
        st.caption("No statistical neighbours are recorded for this council.")
        return
    st.markdown("**Statistical neighbours** (DfE children's services statistical neighbours, closest first)")
    st.dataframe(
        area_charts.table_frame(rows, bench.indicator).drop(columns=["Region", "This council or a neighbour"]),
        hide_index=True,
        width="stretch",
    )


def rank_section(bench: Benchmark, key: str) -> None:
    """Where the home council stands among every English upper-tier LA (the LAIT method)."""
    st.header("Among all English councils")
    if bench.period is None:
        st.info("No council-level values are published for this indicator.")
        return
    st.markdown(rank_headline(bench))
    st.caption(
        "Ranked as the DfE Local Authority Interactive Tool does: rank 1 is the best value, equal values "
        "share a rank, and quartile A is the best quarter of councils. Counts and indicators with fewer "
        "than 75% of councils reporting are not ranked."
    )
    _neighbours(bench)
    ind, frame, text = bench.indicator, bench.frame, summary(bench)
    table = area_charts.table_frame(frame, ind)
    download = frame.assign(indicator_id=ind.id, period=bench.period)
    by_region = not bench.home.in_london
    fig = area_charts.all_areas_chart(frame, ind, bench.period, bench.home.name, bench.england, by_region=by_region)
    st.subheader("Every council" + (", grouped by region" if by_region else ""))
    components.chart_tabs(
        fig, table, download, text, f"{ind.id}-all-councils-{bench.period}".replace("/", "-"), key=f"{key}-all"
    )
    if bench.home.in_london:
        st.subheader("London boroughs")
        tiles = area_charts.london_tile_map(frame, ind, bench.period, bench.home.code)
        london = frame[frame["region_name"] == "London"]
        components.chart_tabs(
            tiles,
            area_charts.table_frame(london, ind),
            download[download["region_name"] == "London"],
            text,
            f"{ind.id}-london-{bench.period}".replace("/", "-"),
            key=f"{key}-london",
        )
    st.subheader("All councils table")
    st.dataframe(table, hide_index=True, width="stretch", key=f"{key}-table")
    downloads.csv_download(download, f"{ind.id}-all-councils.csv", "Download every council's figures", key=f"{key}-csv")
