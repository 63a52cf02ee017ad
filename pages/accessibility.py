"""Accessibility statement (Public Sector Bodies Accessibility Regulations 2018, WCAG 2.2 AA)."""

import streamlit as st

from indicators.home import current_home
from indicators.ui import navigation

navigation.ensure_navigation()

st.title("Accessibility statement")
st.markdown(
    """
This dashboard is run by {council}. We want as many people as possible to be able to use it.

**How we test.** Every page is checked automatically with axe-core (WCAG 2.2 A and AA rules) in a
real Chromium browser as part of every change to the dashboard, and must show no serious or critical
finding. Keyboard use and text contrast (at least 4.5:1) are checked by hand when pages change.

**What we do.**
- Every chart has a plain-English summary under it, and a *Table* tab with the same numbers.
- Charts use the Government Analysis Function's colour-blind-safe palette; colour never carries
  meaning alone (chips carry words, lines differ in dash and marker shape).
- Every page works with a keyboard; selections are kept in the address so views can be shared.
- A meeting view shows large type and one chart per screen, for projectors.

**Compliance status.** We aim to meet WCAG 2.2 level AA. Known limitations: interactive Plotly
charts are not fully operable with a screen reader; use the Table tab, which holds the same data.

**Feedback and contact.** If you find a problem or need the data in another format, see *Support*.
If you are not happy with how we respond, contact the Equality Advisory and Support Service (EASS).
""".replace("{council}", f"{current_home().name} council")
)
