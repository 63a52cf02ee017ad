"""Issue 18: the viewer export holds no count of 1-4 in any intersection, and none comes back from
the margins. tests/disclosure/data/intersections.csv adds suspensions by ethnicity+sex for
Islington 2023/24 (counts of 1, 2, 3 and 4 among them, Black split into minor groups by sex) with
their sex and minor-group margins, beside the seeded ethnicity margins and total."""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from indicators.catalogue import load_catalogue
from tests.conftest import REPO_ROOT, SEEDED_DB
from tests.disclosure import attacks
from tests.unit.test_complementary import recover

DATA = Path(__file__).parent / "data" / "intersections.csv"
MARK = "# OFFICIAL-SENSITIVE - not for publication"
UNITS = {i.id: i.unit for i in load_catalogue().indicators}


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    return subprocess.run(
        [sys.executable, "-m", "indicators", *args], capture_output=True, text=True, cwd=REPO_ROOT, env=env, timeout=600
    )


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    db = tmp_path_factory.mktemp("intersections") / "db.sqlite"
    shutil.copy(SEEDED_DB, db)
    done = _cli(db, "ingest", str(DATA), "--user", "disclosure-test")
    assert done.returncode == 0, done.stderr
    out = {}
    for role in ("viewer", "analyst"):  # the viewer's is the default role
        args = ("export", "--indicator", "suspension_rate") + (("--role", role) if role == "analyst" else ())
        result = _cli(db, *args)
        assert result.returncode == 0, result.stderr
        text = result.stdout.split("\n", 1)[1] if result.stdout.startswith(MARK) else result.stdout
        text = text.split("Markers in place of a number:")[0]  # the legend printed after the CSV
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        out[role] = attacks.prepare(frame, UNITS)
    return out


def _key(df: pd.DataFrame) -> pd.DataFrame:
    return df[(df["area_code"] == "E09000019") & (df["period"] == "2023/24")]


def test_the_data_plants_small_counts_in_the_intersection(exports) -> None:
    inter = _key(exports["analyst"])
    inter = inter[inter["dimension"] == "ethnicity+sex"]
    assert {1.0, 2.0, 3.0, 4.0} <= set(inter["num"])


def test_no_count_of_1_to_4_in_any_intersection_of_the_viewer_export(exports) -> None:
    viewer = exports["viewer"]
    inter = viewer[viewer["dimension"].str.contains("+", regex=False)]
    assert len(inter) == 18
    assert not inter["num"].between(1, 4).any()
    assert inter.loc[inter["hidden"], "val"].isna().all()


def test_no_hidden_intersection_cell_comes_back_from_the_margins(exports) -> None:
    shown = _key(exports["viewer"])
    frame = shown.assign(numerator=shown["num"].where(~shown["hidden"], math.nan))
    assert recover(frame) == {}
    # the attacker's toolkit (rate x denominator, interval inversion, single-dimension differencing)
    assert attacks.run_all(exports["viewer"]) == []


def test_the_same_recoverer_finds_a_cell_in_a_naive_export(exports) -> None:
    """Shown with only the counts of 1-4 hidden, the margins give a hidden cell back."""
    analyst = _key(exports["analyst"])
    naive = analyst.assign(numerator=analyst["num"].where(~analyst["num"].between(1, 4), math.nan))
    assert recover(naive)
