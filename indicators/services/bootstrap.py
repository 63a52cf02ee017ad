"""Create or upgrade the database and load the default dataset (what `init` and the app's start do)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from indicators.errors import IndicatorError
from indicators.services import disparities, uploads
from indicators.settings import REPO_ROOT, Settings
from indicators.store import queries
from indicators.store.db import get_engine, session_scope, upgrade
from indicators.store.reference import sync_reference
from indicators.store.writes import commit_frame

if TYPE_CHECKING:
    from sqlalchemy import Engine

DEFAULT_DATA_DIR = REPO_ROOT / "data" / "default"
SEED_USER = "system (default dataset)"


def default_files(folder: Path = DEFAULT_DATA_DIR) -> list[Path]:
    return sorted(folder.glob("*.csv"))


def default_dataset_sha(folder: Path = DEFAULT_DATA_DIR) -> str:
    digest = hashlib.sha256()
    for path in default_files(folder):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_default_dataset(folder: Path = DEFAULT_DATA_DIR) -> pd.DataFrame:
    """Every default file through the upload validator; any problem stops init loudly."""
    frames = []
    for path in default_files(folder):
        data = path.read_bytes()
        parsed = uploads.parse(data, path.name, fmt="native")
        if parsed.errors:
            lines = "\n".join(uploads.describe(p, path.name) for p in parsed.errors[:20])
            raise IndicatorError(f"the default dataset file {path.name} is invalid:\n{lines}")
        frames.append(parsed.frame)
    if not frames:
        raise IndicatorError(f"no default dataset files in {folder}")
    return pd.concat(frames, ignore_index=True)


def init_database(engine: Engine, settings: Settings, load_data: bool = True) -> str:
    """Upgrade the schema, refresh reference data and load the default dataset unless already loaded."""
    upgrade(engine)
    with session_scope(engine) as session:
        sync_reference(session, settings)
    if not load_data:
        return "Schema upgraded; reference data refreshed."
    sha = default_dataset_sha()
    with engine.connect() as conn:
        seen = queries.seed_version_id(conn, sha)
    if seen is not None:
        return f"Database is up to date (default dataset already loaded as version {seen})."
    frame = read_default_dataset()
    with session_scope(engine) as session:
        result = commit_frame(
            session,
            frame,
            file_name=f"data/default ({len(default_files())} files)",
            sha256=sha,
            fmt="native",
            user=SEED_USER,
            kind="seed",
        )
    disparities.sync(engine)
    return result.message


def ensure_ready(engine: Engine, settings: Settings) -> None:
    """On app start: an empty or old embedded database is upgraded and seeded, once."""
    if not queries.has_any_version(engine):
        init_database(engine, settings)
    else:
        upgrade(engine)


def ready_engine(settings: Settings) -> Engine:
    """The configured database, upgraded and seeded: what the app holds for its lifetime."""
    engine = get_engine()
    ensure_ready(engine, settings)
    return engine
