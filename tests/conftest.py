"""Shared fixtures: a fresh database per test, the seeded default dataset, and PostgreSQL when available.

The app under test reads DATABASE_URL; it is pointed at a session-wide seeded SQLite copy before
anything imports the settings.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

_SESSION_DIR = Path(tempfile.mkdtemp(prefix="ysd-tests-"))
SEEDED_DB = _SESSION_DIR / "seeded.sqlite"
os.environ["DATABASE_URL"] = f"sqlite:///{_SESSION_DIR / 'app.sqlite'}"
os.environ["YSD_CREDENTIALS_FILE"] = str(_SESSION_DIR / "credentials.toml")
ANALYST = ("test-analyst", "correct horse battery staple")

from indicators.settings import get_settings  # noqa: E402
from indicators.store.db import make_engine  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent


def _seed(url: str) -> None:
    from indicators.services.bootstrap import init_database

    engine = make_engine(url)
    init_database(engine, get_settings())
    engine.dispose()


def pytest_sessionstart(session: pytest.Session) -> None:
    from indicators.store.credentials import add_user

    _seed(f"sqlite:///{SEEDED_DB}")
    shutil.copy(SEEDED_DB, _SESSION_DIR / "app.sqlite")
    add_user(*ANALYST, role="analyst")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_SESSION_DIR, ignore_errors=True)


def _postgres_url() -> str | None:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url and os.environ.get("CI"):
        raise RuntimeError("CI must provide TEST_POSTGRES_URL (scripts/test.sh starts PostgreSQL)")
    return url


def _reset_postgres(url: str):  # noqa: ANN202
    from sqlalchemy import text

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    return engine


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator:
    """A migrated database with reference data and no observations, on SQLite and on PostgreSQL."""
    from indicators.services.bootstrap import init_database

    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'test.sqlite'}")
    else:
        url = _postgres_url()
        if url is None:
            pytest.skip("TEST_POSTGRES_URL not set (scripts/test.sh sets it; CI always does)")
        engine = _reset_postgres(url)
    init_database(engine, get_settings(), load_data=False)
    yield engine
    engine.dispose()


@pytest.fixture
def seeded_engine(tmp_path: Path) -> Iterator:
    """A private copy of the database seeded with the default dataset (SQLite)."""
    path = tmp_path / "seeded.sqlite"
    shutil.copy(SEEDED_DB, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess]:
    """``python -m indicators ...`` as a user runs it, on a private copy of the seeded database."""
    db = tmp_path / "cli.sqlite"
    shutil.copy(SEEDED_DB, db)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "indicators", *args],
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            env=env,
            timeout=300,
        )

    return run
