"""Sign in (council identity provider when configured, else local credentials) or sign out."""

import streamlit as st

from indicators.ui import navigation, session

navigation.ensure_navigation()

st.title("Sign in")
role = session.current_role()
if role == "analyst":
    st.success(f"Signed in as {session.current_user()} (analyst).")
    if st.button("Sign out", key="sign_in.sign_out"):
        session.sign_out()
        st.rerun()
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
    if session.sign_in(name, password):
        st.rerun()
    else:
        st.error("That user name and password do not match.")
