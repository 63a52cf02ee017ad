"""Service costs at 10k against 1M national observations: the functions behind the overview, an
indicator page and the disproportionality page, timed on two fresh databases in the same run.

Both databases hold the rows these views read (the home area, London, England and the statistical
neighbours for every indicator; one indicator by ethnicity; the youth justice stages by group for
the home area) plus a seeded national sample from every upper-tier local authority up to 10,000
and 1,000,000 rows, loaded through the real upload pipeline. So the views return the same answer
and the ratio 1M / 10k (median of --repeat runs each, after one warm-up) is the cost of the
table's size alone (goal <= 2x). A measurement: exits 0 whatever the ratios.

    .venv/bin/python bench/service_scaling.py [--repeat 5] [--postgres URL] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BREAKDOWN_INDICATOR, build_databases, drop_postgres_database, verdict  # noqa: E402

GOAL = 2.0


def view_calls(engine) -> dict[str, Callable[[], object]]:  # noqa: ANN001
    """name -> a call the page makes (uncached, as a fresh session after a new version would)."""
    from indicators.catalogue import load_catalogue
    from indicators.services import rri as rri_service
    from indicators.services import series

    calls: dict[str, Callable[[], object]] = {
        "overview: series.overview": lambda: series.overview(engine, "viewer"),
        "indicator: series.indicator_series": lambda: series.indicator_series(engine, [BREAKDOWN_INDICATOR], "viewer"),
        "indicator: series.breakdown (ethnicity)": lambda: series.breakdown(
            engine, BREAKDOWN_INDICATOR, "ethnicity", "viewer"
        ),
    }
    stages = [s.id for s in load_catalogue().stages()][1:]
    stage = stages[0]

    def latest_period() -> str:
        options = rri_service.disproportionality_options(engine)
        return options.periods[stage][-1]

    period = latest_period()
    calls.update(
        {
            "disproportionality: options": lambda: rri_service.disproportionality_options(engine),
            "disproportionality: stage_rri_table": lambda: rri_service.stage_rri_table(
                engine, stage, period, "ethnicity", None, "viewer"
            ),
            "disproportionality: rri_heatmap_frame": lambda: rri_service.rri_heatmap_frame(
                engine, period, "ethnicity", None, "viewer"
            ),
            "disproportionality: rri_over_time": lambda: rri_service.rri_over_time(
                engine, stage, "ethnicity", None, "viewer"
            ),
        }
    )
    return calls


def median_seconds(call: Callable[[], object], repeat: int) -> float:
    call()  # warm-up: imports, catalogue, statement caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(urls: dict[str, str], repeat: int) -> dict[str, dict[str, float]]:
    from indicators.store.db import make_engine

    results: dict[str, dict[str, float]] = {}
    engines = {label: make_engine(url) for label, url in urls.items()}
    calls = {label: view_calls(engine) for label, engine in engines.items()}
    # interleave the sizes, function by function, so a busy moment on the machine hits both
    for name in calls["10k"]:
        results[name] = {label: median_seconds(calls[label][name], repeat) for label in urls}
    for engine in engines.values():
        engine.dispose()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", metavar="URL", default=None, help="run on this PostgreSQL server instead")
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="build the SQLite databases in this folder and leave them (memory_scaling --from)",
    )
    args = parser.parse_args(argv)
    kind = "postgresql" if args.postgres else "sqlite"
    print(f"service_scaling: on {kind}, median of {args.repeat} runs")
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="ysd-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    urls: dict[str, str] = {}
    try:
        urls = build_databases(workdir, kind=kind, postgres_url=args.postgres, log=print)
        results = measure(urls, args.repeat)
    finally:
        if kind == "postgresql":
            for url in urls.values():
                drop_postgres_database(url)
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    worst = 0.0
    print(f"  {'function':44} {'10k ms':>9} {'1M ms':>9} {'1M/10k':>7}")
    for name, t in results.items():
        ratio = t["1M"] / t["10k"]
        worst = max(worst, ratio)
        print(f"  {name:44} {t['10k'] * 1000:9.1f} {t['1M'] * 1000:9.1f} {ratio:6.2f}x  {verdict(ratio, GOAL, False)}")
    print(f"  RATIO service growth 1M/10k ({kind}, worst function): {worst:.2f}x  {verdict(worst, GOAL, False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
