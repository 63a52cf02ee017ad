"""The benchmark's baseline: 14 st.metric cards with sparklines from an in-memory frame, nothing else.

Served by `streamlit run` next to the real overview (bench/overview_browser.py) to show what a
settled page of this shape costs in Streamlit itself, with no database, statistics or plotly.
"""

import numpy as np
import pandas as pd
import streamlit as st

st.set_page_config(page_title="Bare overview", layout="wide")

rng = np.random.default_rng(2020)
periods = [f"{y}/{str(y + 1)[2:]}" for y in range(2017, 2025)]
frame = pd.DataFrame(
    {f"Indicator {i + 1}": rng.normal(50, 8, len(periods)).cumsum() / 4 for i in range(14)}, index=periods
)

st.title("Bare overview: 14 metrics with sparklines")
columns = st.columns(3)
for i, name in enumerate(frame.columns):
    series = frame[name]
    with columns[i % 3]:
        st.metric(
            name,
            f"{series.iloc[-1]:.1f}",
            f"{series.iloc[-1] - series.iloc[-2]:+.1f}",
            chart_data=series.tolist(),
            chart_type="line",
            border=True,
        )
