"""`python -m indicators serve [streamlit options]`: `streamlit run app.py`, with deep links fixed.

Streamlit sets a process-wide legacy flag when a pages/ folder sits beside the main script, and
until app.py has called st.navigation once, the first visitor's deep link is resolved against
the file names (so /action-plan shows "Page not found"). Clearing the flag before the server
starts makes every request go through app.py's navigation from the first one.
"""

from __future__ import annotations

from collections.abc import Sequence

from indicators.settings import REPO_ROOT


def serve(streamlit_args: Sequence[str]) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    return cli.main(args=["run", str(REPO_ROOT / "app.py"), *streamlit_args], prog_name="streamlit")
