"""AppTest helpers: pages run against the session's seeded database (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def page(name: str, **query: str) -> AppTest:
    """The app (so navigation and page links exist) opened on one page, with query parameters.

    Paths are absolute: AppTest resolves relative paths against the test file.
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(f"pages/{name}.py")
    for key, value in query.items():
        at.query_params[key] = value
    return at


@pytest.fixture
def analyst_session():
    def _apply(at: AppTest) -> AppTest:
        at.session_state["auth.role"] = "analyst"
        at.session_state["auth.user"] = "test-analyst"
        return at

    return _apply


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
