"""Youth Safety Indicator Dashboard: navigation only (pages live in pages/, logic in indicators/)."""

import streamlit as st

from indicators.home import current_home
from indicators.ui import feedback, navigation, session

st.set_page_config(page_title=current_home().product_title, page_icon="📊", layout="wide")

role = session.current_role()
sections = {
    "Indicators": [
        st.Page("pages/overview.py", title="Overview", url_path="", default=True),
        st.Page("pages/cohorts.py", title="Cohorts", url_path="cohorts"),
        st.Page("pages/disproportionality.py", title="Disproportionality", url_path="disproportionality"),
        st.Page("pages/action_plan.py", title="Action plan", url_path="action-plan"),
        st.Page("pages/meeting_pack.py", title="Meeting pack (PDF)", url_path="meeting-pack"),
    ],
    "About": [
        st.Page("pages/about.py", title="About the data", url_path="about"),
        st.Page("pages/symbols.py", title="Symbols and suppression", url_path="symbols"),
        st.Page("pages/accessibility.py", title="Accessibility", url_path="accessibility"),
        st.Page("pages/privacy.py", title="Cookies and privacy", url_path="privacy"),
        st.Page("pages/support.py", title="Support", url_path="support"),
        st.Page("pages/sign_in.py", title="Sign out" if role == "analyst" else "Sign in", url_path="sign-in"),
    ],
    "Analysts": [
        st.Page("pages/upload.py", title="Upload data", url_path="upload"),
        st.Page("pages/history.py", title="Versions and rollback", url_path="history"),
        st.Page("pages/audit.py", title="Audit log", url_path="audit"),
    ],
}
# Not in the menu: the indicator page needs ?id= (opened from a card), and a viewer's menu has no
# analyst pages. Every page is registered, so an analyst link tells a viewer to sign in (require_analyst).
hidden = [st.Page("pages/indicator.py", title="Indicator", url_path="indicator")]
menu = {name: pages for name, pages in sections.items() if role == "analyst" or name != "Analysts"}
page = st.navigation([p for group in sections.values() for p in group] + hidden, position="hidden")
# Streamlit's own sectioned menu nests headers inside its list (axe: list/listitem); this one is plain links.
navigation.sidebar_menu(menu)
# A page error is a plain message for the visitor and a logged traceback (client.showErrorDetails = "none").
feedback.guard(page.run)
