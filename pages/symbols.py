"""Symbols and suppression: what [c], [x], [z], [low] and [u] mean, and why small numbers are hidden."""

import streamlit as st

from indicators.settings import get_settings
from indicators.suppression import SYMBOL_MEANINGS
from indicators.ui import navigation

navigation.ensure_navigation()

threshold = get_settings().suppression_threshold
st.title("Symbols and suppression")
st.markdown(
    "These figures are about children. To protect them, public views never show a count from 1 to "
    f"{threshold - 1}, nor any rate, percentage or ratio built on one. Where a breakdown shows its "
    "total and only one group would be hidden, the next smallest group is hidden as well, so that no "
    "hidden number can be worked out by subtraction. The same rules apply to charts, tables, "
    "downloads and the meeting view. Symbols follow the Government Statistical Service guidance:"
)
for symbol, meaning in SYMBOL_MEANINGS.items():
    st.markdown(f"- **[{symbol}]** — {meaning}")
st.markdown(
    "Confidence intervals are 95% unless stated: Wilson score intervals for percentages, Byar's "
    "method (exact Poisson below 10 events) for counts and rates, and the Katz log method for "
    "relative rate indices."
)
