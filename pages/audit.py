"""Audit log (analysts): sign-ins, uploads and rollbacks — who, when, what."""

import streamlit as st

from indicators.ui import cached, downloads, navigation, session

navigation.ensure_navigation()

session.require_analyst()
st.title("Audit log")
st.markdown("Sign-ins, uploads and rollbacks, newest first (times in UTC).")
events = cached.audit_log()
st.dataframe(
    events,
    hide_index=True,
    width="stretch",
    column_config={"at": "When (UTC)", "user": "Who", "event": "Event", "detail": "Detail"},
)
downloads.csv_download(events, "audit_log.csv", "Download the audit log", key="audit.download")
