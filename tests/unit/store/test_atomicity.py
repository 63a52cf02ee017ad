"""Nothing is lost: a killed commit leaves the store as it was; two uploads at once serialise."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from indicators.services import uploads
from indicators.store import queries
from tests.conftest import REPO_ROOT

HEADER = (
    "indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci,note\n"
)

KILL_SCRIPT = """
import sys, time
from pathlib import Path
from indicators.services import uploads
from indicators.store.db import make_engine
from indicators.store import writes as loader

marker = Path(sys.argv[3])
real_insert = loader._bulk_insert

def insert_then_hang(session, records):
    real_insert(session, records[: len(records) // 2])   # half the rows are in the open transaction
    session.flush()
    marker.write_text("inserting")
    time.sleep(120)                                      # killed here

loader._bulk_insert = insert_then_hang
engine = make_engine(sys.argv[1])
data = Path(sys.argv[2]).read_bytes()
uploads.commit(engine, uploads.parse(data, "big.csv"), user="doomed")
"""


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


# Distinct observations without future periods (refused since issue 17): 36 financial years
# (1990/91-2025/26) x the regions and sub-regions, numbered from ``start``.
_AREAS = [f"E1200000{i}" for i in range(1, 10)] + ["E13000001", "E13000002", "E92000001", "E09000019"]


def _rows(n: int, start: int = 0) -> str:
    lines = [HEADER]
    for i in range(start, start + n):
        year, area = 1990 + i % 36, _AREAS[i // 36]
        lines.append(f"serious_youth_violence,{year}/{str(year + 1)[2:]},{area},,all,all,{100 + i},,,,,\n")
    return "".join(lines)


def _snapshot(engine):
    with engine.connect() as conn:
        return (
            queries.versions(conn)[["id", "is_current"]].to_dict("records"),
            queries.observations(conn).to_dict("records"),
        )


def test_sigkill_during_commit_leaves_the_store_as_it_was(empty_engine, tmp_path: Path) -> None:
    uploads.commit(empty_engine, uploads.parse(_rows(3).encode(), "first.csv"), user="t")
    before = _snapshot(empty_engine)
    big = tmp_path / "big.csv"
    big.write_text(_rows(40, start=100), encoding="utf-8")
    marker = tmp_path / "marker"
    script = tmp_path / "kill_me.py"
    script.write_text(KILL_SCRIPT, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), _url(empty_engine), str(big), str(marker)],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, "the upload process ended before it was killed"
        assert time.monotonic() < deadline, "the upload never reached the insert"
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    empty_engine.dispose()
    assert _snapshot(empty_engine) == before


def test_two_uploads_at_once_serialise(empty_engine, tmp_path: Path) -> None:
    uploads.commit(empty_engine, uploads.parse(_rows(3).encode(), "first.csv"), user="t")
    files = []
    for name, start in (("a.csv", 3), ("b.csv", 203)):
        path = tmp_path / name
        path.write_text(_rows(200, start=start), encoding="utf-8")
        files.append(path)
    env = {**os.environ, "DATABASE_URL": _url(empty_engine)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "indicators", "ingest", str(f), "--user", f.stem],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    with empty_engine.connect() as conn:
        versions = queries.versions(conn).sort_values("id")
        live = queries.observations(conn, indicator_ids=["serious_youth_violence"])
    assert len(versions) == 3
    seed, first, second = versions.to_dict("records")
    assert first["parent_id"] == seed["id"]
    assert second["parent_id"] == first["id"], "the second upload builds on the first, not beside it"
    assert [first["is_current"], second["is_current"]] == [False, True]
    assert len(live) == 403
