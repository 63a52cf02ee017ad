"""Ingest throughput: the real upload pipeline against a naive pandas load of the same file, same run.

Ours: ``uploads.parse`` (decode, read, validate every row) + ``uploads.commit`` (change summary,
dataset version, bulk insert) into a fresh database whose schema and reference data are set up
first (untimed). Naive: ``pandas.read_csv`` + ``DataFrame.to_sql`` into a fresh database (no
validation, no version, no index). Prints rows/s of each and the ratio ours / naive (goal >= 0.5x).
A measurement: exits 0 whatever the ratio.

    .venv/bin/python bench/ingest_throughput.py [--file bench/out/national.csv] [--rows N]
        [--postgres postgresql+psycopg://...] [--profile out.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import NATIONAL_FILE, OUT, Timer, count_lines, ensure_file, fresh_database, verdict  # noqa: E402

GOAL = 0.5


def ours(url: str, path: Path, profile: Path | None = None) -> tuple[float, int]:
    from indicators.services import uploads
    from indicators.services.bootstrap import init_database
    from indicators.settings import get_settings
    from indicators.store.db import make_engine
    from indicators.store.writes import count_current

    engine = make_engine(url)
    init_database(engine, get_settings(), load_data=False)  # schema + areas + catalogue, untimed
    gc.collect()
    profiler = cProfile.Profile() if profile else None
    with Timer() as t:
        if profiler:
            profiler.enable()
        parsed = uploads.parse(path.read_bytes(), path.name)
        if not parsed.ok:
            raise SystemExit(f"the file was rejected: {[uploads.describe(p) for p in parsed.errors[:5]]}")
        result = uploads.commit(engine, parsed, user="bench")
        if profiler:
            profiler.disable()
    if profiler:
        profiler.dump_stats(profile)
    with engine.connect() as conn:
        from sqlalchemy.orm import Session

        stored = count_current(Session(bind=conn))
    engine.dispose()
    assert result.summary.added == stored, (result.message, stored)
    return t.seconds, stored


def naive(url: str, path: Path) -> tuple[float, int]:
    import pandas as pd
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    gc.collect()
    with Timer() as t, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas' mixed-types warning for the period column
        frame = pd.read_csv(path)
        frame.to_sql("observation_naive", engine, index=False)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM observation_naive")).scalar_one()
    engine.dispose()
    return t.seconds, int(stored)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=None, help="native CSV (default: the generated 1M file)")
    parser.add_argument("--rows", type=int, default=None, help="generate a file of this many rows instead")
    parser.add_argument("--postgres", metavar="URL", default=None, help="run on this PostgreSQL server instead")
    parser.add_argument("--profile", type=Path, default=None, help="write a cProfile of our ingest here")
    args = parser.parse_args(argv)
    path = args.file or (OUT / f"national-{args.rows}.csv" if args.rows else NATIONAL_FILE)
    ensure_file(path, args.rows)
    rows = count_lines(path)
    kind = "postgresql" if args.postgres else "sqlite"
    print(f"ingest_throughput: {path.name}, {rows:,} rows, {path.stat().st_size / 1e6:.1f} MB, on {kind}")
    with tempfile.TemporaryDirectory(prefix="ysd-bench-") as tmp:
        workdir = Path(tmp)
        with fresh_database(kind, workdir, args.postgres) as url:
            naive_s, naive_rows = naive(url, path)
        print(f"  naive (read_csv + to_sql): {naive_s:7.1f} s  {naive_rows / naive_s:10,.0f} rows/s")
        with fresh_database(kind, workdir, args.postgres) as url:
            ours_s, ours_rows = ours(url, path, args.profile)
        print(
            f"  ours (parse + commit):     {ours_s:7.1f} s  {ours_rows / ours_s:10,.0f} rows/s "
            f"({ours_rows:,} rows validated and stored)"
        )
    ratio = (ours_rows / ours_s) / (naive_rows / naive_s)
    print(f"  RATIO ingest ours/naive ({kind}): {ratio:.2f}x  {verdict(ratio, GOAL, True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
