"""Placeholder."""

import streamlit as st

st.title("upload")
st.info("Coming soon.")
