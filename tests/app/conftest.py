"""AppTest helpers: pages run against the session's seeded database (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def page(
    name: str, analyst: bool = False, user: dict | None = None, secrets: dict | None = None, **query: str
) -> AppTest:
    """The app (so navigation and page links exist) opened on one page, with query parameters.

    The app runs once before switching: only then does AppTest know the pages that st.navigation
    registers under a url_path that differs from the file name (action_plan.py is /action-plan).
    Paths are absolute: AppTest resolves relative paths against the test file.
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if analyst:
        at.session_state["auth.role"] = "analyst"
        at.session_state["auth.user"] = "test-analyst"
    if user is not None:
        at.user = user
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.run()
    at.switch_page(f"pages/{name}.py")
    for key, value in query.items():
        at.query_params[key] = value
    return at


def trace_values(values: object) -> list:
    """Plotly 6+ sends numeric arrays as {'dtype', 'bdata'} (base64); decode them to a list."""
    if isinstance(values, dict) and "bdata" in values:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values or [])


def figures(at: AppTest) -> list[dict]:
    import json

    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _show_tables(at: AppTest, shown: bool) -> None:
    """Open (or close) every chart's Table tab and every table drawn on request: tables are drawn only
    when their tab or expander is open (issue 21), and a visitor's click sets these same keys."""
    for key in list(at.session_state._state.filtered_state):
        if isinstance(key, str) and key.startswith("tabs-"):
            at.session_state[key] = "Table" if shown else "Chart"
        elif isinstance(key, str) and key.endswith("-open"):  # every fold drawn on request (ui.folds)
            at.session_state[key] = shown


def tables(at: AppTest) -> list:
    """Every table the page shows once a visitor opens them all (grids first, then plain tables), as
    DataFrames; the page is put back on its charts afterwards, so ``at`` reads as it did before."""
    _show_tables(at, True)
    at.run()
    frames = [d.value for d in at.dataframe] + [t.value for t in at.table]
    _show_tables(at, False)
    at.run()
    return frames
