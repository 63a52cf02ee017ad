"""Cookies and privacy note."""

import streamlit as st

from indicators.ui import navigation

navigation.ensure_navigation()

st.title("Cookies and privacy")
st.markdown(
    """
**Cookies.** The dashboard uses only the cookies it needs to work: a session connection, and a
sign-in cookie for analysts who sign in. It sets no analytics or advertising cookies, and usage
statistics are switched off.

**Personal data.** The dashboard shows aggregate statistics only: no record about an individual
child is stored. Small numbers are suppressed in every public view so that no child can be
identified. For analysts, we record sign-ins, uploads and rollbacks (who and when) in an audit log,
to keep the published figures accountable.
"""
)
