"""Who is using the page: viewer or analyst, through OIDC (st.login) or the local credentials file.

A local sign-in outlives the websocket session through a signed, HttpOnly cookie (services.web_sessions,
set by ui.session_routes): a reload or a new tab reads it from st.context.cookies; sign-out deletes its
server-side row, which signs out every tab that rests on it.
"""

from __future__ import annotations

import json
import re

import streamlit as st

from indicators.errors import NotAuthorised
from indicators.services import accounts, web_sessions
from indicators.services import versions as version_service
from indicators.ui.cached import data_version, engine, versions

ROLE_KEY = "auth.role"
USER_KEY = "auth.user"
COOKIE_KEY = "auth.cookie"  # the cookie this session's sign-in rests on
PAGE_PATH = re.compile(r"[a-z][a-z-]{0,39}")


def _browser_cookie() -> str | None:
    try:
        cookie = st.context.cookies.get(web_sessions.COOKIE)
    except Exception:  # noqa: BLE001 - no request context (AppTest, bare script run)
        return None
    return cookie if isinstance(cookie, str) else None  # AppTest's context is a stand-in object


def _sync_with_cookie() -> None:
    """Signed in from the cookie on a reload or new tab; signed out once its session is gone."""
    held = st.session_state.get(COOKIE_KEY)
    if held is not None:
        if web_sessions.lookup(held) is None:  # signed out elsewhere, or expired
            for key in (ROLE_KEY, USER_KEY, COOKIE_KEY):
                st.session_state.pop(key, None)
        return
    cookie = _browser_cookie()
    if ROLE_KEY not in st.session_state and cookie and (grant := web_sessions.lookup(cookie)):
        st.session_state.update({ROLE_KEY: grant.role, USER_KEY: grant.user, COOKIE_KEY: cookie})


def current_role() -> str:
    """'analyst' only for a signed-in analyst (OIDC or local); everyone else is a viewer."""
    _sync_with_cookie()
    try:
        if st.user.is_logged_in:
            analysts = list(st.secrets.get("roles", {}).get("analysts", []))
            return accounts.role_for_oidc_user(st.user.get("email"), analysts)
    except Exception:  # noqa: BLE001 - no [auth] configured: st.user raises or is empty
        pass
    return st.session_state.get(ROLE_KEY, "viewer")


def current_user() -> str:
    _sync_with_cookie()
    try:
        if st.user.is_logged_in:
            return str(st.user.get("email") or st.user.get("name") or "signed-in user")
    except Exception:  # noqa: BLE001
        pass
    return st.session_state.get(USER_KEY, "anonymous")


def require_analyst() -> None:
    """Stop the page for anyone but an analyst, even if the URL was typed directly."""
    if current_role() != "analyst":
        st.title("Sign-in needed")
        st.error("This page is for signed-in analysts only. Sign in to upload data or roll back versions.")
        try:
            here = (st.context.url or "").rstrip("/").rsplit("/", 1)[-1]
        except Exception:  # noqa: BLE001 - no request context (AppTest)
            here = ""
        back = {"next": here} if PAGE_PATH.fullmatch(here) else None
        try:
            st.page_link("pages/sign_in.py", label="Sign in", query_params=back)
        except st.errors.StreamlitAPIException:  # the page run on its own, outside app.py (AppTest)
            st.markdown("[Sign in](./sign-in)")
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


def _go(url: str, label: str) -> None:
    """Send the browser to a plain HTTP route (a cookie can only be set or cleared by one)."""
    st.html(f"<script>window.location.replace({json.dumps(url)});</script>", unsafe_allow_javascript=True)
    st.markdown(f"[{label}]({url})")  # if scripts are off


def keep_signed_in(next_page: str | None) -> None:
    """After sign_in(): the one-time ticket to the cookie route, which comes back to ``next_page``."""
    page = next_page if next_page and PAGE_PATH.fullmatch(next_page) else "sign-in"
    ticket = web_sessions.issue_ticket(current_user(), current_role())
    _go(f"/session/start?ticket={ticket}&next=/{page}", "Continue")


def go_signed_out() -> None:
    """After sign_out(): clear the browser's (already dead) cookie and come back to the sign-in page."""
    _go("/session/end?next=/sign-in", "Continue")


def sign_out() -> None:
    accounts.record_sign_out(engine(), current_user())
    web_sessions.revoke(st.session_state.get(COOKIE_KEY) or _browser_cookie())
    for key in (ROLE_KEY, USER_KEY, COOKIE_KEY):
        st.session_state.pop(key, None)
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
    versions.clear()  # keyed by the current version, which an old one becomes again: that list is stale
    return message
