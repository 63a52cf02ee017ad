"""Sign-in for local accounts and OIDC users, every attempt audited and failures rate-limited.

After USER_LIMIT failures for one user name (counted since its last success), or CLIENT_LIMIT from
one client, within LOCKOUT minutes, sign-in is refused for that name or client until the window has
passed. The lockout applies to names that do not exist too, so it tells a guesser nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from indicators.errors import SignInRefused
from indicators.safe_csv import one_line
from indicators.store import credentials, queries, writes
from indicators.store.db import session_scope

if TYPE_CHECKING:
    from sqlalchemy import Engine

USER_LIMIT = 5
CLIENT_LIMIT = 20
LOCKOUT = timedelta(minutes=15)
LOCKED_MESSAGE = (
    f"Too many failed sign-ins. Sign-in is paused for {int(LOCKOUT.total_seconds() // 60)} minutes; "
    "try again later, or ask another analyst to reset your password."
)


def role_for_oidc_user(email: str | None, analysts: list[str]) -> str:
    """OIDC users are analysts when their email is listed in secrets [roles] analysts; else viewers."""
    return "analyst" if email and email.lower() in {a.lower() for a in analysts} else "viewer"


def record_event(engine: Engine, user: str, event: str, detail: str) -> None:
    with session_scope(engine) as session:
        writes.record_event(session, one_line(user, credentials.NAME_MAX), event, one_line(detail, 200))


def sign_in(engine: Engine, name: str, password: str, client: str = "") -> str | None:
    """The user's role when the local credentials match, else None; audited either way.

    Raises SignInRefused while the name or the client is locked out (the password is not checked).
    """
    name = name.strip()
    client_detail = "client " + one_line(client or "unknown", 60)
    audit_name = one_line(name, credentials.NAME_MAX) or "(blank)"
    if credentials.name_problem(name):
        # No account can have this name; it is audited cut short and escaped, and counts as a failure.
        record_event(engine, audit_name, "sign_in_failed", client_detail)
        return None
    since = datetime.now(UTC).replace(tzinfo=None) - LOCKOUT
    with engine.connect() as conn:
        by_user, by_client = queries.sign_in_failures(conn, name, client_detail, since)
    if by_user >= USER_LIMIT or by_client >= CLIENT_LIMIT:
        record_event(engine, audit_name, "sign_in_locked", client_detail)
        raise SignInRefused(LOCKED_MESSAGE)
    role = credentials.verify(name, password) if password else None
    record_event(engine, audit_name, "sign_in" if role else "sign_in_failed", client_detail)
    return role


def record_sign_out(engine: Engine, user: str) -> None:
    record_event(engine, user, "sign_out", "")
