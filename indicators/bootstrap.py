"""Create or upgrade the database and load the default dataset (what `init` and the app's start do)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, select

from indicators import uploads
from indicators.db import session_scope, upgrade
from indicators.errors import IndicatorError
from indicators.ingest.loader import commit_frame
from indicators.models import DatasetVersion
from indicators.reference import sync_reference
from indicators.settings import REPO_ROOT, Settings

DEFAULT_DATA_DIR = REPO_ROOT / "data" / "default"
SEED_USER = "system (default dataset)"


def default_files(folder: Path = DEFAULT_DATA_DIR) -> list[Path]:
    return sorted(folder.glob("*.csv"))


def read_default_dataset(folder: Path = DEFAULT_DATA_DIR) -> tuple[pd.DataFrame, str]:
    """Every default file through the upload validator; any problem stops init loudly."""
    frames, digest = [], hashlib.sha256()
    for path in default_files(folder):
        data = path.read_bytes()
        digest.update(data)
        parsed = uploads.parse(data, path.name, fmt="native")
        if parsed.errors:
            lines = "\n".join(uploads.describe(p, path.name) for p in parsed.errors[:20])
            raise IndicatorError(f"the default dataset file {path.name} is invalid:\n{lines}")
        frames.append(parsed.frame)
    if not frames:
        raise IndicatorError(f"no default dataset files in {folder}")
    return pd.concat(frames, ignore_index=True), digest.hexdigest()


def init_database(engine: Engine, settings: Settings, load_data: bool = True) -> str:
    """Upgrade the schema, refresh reference data and load the default dataset unless already loaded."""
    upgrade(engine)
    with session_scope(engine) as session:
        sync_reference(session, settings)
        uploads.sync_action_plan(session)
    if not load_data:
        return "Schema upgraded; reference data refreshed."
    frame, sha = read_default_dataset()
    with session_scope(engine) as session:
        seen = session.execute(
            select(DatasetVersion.id).where(DatasetVersion.kind == "seed", DatasetVersion.sha256 == sha)
        ).first()
        if seen:
            return f"Database is up to date (default dataset already loaded as version {seen.id})."
        result = commit_frame(session, frame, file_name=f"data/default ({len(default_files())} files)",
                              sha256=sha, fmt="native", user=SEED_USER, kind="seed")
    return result.message


def ensure_ready(engine: Engine, settings: Settings) -> None:
    """On app start: an empty or old embedded database is upgraded and seeded, once."""
    with session_scope(engine) as session:
        try:
            has_data = session.execute(select(DatasetVersion.id).limit(1)).first() is not None
        except Exception:  # noqa: BLE001 - no tables yet
            has_data = False
    if not has_data:
        init_database(engine, settings)
    else:
        upgrade(engine)
