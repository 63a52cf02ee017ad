"""Many people at once: N concurrent sessions rerunning the overview and an indicator page.

Starts the real app (`python -m indicators serve`) on a free loopback port against a copy of the
seeded database, then speaks Streamlit's own websocket protocol (the BackMsg/ForwardMsg protobufs a
browser sends): each session asks for a rerun of a page and times until the server says the script
finished. First one session alone (the baseline), then N sessions together for the given time, in
the same run, twice:

- as people: each session reads the page for a while before its next click (think time drawn from
  an exponential distribution with mean ``--think`` seconds, seeded). The goal (median under 10x the
  single session) is judged on this run: it is what 50 people in a meeting and at home do.
- non-stop: every session clicks again the moment its page has drawn. No person does this; it is
  the worst case, and on one process it can only measure about N x the single session (each rerun
  waits behind the others for the one interpreter), so it is reported without a goal.

Prints the median and 95th-percentile rerun time as ratios to the single session, errors, and the
server's memory growth. ``--processes 2`` runs two app processes and spreads the sessions over them
as the sticky load balancer of scripts/serve_many.sh does with many clients. A measurement: it
exits 0 whatever the ratios, and stops by itself (every wait is bounded).

    .venv/bin/python bench/serve_load.py [--sessions 50] [--seconds 120] [--think 5] [--processes 1]
                                         [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as a script: make the repo (tests.browser.server) importable

from indicators.services.bootstrap import init_database  # noqa: E402
from indicators.settings import get_settings  # noqa: E402
from indicators.store.db import make_engine  # noqa: E402
from tests.browser.server import start_streamlit, stop_streamlit  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
from _common import verdict  # noqa: E402

MEDIAN_GOAL = 10.0
MEMORY_GOAL = 1.5
RERUN_TIMEOUT_S = 120
BASELINE_RERUNS = 12
BASELINE_THINK_S = 0.5
# (page url path, query string): the two pages the issue names; each rerun alternates between them.
PAGES = [("", "objective=0&strand=all"), ("indicator", "id=serious_youth_violence")]


def rss_mb(pid: int) -> float:
    """Resident memory of the server process and its children, from /proc (Linux)."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(k) for k in kids] + [g for k in kids for g in _children(int(k))]


async def rerun(ws: websockets.ClientConnection, page: str, query: str) -> float:
    """Ask for one run of ``page`` and wait for the server's script_finished; the elapsed seconds."""
    msg = BackMsg()
    msg.rerun_script.page_name = page
    msg.rerun_script.query_string = query
    start = time.perf_counter()
    await ws.send(msg.SerializeToString())
    async with asyncio.timeout(RERUN_TIMEOUT_S):
        while True:
            raw = await ws.recv()
            fwd = ForwardMsg()
            fwd.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
            kind = fwd.WhichOneof("type")
            if kind == "page_not_found":
                raise RuntimeError(f"page not found: {page!r}")
            if kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    return time.perf_counter() - start
                if fwd.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    raise RuntimeError(f"script finished with {fwd.script_finished}")


async def session(
    url: str,
    until: float,
    times: list[float],
    errors: list[str],
    limit: int | None = None,
    think: float = 0.0,
    seed: int = 0,
) -> None:
    """One visitor: reruns alternating between the pages; ``think`` is the mean pause between them."""
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    pauses = random.Random(seed)
    try:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60) as ws:
            i = 0
            if think:  # people do not arrive in the same millisecond
                await asyncio.sleep(pauses.uniform(0, think))
            while time.monotonic() < until and (limit is None or i < limit):
                page, query = PAGES[i % len(PAGES)]
                times.append(await rerun(ws, page, query))
                i += 1
                if think:  # bounded, and never past the end of the run
                    pause = min(pauses.expovariate(1 / think), 10 * think, until - time.monotonic())
                    await asyncio.sleep(max(pause, 0))
    except Exception as exc:  # noqa: BLE001 - a benchmark reports failures, it does not stop on them
        errors.append(f"{type(exc).__name__}: {exc}")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def load(
    urls: list[str], pids: list[int], sessions: int, seconds: float, think: float
) -> tuple[list[float], list[str], float, float, float]:
    """``sessions`` sessions spread over the app processes for ``seconds``: rerun times, errors, wall
    time and the servers' memory before and after."""
    errors: list[str] = []
    loaded: list[float] = []
    mem_before = sum(rss_mb(pid) for pid in pids)
    until = time.monotonic() + seconds
    started = time.monotonic()
    await asyncio.gather(
        *(session(urls[i % len(urls)], until, loaded, errors, think=think, seed=i) for i in range(sessions))
    )
    return loaded, errors, time.monotonic() - started, mem_before, sum(rss_mb(pid) for pid in pids)


