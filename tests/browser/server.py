"""Start and stop a real Streamlit server on a free loopback port (browser tests and bench/).

The dashboard starts as users start it (`python -m indicators serve`, which is `streamlit run
app.py` with deep links fixed); any other script with plain `streamlit run`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER_START_TIMEOUT_S = 120


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)  # polling an HTTP endpoint: there is no event to await
    raise RuntimeError(f"streamlit not healthy after {SERVER_START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


def start_streamlit(
    script: str, workdir: Path, env: dict[str, str], log: Path, cwd: Path = REPO_ROOT
) -> tuple[subprocess.Popen, str]:
    """Start the script on a free loopback port; return the process and its base URL."""
    port = _free_port()
    launcher = ["indicators", "serve"] if script == "app.py" else ["streamlit", "run", script]
    cmd = [
        sys.executable,
        "-m",
        *launcher,
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # Other people edit the source while tests run: never rerun on their saves.
        "--server.fileWatcherType",
        "none",
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
    except BaseException:
        stop_streamlit(proc)
        raise
    return proc, url


def stop_streamlit(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)
