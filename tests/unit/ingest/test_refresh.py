"""`refresh` against recorded publisher responses served on 127.0.0.1 (no test touches the internet).

The recordings in tests/data/refresh follow the documented shapes: the Fingertips API's
``all_data/csv/by_indicator_id`` CSV (the website's export columns) and the Explore Education
Statistics v1 API's publication list, data-set list (JSON) and ``data-sets/{id}/csv``.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

RECORDED = Path(__file__).resolve().parents[2] / "data" / "refresh"
ROUTES = {
    "/all_data/csv/by_indicator_id": ("text/csv", "fingertips_all_data.csv"),
    "/v1/publications": ("application/json", "ees_publications.json"),
    "/v1/publications/0f0c5a2e-2f1b-4d9b-9a37-0e4b1f1a6b01/data-sets": ("application/json", "ees_data_sets.json"),
    "/v1/data-sets/7b3a9d3e-6c1f-4f0e-8b0a-3d7b2a1c9e55/csv": ("text/csv", "ees_dataset_neet.csv"),
}


class _Publisher(BaseHTTPRequestHandler):
    mode = "ok"  # "ok", "500" or "slow"
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = urlparse(self.path).path
        type(self).seen.append(self.path)
        if self.mode == "slow":
            time.sleep(2)
        if self.mode == "500" or path not in ROUTES:
            self.send_response(500 if self.mode == "500" else 404)
            self.end_headers()
            return
        content_type, name = ROUTES[path]
        body = (RECORDED / name).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def publisher():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Publisher)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Publisher.mode, _Publisher.seen = "ok", []
    yield _Publisher, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_dry_run_reports_what_would_change_and_writes_nothing(publisher, cli) -> None:
    handler, url = publisher
    before = cli("versions").stdout
    result = cli("refresh", "--dry-run", "--base-url", url)
    assert result.returncode == 0, result.stderr
    assert "fingertips-10401.csv: fingertips format" in result.stdout
    assert "ees-7b3a9d3e-6c1f-4f0e-8b0a-3d7b2a1c9e55.csv: ees format, 25 rows valid" in result.stdout
    assert "Dry run: no data was written." in result.stdout
    assert cli("versions").stdout == before
    assert any("indicator_ids=10401" in p and "child_area_type_id=502" in p for p in handler.seen)


def test_refresh_commits_then_has_nothing_to_do(publisher, cli) -> None:
    _, url = publisher
    first = cli("refresh", "--source", "fingertips", "--base-url", url, "--user", "robot")
    assert first.returncode == 0, first.stderr
    assert "Committed version 2" in first.stdout
    again = cli("refresh", "--source", "fingertips", "--base-url", url)
    assert again.returncode == 0 and "Nothing to do" in again.stdout
    assert cli("versions").stdout.splitlines()[0].startswith("2\t")


@pytest.mark.parametrize("mode,says", [("500", "HTTP 500 after 3 attempt(s)"), ("slow", "no answer within 0.5 s")])
def test_a_failing_publisher_leaves_the_store_unchanged_with_a_clear_message(publisher, cli, mode, says) -> None:
    handler, url = publisher
    handler.mode = mode
    before = cli("versions").stdout
    result = cli("refresh", "--base-url", url, "--timeout", "0.5")
    assert result.returncode == 1
    assert "error: the publisher could not be read:" in result.stderr and says in result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert cli("versions").stdout == before


def test_a_refresh_that_looked_records_the_publishers_latest_periods(publisher, cli, tmp_path: Path) -> None:
    """Even a dry run notes what the publishers offer (not their data), for the overview's flag."""
    _, url = publisher
    result = cli("refresh", "--dry-run", "--base-url", url)
    assert result.returncode == 0, result.stderr
    assert "Publishers' latest periods noted for" in result.stdout
    with sqlite3.connect(tmp_path / "cli.sqlite") as conn:
        seen = dict(conn.execute("SELECT indicator_id, period FROM publisher_check").fetchall())
    # the recordings: Fingertips 10401 (first-time entrants) runs to 2024; the EES NEET file is 2025
    assert seen["first_time_entrants"] == "2024"
    assert seen.get("neet_16_17") == "2025" or any(k.startswith("neet") and v == "2025" for k, v in seen.items())
