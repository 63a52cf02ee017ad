"""Issue 16: no count from 1 to 4 comes back from what a viewer receives, by any of the attacks in
tests/disclosure/attacks.py, on the default data and on data made small.

First each attack is shown to work (it recovers the planted count from a frame shown unprotected),
then the same figures are run through the product and the attack must find nothing.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators.areas import STATISTICAL_NEIGHBOURS
from indicators.catalogue import load_catalogue
from indicators.ingest.readers import NATIVE_COLUMNS
from indicators.services import rri as rri_service
from indicators.services import series
from indicators.store.db import make_engine
from indicators.suppression import suppress
from tests.conftest import REPO_ROOT, SEEDED_DB
from tests.disclosure import attacks

CATALOGUE = load_catalogue()
UNITS = {i.id: i.unit for i in CATALOGUE.indicators}
DECIMALS = {i.id: i.decimals for i in CATALOGUE.indicators}
NEIGHBOURS = list(STATISTICAL_NEIGHBOURS)
SMALL = Path(__file__).parent / "data" / "small_counts.csv"
MARK = "# OFFICIAL-SENSITIVE - not for publication"
COLUMNS = list(NATIVE_COLUMNS[:11])  # indicator_id .. upper_ci


def row(
    ind: str, period: str, area: str, dim: str = "all", cat: str = "all", num=None, den=None, val=None, lo=None, hi=None
) -> dict:
    return {
        "indicator_id": ind,
        "period": period,
        "area_code": area,
        "area_name": area,
        "dimension": dim,
        "category": cat,
        "numerator": num,
        "denominator": den,
        "value": val,
        "lower_ci": lo,
        "upper_ci": hi,
    }


def as_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame as the export shows it: strings, with 'c' where a suppressed number was."""
    out = frame.reindex(columns=COLUMNS).astype(object)
    hidden = frame["marker"].eq("c") if "marker" in frame else pd.Series(False, index=frame.index)
    for col in ("numerator", "value"):
        out.loc[hidden & out[col].isna(), col] = "c"
    return out.where(out.notna(), "").astype(str)


def attack(frame: pd.DataFrame) -> list[attacks.Recovered]:
    return attacks.run_all(attacks.prepare(frame, UNITS))


# ---------------------------------------------------------------------------------------------
# 1. the attacks are real: each recovers its planted count when nothing protects it
# ---------------------------------------------------------------------------------------------

# the issue's examples, as an analyst holds them (the true counts are there to check the attack)
PLANTED = {
    # 0.0042% of about 23,000 pupils: the denominator comes from the same series a year earlier
    "value x denominator": (
        [
            row("permanent_exclusion_rate", "2018/19", "A", num=40, den=23_500, val=0.1702),
            row("permanent_exclusion_rate", "2019/20", "A", val=0.0042),
        ],
        1,
    ),
    # 180.5 per 100,000 with 4.57-1,005.71 is exact Poisson for a count of 1
    "Byar/exact Poisson interval": (
        [
            row("first_time_entrants", "2024", "A", val=180.5, lo=4.57, hi=1005.71),
        ],
        1,
    ),
    # 5.4% with 1.5-17.7 is Wilson for 2 of 37
    "Wilson interval": (
        [
            row("neet_16_17", "2024", "A", val=5.4, lo=1.5, hi=17.7),
        ],
        2,
    ),
    # 26.67% of 15 is 4
    "value x denominator (small denominator)": (
        [
            row("neet_16_17", "2024", "A", den=15, val=26.67),
        ],
        4,
    ),
    # the ratio KPI (3/547 Black offenders against 2207/8490 Black pupils = 0.021) with its inputs
    "ratio KPI inversion": (
        [
            row("youth_justice_disproportionality", "2017/18", "A", val=0.021),
            row("yj_offenders_linked", "2017/18", "A", num=547, den=547, val=100),
            row("yj_offenders_linked", "2017/18", "A", "ethnicity", "black", num="c", den=547, val="c"),
            row("pupils_linked_cohort", "2017/18", "A", num=8490, den=8490, val=100),
            row("pupils_linked_cohort", "2017/18", "A", "ethnicity", "black", num=2207, den=8490, val=26),
        ],
        3,
    ),
    # one hidden cell under a shown total
    "total minus categories": (
        [
            row("yj_custody", "2024/25", "A", num=9, val=9),
            row("yj_custody", "2024/25", "A", "sex", "female", num="c", val="c"),
            row("yj_custody", "2024/25", "A", "sex", "male", num=6, val=6),
        ],
        3,
    ),
    # [c] beside zeros: all were in that group
    "all in one group": (
        [
            row("yj_custody", "2024/25", "A", num="c", val="c"),
            row("yj_custody", "2024/25", "A", "looked_after", "looked_after", num="c", val="c"),
            row("yj_custody", "2024/25", "A", "looked_after", "not_looked_after", num=0, val=0),
        ],
        1,
    ),
}


