"""Several app processes behind nginx on one PostgreSQL (scripts/serve_many.sh, issue 22): the way the
README documents for serving a council meeting and the public at once. A real browser reaches the
pages through nginx, websocket included, and a session stays on its process (ip_hash)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import open_page
from tests.browser.server import _free_port
from tests.conftest import REPO_ROOT, _postgres_url, _reset_postgres

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
START_TIMEOUT_S = 240  # `init` seeds PostgreSQL, then two app processes start on 2 busy cores


class _Via:
    def __init__(self, url: str) -> None:
        self.url = url


def _wait_for(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve_many.sh exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)  # polling nginx's port: there is no event to await
    raise AssertionError(f"nothing answered at {url} after {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def balanced(tmp_path: Path):
    url = _postgres_url()
    if url is None:
        pytest.skip("TEST_POSTGRES_URL not set (scripts/test.sh sets it; CI always does)")
    _reset_postgres(url).dispose()
    listen, first = _free_port(), _free_port()
    log = tmp_path / "serve_many.log"
    env = {**os.environ, "DATABASE_URL": url, "LISTEN_PORT": str(listen), "PY": sys.executable}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            ["bash", "scripts/serve_many.sh", "2", str(first)],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # one signal stops the script, both apps and nginx
        )
    try:
        _wait_for(f"http://127.0.0.1:{listen}/_stcore/health", proc, log)
        yield f"http://127.0.0.1:{listen}", log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_pages_work_through_nginx_with_two_app_processes(balanced, page: Page) -> None:
    base, log = balanced
    text = log.read_text()
    assert "app process 2 of 2 healthy" in text and "nginx on :" in text, text[-2000:]
    via = _Via(base)
    open_page(page, via, "/")  # type: ignore[arg-type]  # open_page needs only .url
    expect(page.locator("[data-testid='stMain'] h1").first).to_contain_text("Youth")
    open_page(page, via, "/indicator?id=neet_16_17")  # type: ignore[arg-type]
    expect(page.get_by_text("not found")).to_have_count(0)
    # the websocket passed through: the script ran and reported back to the page
    assert page.locator("[data-testid='stApp']").get_attribute("data-test-connection-state") == "CONNECTED"
