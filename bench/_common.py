"""Shared helpers for the benchmarks: paths, the generated file, fresh databases on SQLite or PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
NATIONAL_FILE = OUT / "national.csv"
# A 1M-row national file is ~90 MB, above the app's default upload limit (50 MB, config.toml):
# the benchmarks raise the limit for themselves only.
os.environ.setdefault("YSD_MAX_UPLOAD_MB", "2048")
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def ensure_file(path: Path, rows: int | None = None, seed: int = 2024) -> Path:
    """Generate ``path`` with bench/generate.py unless it already exists."""
    if not path.exists():
        cmd = [sys.executable, str(REPO / "bench" / "generate.py"), str(path), "--seed", str(seed)]
        if rows:
            cmd += ["--rows", str(rows)]
        subprocess.run(cmd, check=True, timeout=1800)
    return path


def count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")) - 1


@contextmanager
def fresh_database(kind: str, workdir: Path, postgres_url: str | None = None) -> Iterator[str]:
    """A new empty database: a SQLite file in ``workdir``, or a new database on the PostgreSQL server
    of ``postgres_url`` (created and dropped here)."""
    if kind == "sqlite":
        path = workdir / f"bench-{uuid.uuid4().hex[:8]}.sqlite"
        yield f"sqlite:///{path}"
        return
    from sqlalchemy import create_engine, make_url, text

    if not postgres_url:
        raise ValueError("a PostgreSQL URL is needed")
    admin_url = make_url(postgres_url)
    name = f"ysd_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class Timer:
    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start


def verdict(ratio: float, goal: float, higher_is_better: bool) -> str:
    ok = ratio >= goal if higher_is_better else ratio <= goal
    return f"{'PASS' if ok else 'FAIL'} (goal {'>=' if higher_is_better else '<='} {goal}x)"


# ------------------------------------------------------------------------------------------------
# The two national databases of the scaling benchmarks
# ------------------------------------------------------------------------------------------------
SIZES = {"10k": 10_000, "1M": 1_000_000}
BREAKDOWN_INDICATOR = "suspension_rate"  # the indicator page's breakdown by ethnicity


def view_rows(labels, home: str) -> object:
    """The rows the benchmarked views read (kept at both sizes, so the views return the same
    frames and the ratio measures the cost of the table's size, not of a bigger answer):
    every indicator for the home area, London, England and the statistical neighbours (all
    children); the breakdown indicator by ethnicity for the home area and England; every youth
    justice stage by every group for the home area."""
    from indicators.areas import ENGLAND, LONDON, STATISTICAL_NEIGHBOURS
    from indicators.catalogue import load_catalogue

    stages = [s.id for s in load_catalogue().stages()]
    comparators = [home, LONDON, ENGLAND, *STATISTICAL_NEIGHBOURS]
    headline = labels["area_code"].isin(comparators) & (labels["dimension"] == "all")
    breakdown = (
        labels["area_code"].isin([home, ENGLAND])
        & (labels["indicator_id"] == BREAKDOWN_INDICATOR)
        & labels["dimension"].isin(["all", "ethnicity"])
    )
    cascade = (labels["area_code"] == home) & labels["indicator_id"].isin(stages)
    return headline | breakdown | cascade


def build_databases(
    workdir: Path,
    sizes: dict[str, int] = SIZES,
    seed: int = 2024,
    kind: str = "sqlite",
    postgres_url: str | None = None,
    log=print,
) -> dict[str, str]:
    """Generate the national grid (KPIs + youth justice stages), keep ``view_rows`` plus a seeded
    national sample up to each size, and ingest each file through the real pipeline into a fresh
    database. Returns size label -> database URL (PostgreSQL databases are left for the caller)."""
    import generate

    from indicators.services import uploads
    from indicators.services.bootstrap import init_database
    from indicators.settings import get_settings
    from indicators.store.db import make_engine

    grid = generate.generate_frame(seed, with_stages=True)
    keep = view_rows(generate.labels(grid), get_settings().home_area)
    urls = {}
    for label, rows in sizes.items():
        path = workdir / f"national-{label}.csv"
        part = generate.sample(grid, rows, seed, keep=keep)
        generate.write_csv(part, path)
        if kind == "sqlite":
            url = f"sqlite:///{workdir / f'service-{label}.sqlite'}"
        else:
            url = _create_postgres_database(postgres_url, f"service_{label.lower()}")
        engine = make_engine(url)
        init_database(engine, get_settings(), load_data=False)
        with Timer() as t:
            parsed = uploads.parse(path.read_bytes(), path.name)
            if not parsed.ok:
                raise RuntimeError(f"generated file rejected: {parsed.errors[:3]}")
            result = uploads.commit(engine, parsed, user="bench")
        engine.dispose()
        log(
            f"  loaded {label}: {result.summary.added:,} observations "
            f"({part['area'].nunique()} areas; {int(keep.sum()):,} of them the views' rows) in {t.seconds:.0f} s"
        )
        urls[label] = url
    del grid
    return urls


def _create_postgres_database(postgres_url: str, stem: str) -> str:
    from sqlalchemy import create_engine, make_url, text

    admin_url = make_url(postgres_url)
    name = f"ysd_bench_{stem}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return admin_url.set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    from sqlalchemy import create_engine, make_url, text

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()
