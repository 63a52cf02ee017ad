"""The per-page benchmark's baseline: ``?charts=N`` Plotly line charts from an in-memory frame.

Served by `streamlit run` next to the real app (bench/pages_browser.py): what a settled page with
as many Plotly charts as the real one costs in Streamlit itself, with no database or statistics.
"""

import numpy as np
import pandas as pd
import plotly.express as px
import streamlit as st

st.set_page_config(page_title="Bare charts", layout="wide")

count = int(st.query_params.get("charts", "1"))
rng = np.random.default_rng(2020)
periods = [f"{y}/{str(y + 1)[2:]}" for y in range(2017, 2025)]
frame = pd.DataFrame(
    [(p, g, v) for g in ("A", "B", "C") for p, v in zip(periods, rng.normal(50, 8, len(periods)), strict=True)],
    columns=["period", "group", "value"],
)

st.title(f"Bare page: {count} Plotly charts")
for i in range(count):
    st.plotly_chart(px.line(frame, x="period", y="value", color="group", markers=True), key=f"chart-{i}")
