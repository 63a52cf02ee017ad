"""Content drawn only when a visitor asks for it (issue 21).

A folded expander or a hidden tab is still drawn by the browser on every visit: the symbols list and
an indicator's definition cost each page their Markdown render, the tables their data-grid code. With
``on_change="rerun"`` Streamlit reruns the page when one opens, so its content can wait until then.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def on_request(label: str, key: str) -> DeltaGenerator | None:
    """An expander that stays empty until opened: the expander to draw into, or None while closed.
    ``key`` keeps it open across reruns (tests open it by setting the same key)."""
    box = st.expander(label, key=key, on_change="rerun")
    return box if box.open else None
