"""Page routing: both patches of Streamlit internals that deep links need, and the
sign-in cookie's routes added to Streamlit's Starlette app.

Streamlit sets a server-wide legacy flag when a pages/ folder sits beside the main script; until
app.py has called st.navigation once, a deep link (/cohorts?...) runs the page file on its own, with
a sidebar listing every file (and /action-plan shows "Page not found"). ``serve`` clears the flag
before the server starts; ``ensure_navigation`` clears it and reruns if a server was started with
plain ``streamlit run``.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli
from streamlit.web.server.starlette import starlette_app

from indicators.settings import REPO_ROOT
from indicators.ui import session_routes


def serve(streamlit_args: Sequence[str]) -> int:
    """`python -m indicators serve [streamlit options]`: `streamlit run app.py`, with deep links fixed."""
    PagesManager.uses_pages_directory = False
    # The sign-in cookie needs a plain HTTP response: two routes beside Streamlit's own, in its app.
    streamlit_routes = starlette_app.create_streamlit_routes
    starlette_app.create_streamlit_routes = lambda runtime: [*session_routes.routes(), *streamlit_routes(runtime)]
    return cli.main(args=["run", str(REPO_ROOT / "app.py"), *streamlit_args], prog_name="streamlit")


def ensure_navigation() -> None:
    """Make every page run inside app.py's st.navigation, even when opened first by a deep link."""
    # Only on a session's first run, so a rerun can never swallow a button click.
    first_run = not st.session_state.get("ui.navigation_checked", False)
    st.session_state["ui.navigation_checked"] = True
    if PagesManager.uses_pages_directory and first_run:
        PagesManager.uses_pages_directory = False
        st.rerun()
