"""How pages speak to people: domain errors as messages, the analyst and illustrative banners, symbols."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from indicators.catalogue import ILLUSTRATIVE_TEXT
from indicators.errors import IndicatorError
from indicators.suppression import SYMBOL_MEANINGS

R = TypeVar("R")


def run(fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """Call a domain function; show its IndicatorError as a message and stop the page."""
    try:
        return fn(*args, **kwargs)
    except IndicatorError as exc:
        st.error(str(exc))
        st.stop()
        raise  # st.stop() raises; this line only tells type checkers the function never falls through


def publication_banner(role: str) -> None:
    if role == "analyst":
        st.warning("Analyst view: unsuppressed figures. **Not for publication.**", icon="🔒")


def illustrative_banner() -> None:
    st.info(f"**{ILLUSTRATIVE_TEXT}.** This series is invented to show how the view works.", icon="ℹ️")


def symbols_help() -> None:
    with st.expander("What [c], [x], [z], [low] and [u] mean"):
        for symbol, meaning in SYMBOL_MEANINGS.items():
            st.markdown(f"- **[{symbol}]** {meaning}")
