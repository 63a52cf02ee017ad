"""Time to a settled page in headless Chromium, for every viewer page, against a bare Streamlit page
with the same number of Plotly charts from an in-memory frame (bench/bare_charts.py).

Both servers run in the same run; each repetition opens a fresh browser context (a new session)
and waits until the script has finished, no skeleton is left and every visible chart has drawn.
The real page is timed first (cold caches, not counted), its visible charts counted, then the two
are timed interleaved. Prints one RATIO line per page (goal <= 1.3x). A measurement, not a test.

    .venv/bin/python bench/pages_browser.py [--repeat 5] [--database-url URL]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script: make the repo (tests.browser.server) importable
sys.path.insert(0, str(REPO / "bench"))

from _common import verdict  # noqa: E402
from overview_browser import CHROMIUM, SETTLE_TIMEOUT_MS, database, loopback_only  # noqa: E402

from tests.browser.server import start_streamlit, stop_streamlit  # noqa: E402

GOAL = 1.3
PAGES = {
    "overview": "/",
    "indicator": "/indicator?id=neet_16_17",
    "cohorts": "/cohorts",
    "disproportionality": "/disproportionality",
    "disproportionality (example stages)": "/disproportionality?show=example",
    "action plan": "/action-plan",
    "meeting pack": "/meeting-pack",
    "about the data": "/about",
    "symbols": "/symbols",
    "accessibility": "/accessibility",
    "cookies and privacy": "/privacy",
    "support": "/support",
    "sign in": "/sign-in",
}
# Settled: script finished, connected, a page title, no skeleton, every visible Plotly chart drawn
# (a chart in a hidden tab draws when its tab opens) and every metric sparkline drawn.
SETTLED_JS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.dataset.testScriptState !== 'notRunning'
      || app.dataset.testConnectionState !== 'CONNECTED') return false;
  if (!document.querySelector("[data-testid='stMain'] h1")) return false;
  if (document.querySelector("[data-testid='stSkeleton']")) return false;
  const plots = [...document.querySelectorAll("[data-testid='stPlotlyChart']")].filter(p => p.offsetParent);
  const sparks = [...document.querySelectorAll("[data-testid='stMetricChart']")];
  return plots.every(p => p.querySelector('.main-svg')) && sparks.every(c => c.querySelector('svg, canvas'));
}"""
CHARTS_JS = "() => [...document.querySelectorAll(\"[data-testid='stPlotlyChart']\")].filter(p => p.offsetParent).length"


def settle(browser: Browser, url: str) -> tuple[float, int]:
    """Seconds to a settled page in a fresh context, and how many Plotly charts it shows."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.route("**/*", loopback_only)
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url, timeout=SETTLE_TIMEOUT_MS)
        page.wait_for_function(SETTLED_JS, timeout=SETTLE_TIMEOUT_MS, polling="raf")
        return time.perf_counter() - started, int(page.evaluate(CHARTS_JS))
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed repetitions per page (default 5)")
    parser.add_argument("--database-url", help="the app's database (default: DATABASE_URL or data/)")
    parser.add_argument("--page", action="append", choices=list(PAGES), help="only these pages")
    args = parser.parse_args()
    pages = {name: PAGES[name] for name in args.page or PAGES}

    with tempfile.TemporaryDirectory(prefix="ysd-bench-pages-") as tmp:
        workdir = Path(tmp)
        env = {"DATABASE_URL": database(args, workdir)}
        servers = []
        lines = []
        try:
            servers.append(start_streamlit("app.py", workdir, env, workdir / "app.log"))
            servers.append(start_streamlit("bench/bare_charts.py", workdir, {}, workdir / "bare.log"))
            (_, app_url), (_, bare_url) = servers
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM,
                    headless=True,
                    args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
                )
                for name, path in pages.items():
                    cold, charts = settle(browser, app_url + path)  # fills the app's caches
                    bare = f"{bare_url}/?charts={max(charts, 1)}"
                    settle(browser, bare)
                    app_times, bare_times = [], []
                    for _ in range(args.repeat):  # interleaved, so background load hits both alike
                        app_times.append(settle(browser, app_url + path)[0])
                        bare_times.append(settle(browser, bare)[0])
                    ratio = statistics.median(app_times) / statistics.median(bare_times)
                    timed = ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(app_times, bare_times, strict=True))
                    print(f"{name}: {charts} chart(s); cold {cold:.2f} s; page/bare {timed} s", flush=True)
                    shape = f"{name} ({charts} charts)/bare page with {max(charts, 1)}"
                    lines.append(f"  RATIO settled {shape}: {ratio:.2f}x  {verdict(ratio, GOAL, False)}")
                browser.close()
        finally:
            for proc, _ in servers:
                stop_streamlit(proc)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