def report(label: str, single: float, result: tuple, goal: bool) -> None:
    loaded, errors, wall, mem_before, mem_after = result
    if not loaded:
        print(f"{label}: no rerun finished; errors: {errors[:5]}")
        return
    med, p95 = statistics.median(loaded), pct(loaded, 0.95)
    print(
        f"{label} for {wall:.0f} s: {len(loaded)} reruns ({len(loaded) / wall:.1f}/s), "
        f"median {med:.3f} s, p95 {p95:.3f} s, max {max(loaded):.3f} s, errors {len(errors)}"
    )
    for err in errors[:5]:
        print(f"  error: {err}")
    ratio = med / single
    judged = verdict(ratio, MEDIAN_GOAL, False) if goal else "(reported, no goal: see the docstring)"
    print(f"RATIO load median/single ({label}): {ratio:.1f}x {judged}")
    print(f"RATIO load p95/single ({label}): {p95 / single:.1f}x (reported, no goal)")
    growth = mem_after / mem_before if mem_before else float("nan")
    print(
        f"RATIO server memory after/before load ({label}): {growth:.2f}x ({mem_before:.0f} -> {mem_after:.0f} MB) "
        f"{verdict(growth, MEMORY_GOAL, False)}"
    )


async def measure(urls: list[str], pids: list[int], sessions: int, seconds: float, think: float) -> None:
    # Warm the caches (first run of each page per data version, in every process), then the baseline.
    errors: list[str] = []
    for url in urls:
        await session(url, time.monotonic() + 300, [], errors, limit=len(PAGES) * 2)
    # One person alone, pausing between clicks: a rerun sent the instant the last one finished waits
    # for Streamlit to wind that one down (~20 ms here), which no visitor's click ever meets.
    base: list[float] = []
    await session(urls[0], time.monotonic() + 300, base, errors, limit=BASELINE_RERUNS, think=BASELINE_THINK_S)
    if errors or not base:
        print(f"baseline failed: {errors[:3]}")
        return
    single = statistics.median(base)
    print(f"single session: median rerun {single:.3f} s over {len(base)} reruns (p95 {pct(base, 0.95):.3f} s)")
    processes = f"{len(urls)} process{'es' if len(urls) > 1 else ''}"
    people = await load(urls, pids, sessions, seconds, think)
    report(f"{sessions} sessions, think time {think:g} s, {processes}", single, people, goal=True)
    nonstop = await load(urls, pids, sessions, seconds, 0.0)
    report(f"{sessions} sessions, non-stop, {processes}", single, nonstop, goal=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds a person reads between clicks")
    parser.add_argument("--processes", type=int, default=1, help="app processes, sessions spread over them")
    parser.add_argument("--database-url", help="default: a copy of the default dataset in a temporary SQLite file")
    args = parser.parse_args()
    if not 1 <= args.sessions <= 500 or not 1 <= args.seconds <= 1800 or not 0 <= args.think <= 60:
        parser.error("--sessions must be 1..500, --seconds 1..1800, --think 0..60 (the benchmark is bounded)")
    if not 1 <= args.processes <= 16:
        parser.error("--processes must be 1..16")
    work = Path(tempfile.mkdtemp(prefix="ysd-serve-load-"))
    url = args.database_url
    if url is None:
        url = f"sqlite:///{work / 'load.sqlite'}"
        engine = make_engine(url)
        init_database(engine, get_settings())
        engine.dispose()
    servers = []
    try:
        for i in range(args.processes):
            servers.append(start_streamlit("app.py", work, {"DATABASE_URL": url}, work / f"server-{i}.log"))
        urls = [base for _, base in servers]
        asyncio.run(measure(urls, [proc.pid for proc, _ in servers], args.sessions, args.seconds, args.think))
    finally:
        for proc, _ in servers:
            stop_streamlit(proc)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
