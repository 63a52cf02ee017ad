"""Server memory at 10k against 1M national observations: peak RSS of a fresh process serving the
overview, an indicator page (its series and its breakdown by ethnicity) and the disproportionality
page's stage table, one subprocess per database, in the same run.

The databases are built as in service_scaling.py (the views' rows plus a national sample up to
each size), or reused from ``--from DIR`` (service_scaling.py --keep DIR). Prints each process's
peak RSS (ru_maxrss), the part above its RSS after imports, and the ratio 1M / 10k of the peak
(goal <= 1.5x: the whole table is never loaded). A measurement: exits 0 whatever the ratio.

Then the CLI: peak RSS of `python -m indicators init` (loading the default data into a new SQLite
database) and of `python -m indicators ingest FILE` of the 1.1M-row national file into that
database, each a fresh process, and the ratio ingest / init (goal < 1.5x: the file is read,
validated and written in parts, never whole). ``--cli-only`` measures only this.

    .venv/bin/python bench/memory_scaling.py [--from DIR] [--postgres URL] [--cli-only] [--file CSV]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    BREAKDOWN_INDICATOR,
    NATIONAL_FILE,
    REPO,
    build_databases,
    drop_postgres_database,
    ensure_file,
    verdict,
)

GOAL = 1.5

# Runs in a fresh interpreter: import what the server imports, note the RSS, serve the views.
SERVE = f"""
import json, resource, sys
sys.path.insert(0, {str(REPO)!r})
from indicators.services import rri as rri_service
from indicators.services import series
from indicators.store.db import make_engine

def rss_mb():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

engine = make_engine(sys.argv[1])
with engine.connect() as conn:
    pass
base = rss_mb()
series.overview(engine, "viewer")
series.indicator_series(engine, [{BREAKDOWN_INDICATOR!r}], "viewer")
series.breakdown(engine, {BREAKDOWN_INDICATOR!r}, "ethnicity", "viewer")
options = rri_service.disproportionality_options(engine)
stage = options.stages[0].id
rri_service.stage_rri_table(engine, stage, options.periods[stage][-1], "ethnicity", None, "viewer")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"base_mb": base, "peak_mb": peak}}))
"""


def serve(url: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", SERVE, url],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# Runs the command as a child and prints the child's peak RSS (ru_maxrss of the waited-for child).
PEAK_OF_CHILD = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"rc": done.returncode, "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "tail": (done.stdout + done.stderr).strip().splitlines()[-1:]}))
"""


def cli_peak(args: list[str], database_url: str) -> dict:
    """Peak RSS of one `python -m indicators ...` process (a wrapper process waits for it alone)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "DATABASE_URL": database_url}
    out = subprocess.run(
        [sys.executable, "-c", PEAK_OF_CHILD, sys.executable, "-m", "indicators", *args],
        capture_output=True,
        text=True,
        timeout=3600,
        env=env,
        cwd=REPO,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["rc"] != 0:
        raise SystemExit(f"`indicators {' '.join(args)}` failed: {result['tail']}")
    return result


def cli_memory(path: Path) -> None:
    ensure_file(path)
    with tempfile.TemporaryDirectory(prefix="ysd-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'cli.sqlite'}"
        init = cli_peak(["init"], url)
        ingest = cli_peak(["ingest", str(path)], url)
    print(f"  CLI init (default data):   peak RSS {init['peak_mb']:7.1f} MB  {init['tail'][0] if init['tail'] else ''}")
    print(
        f"  CLI ingest {path.name}: peak RSS {ingest['peak_mb']:7.1f} MB  {ingest['tail'][0] if ingest['tail'] else ''}"
    )
    ratio = ingest["peak_mb"] / init["peak_mb"]
    print(f"  RATIO memory CLI ingest/init peak RSS (sqlite): {ratio:.2f}x  {verdict(ratio, GOAL, False)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        default=None,
        help="reuse service-10k.sqlite / service-1M.sqlite from this folder",
    )
    parser.add_argument("--postgres", metavar="URL", default=None, help="run on this PostgreSQL server instead")
    parser.add_argument("--cli-only", action="store_true", help="measure only the CLI's init and ingest")
    parser.add_argument("--file", type=Path, default=NATIONAL_FILE, help="the national CSV the CLI ingests")
    args = parser.parse_args(argv)
    if args.cli_only:
        print("memory_scaling: peak RSS of the CLI's init and of its ingest of a national file")
        cli_memory(args.file)
        return 0
    kind = "postgresql" if args.postgres else "sqlite"
    print(f"memory_scaling: on {kind}, peak RSS of a fresh process serving the views")
    source = args.source
    reuse = (
        source is not None
        and kind == "sqlite"
        and all((source / f"service-{label}.sqlite").exists() for label in ("10k", "1M"))
    )
    workdir = source if reuse else Path(tempfile.mkdtemp(prefix="ysd-bench-"))
    urls: dict[str, str] = {}
    try:
        if reuse:
            urls = {label: f"sqlite:///{workdir / f'service-{label}.sqlite'}" for label in ("10k", "1M")}
            print(f"  reusing the databases in {workdir}")
        else:
            urls = build_databases(workdir, kind=kind, postgres_url=args.postgres, log=print)
        results = {label: serve(url) for label, url in urls.items()}
    finally:
        if kind == "postgresql":
            for url in urls.values():
                drop_postgres_database(url)
        if not reuse:
            shutil.rmtree(workdir, ignore_errors=True)
    for label, r in results.items():
        print(
            f"  {label:>3}: peak RSS {r['peak_mb']:7.1f} MB (after imports {r['base_mb']:7.1f} MB, "
            f"serving +{r['peak_mb'] - r['base_mb']:.1f} MB)"
        )
    ratio = results["1M"]["peak_mb"] / results["10k"]["peak_mb"]
    delta = max(results["1M"]["peak_mb"] - results["1M"]["base_mb"], 0.1) / max(
        results["10k"]["peak_mb"] - results["10k"]["base_mb"], 0.1
    )
    print(f"  (serving increment alone: 1M/10k {delta:.2f}x)")
    print(f"  RATIO memory peak RSS 1M/10k ({kind}): {ratio:.2f}x  {verdict(ratio, GOAL, False)}")
    cli_memory(args.file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
