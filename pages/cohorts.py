"""Placeholder."""

import streamlit as st

st.title("cohorts")
st.info("Coming soon.")
