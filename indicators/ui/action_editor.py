"""The action plan's analyst editor: record one status, or upload a status CSV (every problem shown)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from indicators.errors import IndicatorError
from indicators.ingest.problems import IngestRejected
from indicators.services import actions as tracker
from indicators.ui import cached, feedback, session


def record(fn: Callable[..., object], *args: object) -> None:
    """Run a status write; show every problem of a rejected update, or rerun to show the new status."""
    try:
        result = fn(cached.engine(), *args)
    except IngestRejected as exc:
        st.error(f"Nothing was recorded: {len(exc.errors)} problem(s).")
        st.dataframe(tracker.problems_frame(exc.problems), hide_index=True, width="stretch")
        return
    except IndicatorError as exc:
        st.error(str(exc))
        return
    cached.data_version.clear()
    st.session_state["action_plan.message"] = result.message
    st.rerun()


def status_editor(frame: pd.DataFrame) -> None:
    """For signed-in analysts only (the page checks the role before calling)."""
    user = session.current_user()
    with st.expander("Update action statuses (analysts)"):
        st.markdown(
            "Each update is a new version: it appears on the *Versions* page and a rollback "
            "to an earlier version hides it again. Earlier updates are kept as history."
        )
        with st.form("action_plan.editor"):
            ids = frame["action_id"].tolist()
            texts = dict(zip(ids, frame["action"], strict=True))
            action_id = st.selectbox("Action", ids, format_func=lambda i: f"{i}: {texts[i][:90]}")
            status = st.selectbox("Status", tracker.STATUSES, format_func=tracker.STATUS_LABELS.get)
            when = st.date_input("Status date", value=date.today(), max_value=date.today())
            note = st.text_input("Note (optional)", max_chars=500)
            if st.form_submit_button("Record status", type="primary"):
                record(tracker.add_status, action_id, status, when, note, user)

        st.markdown(
            "**Upload status updates** as a CSV with the columns `action_id,status,date,note` "
            "(dates as yyyy-mm-dd; statuses: " + ", ".join(tracker.STATUSES) + ")."
        )
        st.download_button(
            "Status template (CSV)",
            tracker.template_csv(),
            file_name="action_status.csv",
            mime="text/csv",
            key="action_plan.template",
        )
        file = st.file_uploader("Status CSV", type=["csv", "txt"], key="action_plan.file")
        if file is not None:
            updates, problems = feedback.run(tracker.check_status_csv, cached.engine(), file.getvalue(), file.name)
            if problems:
                errors = [p for p in problems if p.is_error]
                (st.error if errors else st.warning)(
                    f"{len(errors)} error(s) in {feedback.plain(file.name)}."
                    + (" Nothing will be recorded." if errors else "")
                )
                st.dataframe(tracker.problems_frame(problems), hide_index=True, width="stretch")
            if (
                updates
                and not any(p.is_error for p in problems)
                and st.button(f"Record {len(updates)} status update(s)", type="primary", key="action_plan.commit")
            ):
                record(tracker.commit_status_updates, file.getvalue(), file.name, user)