@pytest.mark.parametrize("name", list(PLANTED))
def test_each_attack_recovers_its_planted_count(name: str) -> None:
    rows, count = PLANTED[name]
    shown = pd.DataFrame(rows).astype(object)
    shown = shown.where(shown.notna(), "").astype(str)
    found = attack(shown)
    assert [round(r.count) for r in found] == [count], found


def test_the_neighbour_average_attack_recovers_three_of_25000() -> None:
    """The issue's case: nine neighbours shown, the tenth (3 of 25,000 = 0.012%) hidden, and a
    full-precision average of all ten: 10 x 0.06712 - the nine shown = 0.012%, x 25,000 = 3."""
    shown = [0.1591, 0.045, 0.1578, 0.1511, 0.0801, 0.0368, 0.0319, 0.0311, 0.0384]
    rows = [
        row("permanent_exclusion_rate", "2023/24", code, val=v) for code, v in zip(NEIGHBOURS[1:], shown, strict=True)
    ]
    rows.append(row("permanent_exclusion_rate", "2023/24", NEIGHBOURS[0], num="c", den=25_000, val="c"))
    frame = attacks.prepare(pd.DataFrame(rows).astype(str).replace("None", ""), UNITS)
    average = pd.DataFrame(
        [{"indicator_id": "permanent_exclusion_rate", "period": "2023/24", "value": (sum(shown) + 0.012) / 10}]
    )
    found = attacks.neighbour_average(average, frame, NEIGHBOURS)
    assert [round(r.count) for r in found] == [3]


def test_the_rri_attack_recovers_a_hidden_group_from_the_reference() -> None:
    # a = RRI x c x n_g / n_r = 0.5 x 40 x 1000 / 20000 = 1
    table = pd.DataFrame(
        {"category": ["white", "asian"], "events": [40, float("nan")], "population": [20_000, 1_000], "rri": [1.0, 0.5]}
    )
    assert [round(r.count) for r in attacks.rri_inversion(table, "white", "t")] == [1]


# ---------------------------------------------------------------------------------------------
# 2. the product's suppression defeats each attack on the same figures
# ---------------------------------------------------------------------------------------------


def _truth(rows: list[dict]) -> pd.DataFrame:
    """The analyst's frame behind a planted example: 'c' cells get small true counts."""
    frame = pd.DataFrame(rows)
    for col in ("numerator", "denominator", "value", "lower_ci", "upper_ci"):
        frame[col] = pd.to_numeric(frame[col].replace({"c": 3}), errors="coerce")
    return frame


@pytest.mark.parametrize("name", [n for n in PLANTED if n != "ratio KPI inversion"])
def test_suppression_leaves_each_attack_nothing(name: str) -> None:
    frame = _truth(PLANTED[name][0])
    if name == "all in one group":
        frame.loc[frame["category"] == "looked_after", "numerator"] = 3
        frame["value"] = frame["numerator"]
    out = suppress(frame, threshold=5, unit=UNITS)
    assert attack(as_shown(out)) == []


def test_suppression_hides_a_ratio_kpi_built_on_a_hidden_count() -> None:
    frame = _truth(PLANTED["ratio KPI inversion"][0])
    out = suppress(frame, threshold=5, unit=UNITS)
    kpi = out[out["indicator_id"] == "youth_justice_disproportionality"]
    assert kpi["marker"].tolist() == ["c"] and kpi["value"].isna().all()
    assert attack(as_shown(out)) == []


