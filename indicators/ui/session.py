"""Who is using the page: viewer or analyst, through OIDC (st.login) or the local credentials file."""

from __future__ import annotations

import streamlit as st

from indicators.errors import NotAuthorised
from indicators.services import accounts
from indicators.services import versions as version_service
from indicators.ui.cached import data_version, engine

ROLE_KEY = "auth.role"
USER_KEY = "auth.user"


def current_role() -> str:
    """'analyst' only for a signed-in analyst (OIDC or local); everyone else is a viewer."""
    try:
        if st.user.is_logged_in:
            analysts = list(st.secrets.get("roles", {}).get("analysts", []))
            return accounts.role_for_oidc_user(st.user.get("email"), analysts)
    except Exception:  # noqa: BLE001 - no [auth] configured: st.user raises or is empty
        pass
    return st.session_state.get(ROLE_KEY, "viewer")


def current_user() -> str:
    try:
        if st.user.is_logged_in:
            return str(st.user.get("email") or st.user.get("name") or "signed-in user")
    except Exception:  # noqa: BLE001
        pass
    return st.session_state.get(USER_KEY, "anonymous")


def require_analyst() -> None:
    """Stop the page for anyone but an analyst, even if the URL was typed directly."""
    if current_role() != "analyst":
        st.error("This page is for signed-in analysts only. Sign in to upload data or roll back versions.")
        st.markdown("[Sign in](./sign-in)")  # a plain link works however the page was reached
        st.stop()


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def client_address() -> str:
    """The visitor's address as the server sees it (behind a proxy: the proxy's, unless it passes the client's)."""
    try:
        return str(st.context.ip_address or "")
    except Exception:  # noqa: BLE001 - no request context (AppTest, bare script run)
        return ""


def sign_in(name: str, password: str) -> bool:
    """Local sign-in: bcrypt check against the credentials file; audited either way, rate-limited.

    Raises SignInRefused while the name or this client is locked out."""
    role = accounts.sign_in(engine(), name, password, client=client_address())
    if role:
        st.session_state[ROLE_KEY] = role
        st.session_state[USER_KEY] = name.strip()
    return role is not None


def sign_out() -> None:
    accounts.record_sign_out(engine(), current_user())
    st.session_state.pop(ROLE_KEY, None)
    st.session_state.pop(USER_KEY, None)
    try:
        if st.user.is_logged_in:
            st.logout()
    except Exception:  # noqa: BLE001
        pass


def rollback(version_id: int) -> str:
    """Analysts only; the page checks the role and this checks it again."""
    if current_role() != "analyst":
        raise NotAuthorised("only analysts can roll back")
    message = version_service.rollback(engine(), version_id, user=current_user())
    data_version.clear()
    return message
