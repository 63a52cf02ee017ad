"""Placeholder."""

import streamlit as st

st.title("audit")
st.info("Coming soon.")
