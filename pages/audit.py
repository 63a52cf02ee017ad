"""Audit log (analysts): sign-ins, uploads and rollbacks — who, when, what."""

import streamlit as st

from indicators import ui

ui.ensure_navigation()

ui.require_analyst()
st.title("Audit log")
st.markdown("Sign-ins, uploads and rollbacks, newest first (times in UTC).")
events = ui.run(ui.audit_log)
st.dataframe(events, hide_index=True, width="stretch",
             column_config={"at": "When (UTC)", "user": "Who", "event": "Event", "detail": "Detail"})
ui.csv_download(events, "audit_log.csv", "Download the audit log", key="audit.download")
