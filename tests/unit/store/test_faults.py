"""Database faults end in a clear message and exit 1 within a bounded wait; backup and check (issue 22)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from indicators.errors import DatabaseCorrupt, DatabaseFull, DatabaseLocked, DatabaseReadOnly
from indicators.store import backup as store_backup
from indicators.store import faults
from indicators.store.backup import check
from indicators.store.db import make_engine
from tests.conftest import REPO_ROOT, SEEDED_DB

GOOD = (
    "indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci,note\n"
    "serious_youth_violence,2025/26,E09000019,Islington,all,all,150,,,,,\n"
)
HOLD = """
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA locking_mode=EXCLUSIVE")
c.execute("BEGIN EXCLUSIVE")
print("held", flush=True)
time.sleep(120)
"""


def _cli(db: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    return subprocess.Popen(
        [sys.executable, "-m", "indicators", *args],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(procs: dict[str, subprocess.Popen], limit_s: float) -> dict[str, tuple[int, str]]:
    start = time.monotonic()
    out = {name: p.communicate(timeout=limit_s + 30) for name, p in procs.items()}
    elapsed = time.monotonic() - start
    assert elapsed < limit_s, f"the commands took {elapsed:.0f} s"
    return {name: (procs[name].returncode, err) for name, (_o, err) in out.items()}


@pytest.fixture
def good_csv(tmp_path: Path) -> Path:
    path = tmp_path / "good.csv"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_a_corrupt_file_is_a_clear_error_for_every_command(tmp_path: Path, good_csv: Path) -> None:
    db = tmp_path / "corrupt.sqlite"
    db.write_bytes(b"this is not a database " * 400)
    commands = {
        "versions": ["versions"],
        "export": ["export"],
        "ingest": ["ingest", str(good_csv)],
        "init": ["init"],
        "check": ["check"],
    }
    results = _finish({n: _cli(db, *a) for n, a in commands.items()}, limit_s=60)
    for name, (rc, err) in results.items():
        assert rc == 1, (name, err)
        assert "the database file is damaged" in err and "backup" in err, (name, err)
        assert "Traceback" not in err, (name, err)


def test_a_database_held_by_an_exclusive_lock_is_a_clear_error_within_60_s(tmp_path: Path, good_csv: Path) -> None:
    db = tmp_path / "held.sqlite"
    shutil.copy(SEEDED_DB, db)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        results = _finish({"versions": _cli(db, "versions"), "ingest": _cli(db, "ingest", str(good_csv))}, limit_s=60)
    finally:
        holder.kill()
        holder.wait()
    for name, (rc, err) in results.items():
        assert rc == 1, (name, err)
        assert "locked" in err and "try again in a minute" in err and "Traceback" not in err, (name, err)


def test_a_damaged_page_inside_a_database_is_found_by_check(tmp_path: Path) -> None:
    db = tmp_path / "damaged.sqlite"
    shutil.copy(SEEDED_DB, db)
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(20 * page, 40 * page, page):  # scribble over b-tree pages, keep the header
        data[offset : offset + 64] = b"\xff" * 64
    db.write_bytes(bytes(data))
    engine = make_engine(f"sqlite:///{db}", lock_wait_s=1)
    try:
        problems = check(engine)
    except DatabaseCorrupt:
        problems = ["raised"]
    finally:
        engine.dispose()
    assert problems, "scribbled pages must not pass the integrity check"


def test_writes_to_a_read_only_database_say_so(tmp_path: Path) -> None:
    db = tmp_path / "ro.sqlite"
    shutil.copy(SEEDED_DB, db)
    engine = make_engine(f"sqlite:///file:{db}?mode=ro&uri=true", lock_wait_s=1)
    with pytest.raises(DatabaseReadOnly, match="cannot be written"), engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event"))
    engine.dispose()


def test_a_full_disk_says_so(tmp_path: Path) -> None:
    db = tmp_path / "full.sqlite"
    shutil.copy(SEEDED_DB, db)
    engine = make_engine(f"sqlite:///{db}", lock_wait_s=1)
    # SQLITE_FULL without filling a real disk: cap the file at its current size.
    with pytest.raises(DatabaseFull, match="disk .* is full"), engine.begin() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar_one()
        conn.execute(text(f"PRAGMA max_page_count={pages}"))
        conn.execute(text("CREATE TABLE filler (x BLOB)"))
        conn.execute(text("INSERT INTO filler VALUES (zeroblob(10000000))"))
    engine.dispose()


def test_a_second_writer_waits_only_the_bounded_time(tmp_path: Path) -> None:
    db = tmp_path / "busy.sqlite"
    shutil.copy(SEEDED_DB, db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    engine = make_engine(f"sqlite:///{db}", lock_wait_s=1)
    start = time.monotonic()
    try:
        with pytest.raises(DatabaseLocked, match="another upload"), engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_event"))
    finally:
        holder.rollback()
        holder.close()
        engine.dispose()
    assert time.monotonic() - start < 10


@pytest.mark.parametrize(
    ("sqlstate", "expected"),
    [
        ("55P03", "locked"),
        ("25006", "cannot be written"),
        ("53100", "full"),
        ("XX001", "damaged"),
        ("08006", "cannot be reached"),
    ],
)
def test_postgresql_sqlstates_become_the_same_messages(sqlstate: str, expected: str) -> None:
    class FakeDriverError(Exception):
        pass

    err = FakeDriverError("server said no")
    err.sqlstate = sqlstate  # type: ignore[attr-defined]
    fault = faults.classify(err)
    assert fault is not None and expected in str(fault)


def test_backup_is_a_database_another_process_reads_the_same(tmp_path: Path) -> None:
    db, copy = tmp_path / "live.sqlite", tmp_path / "backups" / "copy.sqlite"
    shutil.copy(SEEDED_DB, db)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}

    def run(url_db: Path, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "indicators", *args],
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            env={**env, "DATABASE_URL": f"sqlite:///{url_db}"},
            timeout=300,
        )

    made = run(db, "backup", str(copy))
    assert made.returncode == 0, made.stderr
    assert copy.is_file() and not copy.with_name(copy.name + "-wal").exists()
    original, restored = run(db, "versions"), run(copy, "versions")
    assert original.returncode == restored.returncode == 0
    assert original.stdout and restored.stdout == original.stdout
    assert run(copy, "check").returncode == 0


def test_backup_refuses_to_overwrite_the_database_itself(tmp_path: Path) -> None:
    db = tmp_path / "self.sqlite"
    shutil.copy(SEEDED_DB, db)
    done = subprocess.run(
        [sys.executable, "-m", "indicators", "backup", str(db)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{db}"},
        timeout=300,
    )
    assert done.returncode == 1 and "is the database itself" in done.stderr


def test_check_finds_broken_invariants(tmp_path: Path) -> None:
    db = tmp_path / "broken.sqlite"
    shutil.copy(SEEDED_DB, db)
    engine = make_engine(f"sqlite:///{db}")
    assert check(engine) == []
    engine.dispose()
    raw = sqlite3.connect(db)  # foreign keys off: the damage a bad manual edit or restore could do
    raw.execute(
        "INSERT INTO dataset_version (parent_id, kind, file_name, sha256, format, user, created_at, "
        "rows_added, rows_changed, rows_unchanged, indicator_ids, is_current, note) "
        "VALUES (999, 'upload', 'x.csv', 'x', 'native', 'x', '2026-01-01', 0, 0, 0, '', 1, '')"
    )
    raw.execute("UPDATE observation SET version_id = 12345 WHERE id = (SELECT min(id) FROM observation)")
    raw.commit()
    raw.close()
    engine = make_engine(f"sqlite:///{db}")
    try:
        problems = "\n".join(check(engine))
        with engine.connect() as conn:  # the invariants, beyond SQLite's own foreign-key report
            versions = "\n".join(store_backup._version_problems(conn))
            rows = "\n".join(store_backup._row_problems(conn))
    finally:
        engine.dispose()
    assert "orphan row" in problems
    assert "2 current versions" in versions and "parent 999 does not exist" in versions
    assert "1 observation row(s) of a version that does not exist" in rows


def test_versions_stay_one_line_each_whatever_the_file_name(tmp_path: Path, cli) -> None:
    odd = tmp_path / "march\nfigures\t(final).csv"
    odd.write_text(GOOD, encoding="utf-8")
    run = cli

    assert run("ingest", str(odd), "--user", "ann\nbob").returncode == 0
    lines = run("versions").stdout.splitlines()
    assert len(lines) == 2, lines
    assert all(len(line.split("\t")) == 5 for line in lines)
    assert "march\\nfigures\\t(final).csv" in lines[0] and "ann\\nbob" in lines[0]
