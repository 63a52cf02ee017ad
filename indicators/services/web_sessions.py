"""Signed-in browser sessions: a server-side table of sessions behind a signed, HttpOnly cookie.

Sign-in happens over Streamlit's websocket, which cannot set a cookie, so it hands out a one-time
ticket (valid TICKET_TTL); the browser takes it to a plain HTTP route that redeems it for a session
and sets the cookie. A cookie is only as good as its row here: it expires after SESSION_TTL from
sign-in, and sign-out deletes the row, so a copy of an old cookie signs nobody in. The table lives
in the server process (a restart signs everyone out: fail closed); the HMAC key is per process too
unless YSD_SESSION_SECRET is set.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from dataclasses import dataclass

COOKIE = "ysd_session"
SESSION_TTL = 8 * 60 * 60  # one working day, then sign in again
TICKET_TTL = 60

_KEY = os.environ.get("YSD_SESSION_SECRET", "").encode() or secrets.token_bytes(32)
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Grant:
    user: str
    role: str
    expires: float


_tickets: dict[str, Grant] = {}
_sessions: dict[str, Grant] = {}


def _sign(session_id: str) -> str:
    return hmac.new(_KEY, session_id.encode(), hashlib.sha256).hexdigest()


def issue_ticket(user: str, role: str, now: float | None = None) -> str:
    """A one-time ticket for a user who has just signed in (password checked by the caller)."""
    now = time.time() if now is None else now
    ticket = secrets.token_urlsafe(32)
    with _LOCK:
        _tickets[ticket] = Grant(user, role, now + TICKET_TTL)
    return ticket


def redeem(ticket: str, now: float | None = None) -> tuple[str, int] | None:
    """The cookie value and its max-age for a fresh, unused ticket; None otherwise (used once only)."""
    now = time.time() if now is None else now
    with _LOCK:
        grant = _tickets.pop(ticket, None)
        if grant is None or grant.expires < now:
            return None
        session_id = secrets.token_urlsafe(32)
        _sessions[session_id] = Grant(grant.user, grant.role, now + SESSION_TTL)
    return f"{session_id}.{_sign(session_id)}", SESSION_TTL


def _session_id(cookie: str | None) -> str | None:
    if not isinstance(cookie, str):
        return None
    session_id, _, signature = cookie.partition(".")
    if not session_id or not hmac.compare_digest(signature, _sign(session_id)):
        return None
    return session_id


def lookup(cookie: str | None, now: float | None = None) -> Grant | None:
    """Who the cookie signs in, while it is genuine, unexpired and not signed out."""
    now = time.time() if now is None else now
    session_id = _session_id(cookie)
    if session_id is None:
        return None
    with _LOCK:
        grant = _sessions.get(session_id)
        if grant is not None and grant.expires < now:
            del _sessions[session_id]
            return None
    return grant


def revoke(cookie: str | None) -> None:
    """Sign-out: the session's row goes, so this cookie (and any copy of it) no longer signs anyone in."""
    session_id = _session_id(cookie)
    if session_id is not None:
        with _LOCK:
            _sessions.pop(session_id, None)
