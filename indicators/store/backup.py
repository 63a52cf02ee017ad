"""Backup and health check of the store: an online copy of SQLite, pg_dump for PostgreSQL, invariants.

The online backup API copies a consistent snapshot while the app keeps serving (WAL readers and
writers are not stopped); a plain file copy of a WAL database can miss committed pages.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.engine import make_url

from indicators.errors import DatabaseFault, IndicatorError
from indicators.store.models import ActionStatus, DatasetVersion, Observation
from indicators.store.queries import live, version_chain

PG_DUMP_TIMEOUT_S = 3600


def pg_dump_command(url: str, dest: Path) -> list[str]:
    """The pg_dump call that backs up this PostgreSQL database (password via PGPASSWORD, not argv)."""
    u = make_url(url)
    cmd = ["pg_dump", "--format=custom", f"--file={dest}", f"--dbname={u.database}"]
    cmd += [f"--host={u.host}"] if u.host else []
    cmd += [f"--port={u.port}"] if u.port else []
    cmd += [f"--username={u.username}"] if u.username else []
    return cmd


def backup(engine: Engine, dest: Path) -> str:
    """Copy the whole database to ``dest`` (a new SQLite file, or a pg_dump archive for PostgreSQL)."""
    if engine.dialect.name == "postgresql":
        return _pg_backup(engine, dest)
    source = engine.url.database
    if not source or source == ":memory:":
        raise IndicatorError("an in-memory database has nothing to back up")
    if dest.resolve() == Path(source).resolve():
        raise IndicatorError(f"{dest} is the database itself; choose another file for the backup")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        target = sqlite3.connect(tmp)
        try:
            raw.backup(target)  # type: ignore[union-attr]
            # A backup in WAL mode would need its -wal file beside it; a single self-contained file is safer to move.
            target.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error as exc:
            tmp.unlink(missing_ok=True)
            raise DatabaseFault(f"the backup to {dest} failed: {exc}") from exc
        finally:
            target.close()
    tmp.replace(dest)
    return f"Backed up {source} to {dest} ({dest.stat().st_size:,} bytes)."


def _pg_backup(engine: Engine, dest: Path) -> str:
    cmd = pg_dump_command(engine.url.render_as_string(hide_password=False), dest)
    printable = " ".join(cmd)
    if shutil.which("pg_dump") is None:
        raise IndicatorError(f"pg_dump is not installed here; on a machine that has it run: {printable}")
    env = {**os.environ, **({"PGPASSWORD": engine.url.password} if engine.url.password else {})}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=PG_DUMP_TIMEOUT_S, check=False)
    if done.returncode != 0:
        raise DatabaseFault(f"pg_dump failed ({done.stderr.strip()[:300]}); the command was: {printable}")
    return f"Backed up with: {printable}"


def check(engine: Engine) -> list[str]:
    """Every problem found: file integrity (SQLite) and the store's invariants. Empty means healthy."""
    with engine.connect() as conn:
        problems = _sqlite_integrity(conn) if engine.dialect.name == "sqlite" else []
        if problems:
            return problems  # invariants read through a damaged file would only add noise
        return problems + _version_problems(conn) + _row_problems(conn)


def _sqlite_integrity(conn: Connection) -> list[str]:
    rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
    problems = [f"integrity: {r}" for r in rows if r != "ok"]
    for table, rowid, parent, _ in conn.execute(text("PRAGMA foreign_key_check")):
        problems.append(f"orphan row: {table} rowid {rowid} points at a missing {parent}")
    return problems


def _version_problems(conn: Connection) -> list[str]:
    parents = dict(conn.execute(select(DatasetVersion.id, DatasetVersion.parent_id)).all())
    if not parents:
        return []
    problems = []
    current = conn.execute(select(DatasetVersion.id).where(DatasetVersion.is_current == True)).scalars().all()  # noqa: E712
    if len(current) != 1:
        problems.append(f"versions: {len(current)} current versions (exactly one expected): {sorted(current)}")
    for vid, parent in parents.items():
        if parent is not None and parent not in parents:
            problems.append(f"versions: version {vid}'s parent {parent} does not exist")
        elif parent is not None and parent >= vid:
            problems.append(f"versions: version {vid}'s parent {parent} is not older than it")
    if len(current) == 1 and not problems:
        chain = set(version_chain(conn, current[0]))
        stray = conn.execute(
            select(Observation.version_id, func.count())
            .where(live(), Observation.version_id.not_in(chain))
            .group_by(Observation.version_id)
        ).all()
        problems += [f"rows: {n} live row(s) of version {v}, outside the current version's chain" for v, n in stray]
    return problems


def _row_problems(conn: Connection) -> list[str]:
    key = (Observation.indicator_id, Observation.area_code, Observation.cohort_id, Observation.period_id)
    dupes = conn.execute(
        select(func.count()).select_from(select(*key).where(live()).group_by(*key).having(func.count() > 1).subquery())
    ).scalar_one()
    problems = [f"rows: {dupes} key(s) with more than one live row"] if dupes else []
    versions = select(DatasetVersion.id)
    for label, column in (("observation", Observation.version_id), ("action status", ActionStatus.version_id)):
        orphans = conn.execute(select(func.count()).where(column.is_not(None), column.not_in(versions))).scalar_one()
        if orphans:
            problems.append(f"rows: {orphans} {label} row(s) of a version that does not exist")
    return problems
