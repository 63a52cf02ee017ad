"""Fixtures for the default-dataset checks: the publishers' files in ../shared and the committed CSVs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCE_DIR = REPO.parent / "shared" / "data-sources"
DEFAULT_DIR = REPO / "data" / "default"
ISLINGTON = "E09000019"


@pytest.fixture(scope="session")
def source() -> Path:
    if not SOURCE_DIR.is_dir():
        pytest.skip("shared data-sources folder not available")
    return SOURCE_DIR


@pytest.fixture(scope="session")
def committed() -> pd.DataFrame:
    frames = [pd.read_csv(f, dtype=str, keep_default_na=False).assign(_file=f.stem) for f in DEFAULT_DIR.glob("*.csv")]
    return pd.concat(frames, ignore_index=True)


def rows(df: pd.DataFrame, indicator: str, area: str = ISLINGTON, dimension: str = "all") -> pd.DataFrame:
    """The committed rows of one indicator for one area and dimension, indexed by period (and category)."""
    sub = df[(df["indicator_id"] == indicator) & (df["area_code"] == area) & (df["dimension"] == dimension)]
    return sub.set_index("period" if dimension == "all" else ["period", "category"])
