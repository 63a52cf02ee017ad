"""The action-plan page: filters kept in the URL, strand summary, outcomes, and the analyst-only editor."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "action_plan.py")
EDITOR = "Update action statuses (analysts)"


def _page(**params: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def _shown(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Actions shown")


def test_all_actions_by_default_with_summary_and_outcomes() -> None:
    at = _page().run()
    assert not at.exception
    assert _shown(at) == "57 of 57"
    summary = at.dataframe[0].value
    assert summary["Actions"].tolist() == [6, 4, 8, 8, 10, 7, 8, 6]
    objectives = [e.label for e in at.expander if e.label.startswith("Objective ")]
    assert len(objectives) == 8
    assert len(at.dataframe[1].value) == 57
    assert any(b.label.startswith("Download these actions") for b in at.get("download_button"))


@pytest.mark.parametrize(
    "params,shown,kept",
    [
        ({"strand": "support"}, "10 of 57", {"strand": "support"}),
        (
            {"strand": "support", "objective": "7", "overdue": "1"},
            None,
            {"strand": "support", "objective": "7", "overdue": "1"},
        ),
        ({"status": "complete"}, "0 of 57", {"status": "complete"}),
        (
            {"governance": "Youth Justice Services Management Board"},
            None,
            {"governance": "Youth Justice Services Management Board"},
        ),
    ],
)
def test_filters_come_from_the_query_string(params: dict[str, str], shown: str | None, kept: dict[str, str]) -> None:
    at = _page(**params).run()
    assert not at.exception
    if shown:
        assert _shown(at) == shown
    assert {k: at.query_params[k] for k in at.query_params} == kept


def test_unknown_filter_values_are_named_ignored_and_dropped_at_the_next_choice() -> None:
    at = _page(strand="no-such-strand", objective="99").run()
    assert not at.exception and _shown(at) == "57 of 57"
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")  # as a reader sees the escaped echo
    assert "no-such-strand" in warnings and "99" in warnings
    at.selectbox(key="action_plan.status").set_value("complete").run()
    assert {k: at.query_params[k] for k in at.query_params} == {"status": "complete"}


def test_objective_filter_shows_only_that_objective() -> None:
    at = _page(objective="7").run()
    labels = [e.label for e in at.expander if e.label.startswith("Objective ")]
    assert len(labels) == 1 and labels[0].startswith("Objective 7:")


def test_changing_a_filter_updates_the_url() -> None:
    at = _page().run()
    at.selectbox(key="action_plan.strand").set_value("diversion").run()
    assert _shown(at) == "8 of 57"
    assert at.query_params["strand"] == "diversion"


def test_action_text_is_shown_as_text_not_html() -> None:
    at = _page().run()
    assert not any("trauma-informed" in m.value for m in at.markdown)
    assert any("trauma-informed" in t for t in at.dataframe[1].value["What we will do"])


def test_a_viewer_gets_no_editor_and_no_upload() -> None:
    at = _page().run()
    assert EDITOR not in [e.label for e in at.expander]
    assert len(at.get("file_uploader")) == 0
    assert len(at.get("form")) == 0
    assert not any(b.label.startswith("Status template") for b in at.get("download_button"))


def test_an_analyst_gets_the_editor_and_the_upload() -> None:
    at = _page()
    at.session_state["auth.role"] = "analyst"
    at.session_state["auth.user"] = "analyst1"
    at.run()
    assert not at.exception
    assert EDITOR in [e.label for e in at.expander]
    assert sorted(u.label for u in at.get("file_uploader")) == ["Status CSV", "Voice CSV"]
    assert at.button(key="FormSubmitter:action_plan.editor-Record status") is not None
    assert any(b.label.startswith("Status template") for b in at.get("download_button"))
