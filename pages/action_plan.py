"""Placeholder."""

import streamlit as st

st.title("action_plan")
st.info("Coming soon.")
