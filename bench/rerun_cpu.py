"""Server CPU seconds per rerun of the overview and an indicator page (issue 22), and where it goes.

CPU time is steadier than wall time on a shared machine: this starts the real app (as
bench/serve_load.py does) on a copy of the default dataset, warms the caches, then asks one session
for N reruns of each page and divides the server process's user+system CPU time by N.
With --profile, runs the page N times in-process (streamlit AppTest, warm) under cProfile and prints
the functions with the most cumulative time instead (AppTest's own work shows there too).

    .venv/bin/python bench/rerun_cpu.py [--reruns 20] [--profile overview|indicator]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

import websockets

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from serve_load import PAGES, rerun  # noqa: E402

from indicators.services.bootstrap import init_database  # noqa: E402
from indicators.settings import get_settings  # noqa: E402
from indicators.store.db import make_engine  # noqa: E402
from tests.browser.server import start_streamlit, stop_streamlit  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
IDLE_S = 5.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (/proc/PID/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


async def per_page(url: str, pid: int, reruns: int) -> None:
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60) as ws:
        for page, query in PAGES * 2:  # warm: first run of each page per data version, role and choice
            await rerun(ws, page, query)
        before = cpu_seconds(pid)
        await asyncio.sleep(IDLE_S)
        idle = (cpu_seconds(pid) - before) / IDLE_S
        print(f"server CPU while idle: {idle * 1000:.0f} ms per second (background threads)")
        for page, query in PAGES:
            before, wall = cpu_seconds(pid), 0.0
            for _ in range(reruns):
                wall += await rerun(ws, page, query)
            cpu = (cpu_seconds(pid) - before) / reruns
            print(f"/{page}?{query}: server CPU {cpu * 1000:.0f} ms per rerun, wall {wall / reruns * 1000:.0f} ms")


def serve(reruns: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="ysd-rerun-cpu-"))
    url = f"sqlite:///{work / 'cpu.sqlite'}"
    engine = make_engine(url)
    init_database(engine, get_settings())
    engine.dispose()
    proc, base_url = start_streamlit("app.py", work, {"DATABASE_URL": url}, work / "server.log")
    try:
        asyncio.run(per_page(base_url, proc.pid, reruns))
    finally:
        stop_streamlit(proc)
        shutil.rmtree(work, ignore_errors=True)


def profile(name: str, reruns: int) -> None:
    # AppTest is only needed for this mode: imported here so the server mode does not load it
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    work = Path(tempfile.mkdtemp(prefix="ysd-rerun-profile-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'profile.sqlite'}"
    get_settings.cache_clear()  # read DATABASE_URL again
    engine = make_engine(os.environ["DATABASE_URL"])
    init_database(engine, get_settings())
    engine.dispose()
    query = dict(q.split("=") for q in dict(PAGES)["indicator" if name == "indicator" else ""].split("&"))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(f"pages/{name}.py")
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.run()
    prof = cProfile.Profile()
    # the page runs in the script runner's thread: profile it there, not in this (waiting) thread
    original = script_runner.exec_func_with_error_handling

    def profiled(func, ctx):  # noqa: ANN001, ANN202 - streamlit's own signature
        prof.enable()
        try:
            return original(func, ctx)
        finally:
            prof.disable()

    script_runner.exec_func_with_error_handling = profiled
    start = time.process_time()
    for _ in range(reruns):
        at.run()
    script_runner.exec_func_with_error_handling = original
    print(f"{name}: {(time.process_time() - start) / reruns * 1000:.0f} ms CPU per AppTest rerun (incl. AppTest)")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reruns", type=int, default=20)
    parser.add_argument("--profile", choices=["overview", "indicator"])
    args = parser.parse_args()
    if not 1 <= args.reruns <= 500:
        parser.error("--reruns must be 1..500")
    if args.profile:
        profile(args.profile, args.reruns)
    else:
        serve(args.reruns)


if __name__ == "__main__":
    main()
