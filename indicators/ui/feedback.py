"""How pages speak to people: domain errors as messages, the analyst and illustrative banners, symbols."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from indicators.catalogue import ILLUSTRATIVE_TEXT
from indicators.errors import IndicatorError
from indicators.store import faults
from indicators.suppression import SYMBOL_MEANINGS
from indicators.ui.folds import on_request
from indicators.ui.rendered import ECHO_LIMIT, plain

__all__ = ["ECHO_LIMIT", "plain"]  # built in ui.rendered; pages escape with feedback.plain

R = TypeVar("R")
log = logging.getLogger("indicators.ui")


def run(fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """Call a domain function; show its IndicatorError as a message and stop the page."""
    try:
        return fn(*args, **kwargs)
    except IndicatorError as exc:
        st.error(plain(str(exc), limit=1000))
        st.stop()
        raise  # st.stop() raises; this line only tells type checkers the function never falls through


def guard(page: Callable[[], object]) -> None:
    """Run a page; a domain error or database fault is its plain message. Any other error gets a plain
    message with a reference, is logged with its traceback, and is raised on: Streamlit then shows only
    its redacted notice (client.showErrorDetails = "none") and tests still see the exception."""
    try:
        page()
    except IndicatorError as exc:
        st.error(plain(str(exc), limit=1000))
    except Exception as exc:  # noqa: BLE001 - the last line of defence: visitors never see a traceback
        # (raised on below unless it is a database fault)
        fault = faults.classify(exc)
        if fault is not None:
            log.warning("database fault on a page: %s", exc)
            st.error(plain(str(fault), limit=1000))
            return
        reference = uuid.uuid4().hex[:8]
        log.exception("page error (reference %s)", reference)
        st.error(
            f"Something went wrong on this page, and it has been logged (reference {reference}). "
            "Try again in a moment; if it keeps happening, contact support with the reference."
        )
        raise


def publication_banner(role: str) -> None:
    if role == "analyst":
        st.warning("Analyst view: unsuppressed figures. **Not for publication.**", icon="🔒")


def illustrative_banner() -> None:
    st.info(f"**{ILLUSTRATIVE_TEXT}.** This series is invented to show how the view works.", icon="ℹ️")


def symbols_help() -> None:
    box = on_request("What [c], [x], [z], [low] and [u] mean", "symbols-help-open")
    if box is not None:  # every page carries this list: drawn when opened, in one element
        box.markdown("\n".join(f"- **[{symbol}]** {meaning}" for symbol, meaning in SYMBOL_MEANINGS.items()))
