"""Complement counts: a percentage of children with a denominator on show gives n - k, the children
NOT in the category (97.3% of 37 leaves 1), and that count from 1 to 4 must not be derivable by a
viewer either. Rates of events have no complement and are left alone.

The attack (tests/disclosure/attacks.complement) is first shown to find the planted complements in
an unprotected frame, then the viewer export of the default data and of the default data plus
tests/disclosure/data/complement_counts.csv must give none back.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import SEEDED_DB
from tests.disclosure import attacks
from tests.disclosure.test_disclosure_attacks import MARK, UNITS, _cli

FIXTURE = Path(__file__).parent / "data" / "complement_counts.csv"


def test_the_complement_attack_finds_each_planted_complement() -> None:
    frame = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False)
    found = attacks.complement(attacks.prepare(frame, UNITS))
    # 37 - 36, 50 x 2%, 36 / 0.973 - 36 and Wilson's 37 - 36: each is 1 child (to rounding)
    assert len(found) == 4, "\n".join(map(str, found))
    assert all(abs(r.count - 1) < 0.05 for r in found), "\n".join(map(str, found))
    kinds = {r.attack for r in found}
    assert {"complement (n - k)", "complement (k / p - k)", "complement (Wilson n=37 - k)"} <= kinds


def test_a_rate_of_events_has_no_complement() -> None:
    frame = pd.DataFrame(
        [{"indicator_id": "first_time_entrants", "period": "2024", "area_code": "A", "area_name": "A",
          "dimension": "all", "category": "all", "numerator": "", "denominator": "100000", "value": "99.0",
          "lower_ci": "", "upper_ci": ""}]
    )  # fmt: skip
    assert attacks.complement(attacks.prepare(frame, UNITS)) == []


@pytest.fixture(scope="module")
def viewer_exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("complement")
    default, upload = folder / "default.sqlite", folder / "upload.sqlite"
    shutil.copy(SEEDED_DB, default)
    shutil.copy(SEEDED_DB, upload)
    done = _cli(upload, "ingest", str(FIXTURE), "--user", "complement-test")
    assert done.returncode == 0, done.stderr
    out = {}
    for data, db in (("default", default), ("upload", upload)):
        for role in ("viewer", "analyst"):
            result = _cli(db, "export", "--role", role)
            assert result.returncode == 0, result.stderr
            text = result.stdout.split("\n", 1)[1] if result.stdout.startswith(MARK) else result.stdout
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
            out[f"{data}/{role}"] = attacks.prepare(frame, UNITS)
    return out


def test_the_upload_reaches_the_store_unprotected_for_analysts(viewer_exports) -> None:
    found = attacks.complement(viewer_exports["upload/analyst"])
    where = {r.where for r in found}
    assert "neet_16_17 2024 E09000033 sex/female" in where
    assert "neet_16_17 2024 E09000007 sex/male" in where


@pytest.mark.parametrize("data", ["default", "upload"])
def test_viewer_export_gives_no_complement_back(viewer_exports, data: str) -> None:
    found = attacks.complement(viewer_exports[f"{data}/viewer"])
    hidden = int(viewer_exports[f"{data}/viewer"]["hidden"].sum())
    assert found == [], f"{len(found)} complements 1-4 ({hidden} rows hidden):\n" + "\n".join(map(str, found[:30]))
