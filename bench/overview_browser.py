"""Time to a settled overview in headless Chromium: the real app against a bare Streamlit page.

Both are served by `streamlit run` on free loopback ports in the same run; each repetition opens a
fresh browser context (a new Streamlit session) and waits until the script has finished, no
skeleton is left and every chart has drawn. Prints the medians and their ratio (goal <= 1.3x).
A measurement, not a test: it exits 0 whatever the ratio.

    .venv/bin/python bench/overview_browser.py [--repeat 5] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, Route, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script: make the repo (tests.browser.server) importable

from tests.browser.server import start_streamlit, stop_streamlit  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
from _common import verdict  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
GOAL = 1.3
SETTLE_TIMEOUT_MS = 180_000
# Settled: script finished, no skeletons, at least `min` cards, and every chart has drawn: plotly
# charts and st.metric's own sparklines, which Vega draws after the script has finished (the bare
# page's 14 were still empty when an earlier version of this check stopped the clock).
SETTLED_JS = """min => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.dataset.testScriptState !== 'notRunning'
      || app.dataset.testConnectionState !== 'CONNECTED') return false;
  if (document.querySelector("[data-testid='stSkeleton']")) return false;
  const cards = document.querySelectorAll(
      "[data-testid='stMain'] [data-testid='stMetric'], [data-testid='stMain'] [data-testid='stPageLink']");
  if (cards.length < min) return false;
  const plots = [...document.querySelectorAll("[data-testid='stPlotlyChart']")];
  const sparks = [...document.querySelectorAll("[data-testid='stMetricChart']")];
  return plots.every(p => p.querySelector('.main-svg')) && sparks.every(c => c.querySelector('svg, canvas'));
}"""


def loopback_only(route: Route) -> None:
    host = urllib.parse.urlparse(route.request.url).hostname
    if host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()


def time_to_settled(browser: Browser, url: str, min_cards: int) -> float:
    """Seconds from navigation to a settled page, in a fresh context (a new Streamlit session)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.route("**/*", loopback_only)
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url, timeout=SETTLE_TIMEOUT_MS)
        page.wait_for_function(SETTLED_JS, arg=min_cards, timeout=SETTLE_TIMEOUT_MS, polling="raf")
        return time.perf_counter() - started
    finally:
        context.close()


def database(args: argparse.Namespace, workdir: Path) -> str:
    """A private copy of the app's SQLite database, so the benchmark never writes to the real one."""
    url = args.database_url or os.environ.get("DATABASE_URL") or "sqlite:///data/youth_safety.sqlite"
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return url  # a server database: read-only use by the overview
    path = Path(url[len(prefix) :])
    path = path if path.is_absolute() else REPO / path
    copy = workdir / "bench.sqlite"
    if path.exists():
        shutil.copy(path, copy)
    else:
        print(f"{path} does not exist: loading the default dataset into a temporary copy…", flush=True)
        subprocess.run(
            [sys.executable, "-m", "indicators", "init"],
            cwd=REPO,
            check=True,
            timeout=600,
            env={**os.environ, "DATABASE_URL": f"{prefix}{copy}"},
        )
    return f"{prefix}{copy}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed repetitions per page (default 5)")
    parser.add_argument("--database-url", help="the app's database (default: DATABASE_URL or data/)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ysd-bench-") as tmp:
        workdir = Path(tmp)
        env = {"DATABASE_URL": database(args, workdir)}
        servers = []
        try:
            servers.append(start_streamlit("app.py", workdir, env, workdir / "app.log"))
            servers.append(start_streamlit("bench/bare_overview.py", workdir, {}, workdir / "bare.log"))
            (_, app_url), (_, bare_url) = servers
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM,
                    headless=True,
                    args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
                )
                first_app = time_to_settled(browser, app_url, 14)  # cold: fills the app's caches
                first_bare = time_to_settled(browser, bare_url, 14)
                app_times, bare_times = [], []
                for _ in range(args.repeat):  # interleaved, so background load hits both alike
                    app_times.append(time_to_settled(browser, app_url, 14))
                    bare_times.append(time_to_settled(browser, bare_url, 14))
                browser.close()
        finally:
            for proc, _ in servers:
                stop_streamlit(proc)

    app_median, bare_median = statistics.median(app_times), statistics.median(bare_times)
    ratio = app_median / bare_median
    print(f"first load (cold caches): overview {first_app:.2f} s, bare {first_bare:.2f} s")
    print(f"overview: median {app_median:.2f} s over {args.repeat} ({', '.join(f'{t:.2f}' for t in app_times)})")
    print(f"bare:     median {bare_median:.2f} s over {args.repeat} ({', '.join(f'{t:.2f}' for t in bare_times)})")
    print(f"  RATIO settled overview/bare page in a browser: {ratio:.2f}x  {verdict(ratio, GOAL, False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
