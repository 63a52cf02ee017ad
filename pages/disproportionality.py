"""Placeholder."""

import streamlit as st

st.title("disproportionality")
st.info("Coming soon.")
