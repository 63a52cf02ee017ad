"""Placeholder."""

import streamlit as st

st.title("history")
st.info("Coming soon.")
