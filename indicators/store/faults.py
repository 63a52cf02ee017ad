"""Database faults as domain errors: what happened and what to do, never a driver traceback.

Installed on every engine (``handle_error``), so each command and page sees an IndicatorError
subclass whether the fault comes from connecting, reading, writing or committing.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from indicators.errors import (
    DatabaseCorrupt,
    DatabaseFault,
    DatabaseFull,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseUnreachable,
)

LOCKED = (
    "the database is locked by another upload or another process; try again in a minute "
    "(if it stays locked, check that no other command is still running)"
)
READ_ONLY = "the database cannot be written (read-only file, folder or account); ask whoever runs the server"
FULL = "the disk holding the database is full; free some space and try again (nothing was written)"
CORRUPT = (
    "the database file is damaged: stop the app, copy the latest backup (made by python -m indicators backup FILE) "
    "over the database file, then run python -m indicators check (README: Backup and restore)"
)
UNREACHABLE = "the database cannot be reached; check DATABASE_URL and that the database server is running"

# PostgreSQL SQLSTATE codes (appendix A of its manual) -> the fault they mean.
_PG_STATES: dict[str, tuple[type[DatabaseFault], str]] = {
    "55P03": (DatabaseLocked, LOCKED),  # lock_not_available (lock_timeout)
    "57014": (DatabaseLocked, LOCKED),  # query_canceled (statement_timeout)
    "40P01": (DatabaseLocked, LOCKED),  # deadlock_detected
    "25006": (DatabaseReadOnly, READ_ONLY),  # read_only_sql_transaction (hot standby)
    "42501": (DatabaseReadOnly, READ_ONLY),  # insufficient_privilege
    "53100": (DatabaseFull, FULL),  # disk_full
    "XX001": (DatabaseCorrupt, CORRUPT),  # data_corrupted
    "XX002": (DatabaseCorrupt, CORRUPT),  # index_corrupted
    "08001": (DatabaseUnreachable, UNREACHABLE),
    "08006": (DatabaseUnreachable, UNREACHABLE),
    "57P03": (DatabaseUnreachable, UNREACHABLE),  # cannot_connect_now (starting up)
}
# SQLite reports by message text (sqlite3 exposes error codes only from Python 3.11, not on every build).
_SQLITE_TEXTS: tuple[tuple[str, type[DatabaseFault], str], ...] = (
    ("database is locked", DatabaseLocked, LOCKED),
    ("database table is locked", DatabaseLocked, LOCKED),
    ("readonly database", DatabaseReadOnly, READ_ONLY),
    ("read-only", DatabaseReadOnly, READ_ONLY),
    ("disk is full", DatabaseFull, FULL),
    ("disk i/o error", DatabaseCorrupt, CORRUPT),
    ("file is not a database", DatabaseCorrupt, CORRUPT),
    ("disk image is malformed", DatabaseCorrupt, CORRUPT),
    ("file is encrypted", DatabaseCorrupt, CORRUPT),
    ("unable to open database file", DatabaseUnreachable, UNREACHABLE),
)


def classify(exc: BaseException) -> DatabaseFault | None:
    """The domain error for a driver or SQLAlchemy exception, or None when it is not a database fault."""
    if isinstance(exc, DatabaseFault):
        return exc
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in _PG_STATES:
        cls, message = _PG_STATES[state]
        return cls(message)
    text = str(orig).lower()
    for needle, cls, message in _SQLITE_TEXTS:
        if needle in text:
            return cls(message)
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return DatabaseUnreachable(UNREACHABLE)
    if _is_connect_failure(orig):
        return DatabaseUnreachable(UNREACHABLE)
    return None


def _is_connect_failure(orig: BaseException) -> bool:
    # psycopg raises OperationalError with no SQLSTATE when the server cannot be reached at all.
    name = type(orig).__name__
    text = str(orig).lower()
    return name == "OperationalError" and any(
        s in text for s in ("connection refused", "could not connect", "timeout expired", "connection failed")
    )


def is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, SQLAlchemyError | sqlite3.Error)


def _translate(context: ExceptionContext) -> None:
    fault = classify(context.original_exception)
    if fault is not None:
        raise fault from context.original_exception


def install(engine: Engine) -> Engine:
    """Raise a DatabaseFault in place of every recognised driver error on this engine."""
    event.listen(engine, "handle_error", _translate)
    return engine
