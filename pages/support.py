"""Support: who to contact, and where the source code and data come from."""

import streamlit as st

from indicators.ui import navigation

navigation.ensure_navigation()

st.title("Support")
st.markdown(
    """
**Questions about the figures** — Islington Council Public Health Intelligence team,
public.health@islington.gov.uk.

**Questions about the strategy** — the Youth Safety Delivery group, via the Youth Justice Services
Management Board.

**Report a problem with the dashboard** (including accessibility) — digital@islington.gov.uk. We
aim to reply within 5 working days.

**Source code and data** — the dashboard is open source; the default dataset is rebuilt from the
publishers' files by `data/build/` (`python data/build_default.py`), and every dataset version is listed for analysts.
"""
)
