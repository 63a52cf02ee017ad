"""`python -m indicators actions`: every action with its strand and latest status, as JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import Engine

from indicators.services import actions as tracker
from tests.strategy_facts import STRAND_COUNTS

ROOT = Path(__file__).resolve().parents[2]


def _actions(engine: Engine, fmt: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    return subprocess.run(
        [sys.executable, "-m", "indicators", "actions", "--format", fmt],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_json_lists_every_action_with_strand_and_latest_status(seeded_engine: Engine) -> None:
    tracker.commit_status_updates(
        seeded_engine, b"action_id,status,date\nsupport-03,complete,2021-06-30\n", "status.csv", "analyst1"
    )
    out = _actions(seeded_engine, "json")
    assert out.returncode == 0, out.stderr
    records = json.loads(out.stdout)
    assert isinstance(records, list) and len(records) == 57
    assert Counter(r["strand"] for r in records) == STRAND_COUNTS
    assert all({"action_id", "strand", "action", "latest_status", "overdue"} <= r.keys() for r in records)
    by_id = {r["action_id"]: r for r in records}
    assert by_id["support-03"]["latest_status"] == "complete"
    assert by_id["support-03"]["status_date"] == "2021-06-30"
    assert by_id["prevention-01"]["latest_status"] == tracker.NOT_REPORTED


def test_csv_lists_every_action(seeded_engine: Engine) -> None:
    out = _actions(seeded_engine, "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == 57
    assert Counter(r["strand"] for r in rows) == STRAND_COUNTS
    assert {"action_id", "strand", "latest_status"} <= rows[0].keys()


def test_unknown_format_is_a_usage_error(seeded_engine: Engine) -> None:
    out = _actions(seeded_engine, "xml")
    assert out.returncode == 2
