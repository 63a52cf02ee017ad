"""Sign-in for local accounts and OIDC users, every attempt audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from indicators.store import credentials, writes
from indicators.store.db import session_scope

if TYPE_CHECKING:
    from sqlalchemy import Engine


def role_for_oidc_user(email: str | None, analysts: list[str]) -> str:
    """OIDC users are analysts when their email is listed in secrets [roles] analysts; else viewers."""
    return "analyst" if email and email.lower() in {a.lower() for a in analysts} else "viewer"


def record_event(engine: Engine, user: str, event: str, detail: str) -> None:
    with session_scope(engine) as session:
        writes.record_event(session, user, event, detail)


def sign_in(engine: Engine, name: str, password: str) -> str | None:
    """The user's role when the local credentials match, else None; audited either way."""
    name = name.strip()
    role = credentials.verify(name, password) if name and password else None
    record_event(engine, name or "(blank)", "sign_in" if role else "sign_in_failed", "")
    return role


def record_sign_out(engine: Engine, user: str) -> None:
    record_event(engine, user, "sign_out", "")
