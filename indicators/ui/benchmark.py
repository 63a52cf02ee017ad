"""The indicator page's "among all councils" section: rank and quartile, neighbours, charts, table.

Its content (figures, tables, CSVs, images) is built once per data version, role and period
(ui.cached.benchmark_view, ui.rendered); here it is only drawn.
"""

from __future__ import annotations

import streamlit as st

from indicators.ui import components, downloads, folds
from indicators.ui.rendered import BenchmarkView


def rank_section(bench: BenchmarkView, key: str) -> None:
    """Where the home council stands among every English upper-tier LA (the LAIT method)."""
    st.header("Among all English councils")
    if bench.period is None or bench.everyone is None or bench.table is None:
        st.info("No council-level values are published for this indicator.")
        return
    st.markdown(bench.headline)
    st.caption(
        "Ranked as the DfE Local Authority Interactive Tool does: rank 1 is the best value, equal values "
        "share a rank, and quartile A is the best quarter of councils. Counts and indicators with fewer "
        "than 75% of councils reporting are not ranked."
    )
    if bench.neighbours is None:
        st.caption("No statistical neighbours are recorded for this council.")
    else:
        components.static_table(
            bench.neighbours,
            "**Statistical neighbours** (DfE children's services statistical neighbours, closest first)",
        )
    st.subheader("Every council" + (", grouped by region" if bench.by_region else ""))
    components.chart_section(bench.everyone, key=f"{key}-all")
    if bench.london is not None:
        st.subheader("London boroughs")
        components.chart_section(bench.london, key=f"{key}-london")
    # The 150-row grid and its download, drawn only when opened (issue 21): below the fold, they cost every
    # visitor their load; each chart's Download tab holds the same figures.
    every = folds.on_request(f"All councils: table and download ({len(bench.table)} councils)", f"{key}-table-open")
    if every is not None:
        with every:
            st.dataframe(bench.table, hide_index=True, width="stretch", key=f"{key}-table")
            downloads.csv_button(bench.csv, f"{bench.file_stem}.csv", "Download every council's figures", f"{key}-csv")
