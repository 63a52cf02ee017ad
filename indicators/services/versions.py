"""Dataset versions as analysts and the CLI see them: the list, the current one, the audit log, rollback."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from indicators.services import disparities
from indicators.store import queries, writes
from indicators.store.db import session_scope

if TYPE_CHECKING:
    from sqlalchemy import Engine


def versions(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return queries.versions(conn)


def current_version(engine: Engine) -> dict | None:
    with engine.connect() as conn:
        return queries.current_version(conn)


def audit_log(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return queries.audit_events(conn)


def rollback(engine: Engine, version_id: int, user: str) -> str:
    """Make ``version_id`` current again in one transaction (nothing is deleted)."""
    with session_scope(engine) as session:
        message = writes.rollback(session, version_id, user=user)
    disparities.sync_after(engine, None)
    return message
