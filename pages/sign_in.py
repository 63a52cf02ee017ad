"""Sign in (council identity provider when configured, else local credentials) or sign out."""

import streamlit as st

from indicators.errors import SignInRefused
from indicators.ui import feedback, navigation, session

navigation.ensure_navigation()

st.title("Sign in")
role = session.current_role()
if role == "analyst":
    st.success(f"Signed in as {feedback.plain(session.current_user())} (analyst).")
    if st.button("Sign out", key="sign_in.sign_out"):
        session.sign_out()
        session.go_signed_out()
    st.stop()

if session.oidc_configured():
    st.markdown("Sign in with your council account.")
    if st.button("Sign in with the council's identity provider", key="sign_in.oidc"):
        st.login()
    st.stop()

st.markdown("Analysts sign in to upload data, see unsuppressed figures and roll back versions.")
with st.form("sign_in.form"):
    name = st.text_input("User name", key="sign_in.name")
    password = st.text_input("Password", type="password", key="sign_in.password")
    submitted = st.form_submit_button("Sign in")
if submitted:
    try:
        signed_in = session.sign_in(name, password)
    except SignInRefused as exc:
        st.error(str(exc))
    else:
        if signed_in:
            st.success("Signed in.")
            session.keep_signed_in(st.query_params.get("next"))
            st.stop()
        # The same words whether or not the name exists, so the page does not confirm accounts.
        st.error("That user name and password do not match.")
