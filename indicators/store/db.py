"""Engine and sessions from settings; upgrades the schema with Alembic."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from indicators.settings import get_settings
from indicators.store import faults

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Bounded waits: a writer queues behind another upload for this long, then gets a clear "locked" error
# (uploads of the default dataset commit in seconds; a wait of a minute or more looked like a hang).
LOCK_WAIT_S = 20
CONNECT_TIMEOUT_S = 10


def make_engine(url: str, lock_wait_s: float = LOCK_WAIT_S) -> Engine:
    """An engine whose waits are bounded and whose driver errors arrive as DatabaseFault messages."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": lock_wait_s})
        event.listen(engine, "connect", _sqlite_pragmas)
        return faults.install(engine)
    # lock_timeout bounds the wait for the upload lock and row locks; no statement_timeout, since a
    # national upload's COPY legitimately runs for minutes.
    options = f"-c lock_timeout={int(lock_wait_s * 1000)}"
    connect_args = {"connect_timeout": CONNECT_TIMEOUT_S, "options": options} if "postgresql" in url else {}
    return faults.install(create_engine(url, pool_pre_ping=True, connect_args=connect_args))


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    # WAL lets readers carry on while an upload commits; foreign keys are off by default in SQLite.
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


@cache
def engine_for(url: str) -> Engine:
    return make_engine(url)


def get_engine() -> Engine:
    return engine_for(get_settings().resolved_database_url)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on any error."""
    factory = sessionmaker(bind=engine or get_engine(), expire_on_commit=False)
    with factory() as session, session.begin():
        yield session


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
