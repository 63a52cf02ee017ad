"""Youth Safety Indicator Dashboard: navigation only (pages live in pages/, logic in indicators/)."""

import streamlit as st

from indicators.home import current_home
from indicators.ui import feedback, session

st.set_page_config(page_title=current_home().product_title, page_icon="📊", layout="wide")

role = session.current_role()
analyst_only = "visible" if role == "analyst" else "hidden"
# One flat menu drawn by Streamlit itself: its sectioned menu nests headers inside the list (axe:
# list/listitem), and a menu of st.page_link elements cost every page 15 more elements to send and draw.
# Hidden pages are still registered: the indicator page needs ?id= (opened from a card), and an analyst
# link followed by a viewer asks them to sign in (require_analyst) instead of "page not found".
pages = [
    st.Page("pages/overview.py", title="Overview", url_path="", default=True),
    st.Page("pages/cohorts.py", title="Cohorts", url_path="cohorts"),
    st.Page("pages/disproportionality.py", title="Disproportionality", url_path="disproportionality"),
    st.Page("pages/action_plan.py", title="Action plan", url_path="action-plan"),
    st.Page("pages/meeting_pack.py", title="Meeting pack (PDF)", url_path="meeting-pack"),
    st.Page("pages/about.py", title="About the data", url_path="about"),
    st.Page("pages/symbols.py", title="Symbols and suppression", url_path="symbols"),
    st.Page("pages/accessibility.py", title="Accessibility", url_path="accessibility"),
    st.Page("pages/privacy.py", title="Cookies and privacy", url_path="privacy"),
    st.Page("pages/support.py", title="Support", url_path="support"),
    st.Page("pages/sign_in.py", title="Sign out" if role == "analyst" else "Sign in", url_path="sign-in"),
    st.Page("pages/upload.py", title="Upload data", url_path="upload", visibility=analyst_only),
    st.Page("pages/history.py", title="Versions and rollback", url_path="history", visibility=analyst_only),
    st.Page("pages/audit.py", title="Audit log", url_path="audit", visibility=analyst_only),
    st.Page("pages/indicator.py", title="Indicator", url_path="indicator", visibility="hidden"),
]
page = st.navigation(pages, position="sidebar", expanded=True)
# A phone gets a smaller page title: "Disproportionality" at the default size broke mid-word at 390 px,
# and on the overview the first screen must reach the cards' values, not just the title.
st.html("<style>@media (max-width: 640px) { [data-testid='stMain'] h1 { font-size: 1.75rem; } }</style>")
if role == "analyst":
    st.sidebar.caption(f"Signed in as {session.current_user()} (analyst)")
# A page error is a plain message for the visitor and a logged traceback (client.showErrorDetails = "none").
feedback.guard(page.run)
