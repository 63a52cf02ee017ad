"""Support: who to contact, and where the source code and data come from."""

import streamlit as st

from indicators.home import current_home
from indicators.ui import navigation

navigation.ensure_navigation()

home = current_home()
st.title("Support")
# The contacts are part of Islington's configuration; another council names its own here.
if home.has_strategy:
    st.markdown(
        """
**Questions about the figures** — Islington Council Public Health Intelligence team,
public.health@islington.gov.uk.

**Questions about the strategy** — the Youth Safety Delivery group, via the Youth Justice Services
Management Board.

**Report a problem with the dashboard** (including accessibility) — digital@islington.gov.uk. We
aim to reply within 5 working days.
"""
    )
else:
    st.markdown(
        f"**Questions about the figures or the dashboard** (including accessibility) — {home.name}'s "
        "public health intelligence team. We aim to reply within 5 working days."
    )
st.markdown(
    """

**Source code and data** — the dashboard is open source; the default dataset is rebuilt from the
publishers' files by `data/build/` (`python data/build_default.py`), and every dataset version is listed for analysts.
"""
)