# ---------------------------------------------------------------------------------------------
# 3. the default data and the small fixture, through the CLI and the services
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seeded default data, and a copy with tests/disclosure/data/small_counts.csv uploaded."""
    folder = tmp_path_factory.mktemp("disclosure")
    default, small = folder / "default.sqlite", folder / "small.sqlite"
    shutil.copy(SEEDED_DB, default)
    shutil.copy(SEEDED_DB, small)
    done = _cli(small, "ingest", str(SMALL), "--user", "disclosure-test")
    assert done.returncode == 0, done.stderr
    return {"default": default, "small": small}


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    return subprocess.run(
        [sys.executable, "-m", "indicators", *args], capture_output=True, text=True, cwd=REPO_ROOT, env=env, timeout=600
    )


@pytest.fixture(scope="module")
def exports(databases: dict[str, Path]) -> dict[tuple[str, str], pd.DataFrame]:
    out = {}
    for data, db in databases.items():
        for role in ("viewer", "analyst"):
            result = _cli(db, "export", "--role", role)
            assert result.returncode == 0, result.stderr
            text = result.stdout
            if text.startswith(MARK):  # the analyst's first line (test_analyst_export_is_marked)
                text = text.split("\n", 1)[1]
            out[(data, role)] = attacks.prepare(pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False), UNITS)
    return out


@pytest.mark.parametrize("data", ["default", "small"])
def test_viewer_export_gives_no_count_back(exports, data: str) -> None:
    found = attacks.run_all(exports[(data, "viewer")])
    assert found == [], "\n".join(map(str, found[:20]))


@pytest.mark.parametrize("data", ["default", "small"])
def test_the_same_attacks_do_find_small_counts_in_the_analyst_export(exports, data: str) -> None:
    """The data holds what the attacks look for: shown unprotected, they find it (the viewer
    export must hide exactly these)."""
    kinds = {r.attack.split(" (")[0] for r in attacks.run_all(exports[(data, "analyst")])}
    assert "value x denominator" in kinds
    if data == "small":
        assert {"Byar/exact Poisson interval", "Wilson interval"} <= kinds


def test_analyst_export_is_marked_not_for_publication_with_its_version(databases) -> None:
    first = _cli(databases["small"], "export", "--role", "analyst", "--indicator", "neet_16_17").stdout.split("\n")[0]
    assert first.startswith(MARK + "; ") and "dataset version 2 (" in first and "," not in first


def test_viewer_export_stays_in_the_native_shape(databases) -> None:
    result = _cli(databases["small"], "export", "--role", "viewer", "--indicator", "neet_16_17")
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert header[:12] == [*COLUMNS, "note"]
    assert "c: Confidential" in result.stderr  # the symbols' meanings, beside the CSV


@pytest.mark.parametrize("data", ["default", "small"])
def test_neighbour_averages_give_nothing_back(databases, exports, data: str) -> None:
    engine = make_engine(f"sqlite:///{databases[data]}")
    try:
        items = series.indicator_series(engine, [i.id for i in CATALOGUE.indicators], "viewer")
    finally:
        engine.dispose()
    viewer = exports[(data, "viewer")]
    found, checked, beyond_shown = [], 0, []
    for ind_id, item in items.items():
        average = item.comparators.get("Statistical neighbours")
        if average is None:
            continue
        found += attacks.neighbour_average(average.assign(indicator_id=ind_id), viewer, NEIGHBOURS)
        # nothing beyond what is shown: each average is the mean of the neighbours' shown figures
        shown = viewer[
            viewer["area_code"].isin(NEIGHBOURS)
            & (viewer["dimension"] == "all")
            & viewer["val"].notna()
            & (viewer["indicator_id"] == ind_id)
        ]
        places = DECIMALS[ind_id]
        means = shown.groupby("period")["val"].apply(lambda v, d=places: np.mean(_round(v, d)))
        for period, value in zip(average["period"], average["value"], strict=True):
            expected = _round(means.get(period, np.nan), places)
            if not (abs(value - expected) < 1e-9 and _decimals_of(value) <= places):
                beyond_shown.append((ind_id, period, value, expected))
            checked += 1
    assert checked > 100
    assert found == [], "\n".join(map(str, found))
    assert beyond_shown == [], beyond_shown[:5]


def _round(values, decimals: int):
    return np.floor(np.round(np.asarray(values, dtype=float) * 10**decimals, 6) + 0.5) / 10**decimals


def _decimals_of(value: float) -> int:
    text = repr(float(value))
    return 0 if text.endswith(".0") else len(text.split(".")[1]) if "e" not in text else 99


@pytest.mark.parametrize("data", ["default", "small"])
def test_rri_tables_give_nothing_back(databases, data: str) -> None:
    engine = make_engine(f"sqlite:///{databases[data]}")
    found, tables = [], 0
    try:
        options = rri_service.disproportionality_options(engine)
        for stage in options.stages:
            for dimension in options.dimensions[stage.id]:
                for period in options.periods[stage.id]:
                    result = rri_service.stage_rri_table(engine, stage.id, period, dimension, None, "viewer")
                    where = f"{stage.id} {period} {dimension}"
                    found += attacks.rri_inversion(result.table, result.reference, where)
                    tables += 1
    finally:
        engine.dispose()
    assert tables > 10
    assert found == [], "\n".join(map(str, found))


def test_the_small_fixture_plants_what_the_issue_describes(exports) -> None:
    analyst = exports[("small", "analyst")]
    camden = analyst[
        (analyst["indicator_id"] == "permanent_exclusion_rate")
        & (analyst["period"] == "2023/24")
        & (analyst["area_code"] == "E09000007")
    ]
    assert camden[["num", "den"]].iloc[0].tolist() == [3.0, 25_000.0]
    viewer = exports[("small", "viewer")]
    planted = viewer[viewer["note"].str.startswith("disclosure test")]
    assert len(planted) == 6 and planted["hidden"].all()
