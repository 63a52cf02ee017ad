"""Ingest throughput: the real upload pipeline against a naive pandas load of the same file, same run.

Ours: ``uploads.parse`` (decode, read, validate every row) + ``uploads.commit`` (change summary,
dataset version, bulk insert) into a fresh database whose schema and reference data are set up
first (untimed). CLI: what `python -m indicators ingest FILE` runs for a large file
(``uploads.ingest_in_parts``: read, validated and written in parts, one transaction), into a fresh
database likewise. Naive: ``pandas.read_csv`` + ``DataFrame.to_sql`` into a fresh database (no
validation, no version, no index). Prints rows/s of each and the ratios ours / naive (goal >= 0.5x)
and CLI / naive (goal >= 1.0x). A measurement: exits 0 whatever the ratios.

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
CLI_GOAL = 1.0


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


def cli(url: str, path: Path) -> tuple[float, int]:
    from sqlalchemy.orm import Session

    from indicators.services import uploads
    from indicators.services.bootstrap import init_database
    from indicators.settings import get_settings
    from indicators.store.db import make_engine
    from indicators.store.writes import count_current

    engine = make_engine(url)
    init_database(engine, get_settings(), load_data=False)  # schema + areas + catalogue, untimed
    gc.collect()
    with Timer() as t:
        out = uploads.ingest_in_parts(engine, path, user="bench")
    if out.result is None or out.result.version_id is None:
        raise SystemExit(f"the file was rejected: {[uploads.describe(p) for p in out.state.errors[:5]]}")
    with engine.connect() as conn:
        stored = count_current(Session(bind=conn))
    engine.dispose()
    assert out.summary is not None and out.summary.added == stored, (out.result.message, stored)
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
    parser.add_argument("--cli-only", action="store_true", help="time the CLI path and the naive load only")
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
        ours_s, ours_rows = naive_s, naive_rows  # --cli-only: not measured
        if not args.cli_only:
            with fresh_database(kind, workdir, args.postgres) as url:
                ours_s, ours_rows = ours(url, path, args.profile)
            print(
                f"  ours (parse + commit):     {ours_s:7.1f} s  {ours_rows / ours_s:10,.0f} rows/s "
                f"({ours_rows:,} rows validated and stored)"
            )
        with fresh_database(kind, workdir, args.postgres) as url:
            cli_s, cli_rows = cli(url, path)
        print(f"  CLI (in parts):            {cli_s:7.1f} s  {cli_rows / cli_s:10,.0f} rows/s")
    if not args.cli_only:
        ratio = (ours_rows / ours_s) / (naive_rows / naive_s)
        print(f"  RATIO ingest ours/naive ({kind}): {ratio:.2f}x  {verdict(ratio, GOAL, True)}")
    cli_ratio = (cli_rows / cli_s) / (naive_rows / naive_s)
    print(f"  RATIO ingest CLI/naive ({kind}): {cli_ratio:.2f}x  {verdict(cli_ratio, CLI_GOAL, True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
