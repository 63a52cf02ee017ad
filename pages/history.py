"""Dataset versions (analysts): who loaded what and when; roll back to an earlier version."""

import streamlit as st

from indicators.errors import IndicatorError
from indicators.ui import cached, navigation, session

navigation.ensure_navigation()


def _roll_back() -> None:
    """Runs once per click, before the page: the outcome is said at the top, and the button disarms."""
    st.session_state["history.confirm"] = False  # a second roll needs a second confirmation
    try:
        st.session_state["history.outcome"] = ("success", session.rollback(int(st.session_state["history.target"])))
    except IndicatorError as exc:
        st.session_state["history.outcome"] = ("error", f"Nothing was rolled back: {exc}")


session.require_analyst()
st.title("Versions and rollback")
if outcome := st.session_state.pop("history.outcome", None):
    getattr(st, outcome[0])(outcome[1])
st.markdown(
    "Every seed load and upload is a version. Rolling back makes an earlier version's data the live "
    "data again; nothing is deleted, so you can roll forward the same way."
)
versions = cached.versions()
table = versions.assign(current=versions["is_current"].map({True: "✓ current", False: ""}))
st.dataframe(
    table[
        [
            "id",
            "current",
            "created_at",
            "user",
            "kind",
            "file_name",
            "format",
            "rows_added",
            "rows_changed",
            "rows_unchanged",
            "indicator_ids",
        ]
    ],
    hide_index=True,
    width="stretch",
    column_config={
        "id": "Version",
        "created_at": "When (UTC)",
        "user": "Who",
        "file_name": "File",
        "rows_added": "Added",
        "rows_changed": "Changed",
        "rows_unchanged": "Unchanged",
        "indicator_ids": "Indicators",
    },
)
others = versions.loc[~versions["is_current"], "id"].tolist()
if not others:
    st.info("There is only one version, so there is nothing to roll back to.")
    st.stop()
target = st.selectbox(
    "Make this version current",
    others,
    key="history.target",
    format_func=lambda v: f"Version {v}: {versions.set_index('id').at[v, 'file_name']}",
)
confirm = st.checkbox(f"I understand the live data will become version {target}'s", key="history.confirm")
st.button("Roll back", type="primary", disabled=not confirm, key="history.rollback", on_click=_roll_back)
