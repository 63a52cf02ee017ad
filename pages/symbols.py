"""Symbols and suppression: what [c], [x], [z], [low] and [u] mean, why small numbers are hidden, and the
verdict rule: when a chip judges and when it says why it does not."""

import streamlit as st

from indicators.settings import get_settings
from indicators.status import VERDICT_METHODS, VERDICT_RULE
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

st.header("Verdicts: when the dashboard judges, and when it does not", anchor="verdicts")
st.markdown(
    "Each indicator has chips for its recent trend, its latest value against the baseline and against "
    "London, England and the neighbour average, and (only where the council set a target) on or off "
    "track. A chip shows a verdict only where the data and the statistics support one. Otherwise it "
    "says why not, by the first of these that applies:"
)
for reason, meaning in VERDICT_RULE:
    st.markdown(f"- **{reason}** — {meaning}")
st.markdown("How each verdict is tested:")
for method in VERDICT_METHODS:
    st.markdown(f"- {method}")
st.markdown(
    "A latest period more than two years old is marked as such on its card. A latest period that is "
    "suppressed is shown as suppressed (for example “2023/24: [c]; latest published 2022/23”), never "
    "silently replaced by an older one."
)
