"""A viewer never sees a count from 1 to 4: every KPI page's table, and every breakdown the service serves."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st

from indicators.areas import STATISTICAL_NEIGHBOURS
from indicators.catalogue import load_catalogue
from indicators.services import series
from indicators.store.db import get_engine
from tests.app.conftest import ROOT, figures, page, tables, trace_values
from tests.disclosure import attacks

CATALOGUE = load_catalogue()
UNITS = {i.id: i.unit for i in CATALOGUE.indicators}
SMALL = Path(__file__).resolve().parents[1] / "disclosure" / "data" / "small_counts.csv"


def _small(values) -> list[float]:
    out = []
    for v in values:
        try:
            f = float(str(v).replace(",", ""))
        except ValueError:
            continue
        if 0 < f < 5:
            out.append(f)
    return out


@pytest.mark.parametrize("indicator_id", [i.id for i in CATALOGUE.kpis()])
def test_kpi_page_table_shows_no_small_count_to_a_viewer(indicator_id: str) -> None:
    at = page("indicator", id=indicator_id).run()
    assert not at.exception
    shown = tables(at)
    assert shown, "the page shows its tables"  # so the scan below reads something
    for frame in shown:
        for column in ("Count", "Denominator"):
            if column in frame:
                assert not _small(frame[column]), (indicator_id, column)


def test_every_breakdown_served_to_viewers_is_suppressed() -> None:
    engine = get_engine()
    index = series.breakdown_index(engine)
    pairs = index[index["dimension"] != "all"][["indicator_id", "dimension"]].drop_duplicates()
    assert len(pairs) > 10
    for ind_id, dim in pairs.itertuples(index=False):
        frame = series.breakdown(engine, ind_id, dim, "viewer")
        counts = [frame["numerator"], frame["denominator"]]
        if CATALOGUE.get(ind_id).unit == "count":
            counts.append(frame["value"])
        assert not _small(pd.concat(counts)), (ind_id, dim)


def test_analysts_do_see_the_small_counts_the_viewer_does_not() -> None:
    engine = get_engine()
    frame = series.breakdown(engine, "yj_custody", "ethnicity", "analyst")
    assert _small(frame["value"]), "the illustrative custody counts include small numbers"
    viewer = series.breakdown(engine, "yj_custody", "ethnicity", "viewer")
    assert (viewer["marker"] == "c").sum() >= 2


# ---------------------------------------------------------------------------------------------
# issue 16: the pages' own data (chart JSON, tables) against the attacks, default and small data
# ---------------------------------------------------------------------------------------------

NEIGHBOUR_TRACE = "Statistical neighbours"


def _page_data(at) -> str:
    """Everything the page sends that carries numbers: chart JSON and table cells, as text."""
    parts = [json.dumps(f) for f in figures(at)]
    parts += [frame.to_csv(index=False) for frame in tables(at)]
    return "\n".join(parts)


def _neighbour_average_from_chart(at, indicator_id: str) -> pd.DataFrame:
    """The neighbour average as the chart carries it: period from the hover text, value from y."""
    rows = []
    for fig in figures(at):
        for trace in fig.get("data", []):
            if trace.get("name") == NEIGHBOUR_TRACE:
                for text, y in zip(trace.get("text", []), trace_values(trace.get("y")), strict=True):
                    rows.append(
                        {
                            "indicator_id": indicator_id,
                            "period": text.split(":")[0],
                            "value": y,
                            "n_areas": _averaged(text),
                        }
                    )
    return pd.DataFrame(rows, columns=["indicator_id", "period", "value", "n_areas"])


def _averaged(text: str) -> float:
    """'Average of 9 of 10 neighbours' in the hover text says how many areas the mean is over."""
    match = re.search(r"Average of (\d+) of", text)
    return float(match.group(1)) if match else float("nan")


def _viewer_export(engine) -> pd.DataFrame:
    frame = series.export_frame(engine, "viewer")
    shown = frame.astype(object).where(frame.notna(), "").astype(str)
    return attacks.prepare(shown, UNITS)


@pytest.mark.parametrize("indicator_id", ["permanent_exclusion_rate", "suspension_rate", "neet_16_17"])
def test_kpi_chart_neighbour_average_is_rounded_and_gives_nothing_back(indicator_id: str) -> None:
    at = page("indicator", id=indicator_id).run()
    assert not at.exception
    average = _neighbour_average_from_chart(at, indicator_id)
    assert len(average) >= 3
    decimals = CATALOGUE.get(indicator_id).decimals
    assert all(round(v, decimals) == v for v in average["value"]), average["value"].tolist()
    found = attacks.neighbour_average(average, _viewer_export(get_engine()), list(STATISTICAL_NEIGHBOURS))
    assert found == [], [str(r) for r in found]


@pytest.fixture
def small_counts_uploaded():
    """tests/disclosure/data/small_counts.csv committed to the app's database, rolled back after."""
    env = {**os.environ}
    run = [sys.executable, "-m", "indicators"]
    done = subprocess.run(
        [*run, "ingest", str(SMALL), "--user", "disclosure-test"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    before = int(done.stdout.split("Committed version ")[1].split(":")[0]) - 1
    st.cache_data.clear()
    st.cache_resource.clear()  # the drawn views (ui.rendered) are keyed by data version only
    yield
    undo = subprocess.run(
        [*run, "rollback", str(before), "--user", "disclosure-test"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    assert undo.returncode == 0, undo.stderr
    st.cache_data.clear()
    st.cache_resource.clear()  # the drawn views (ui.rendered) are keyed by data version only


def test_small_counts_upload_gives_nothing_back_on_the_pages(small_counts_uploaded) -> None:
    export = _viewer_export(get_engine())
    assert attacks.run_all(export) == []
    # 3 of 25,000 in Camden's rate: the neighbour average the chart carries leaves it out
    at = page("indicator", id="permanent_exclusion_rate").run()
    assert not at.exception
    average = _neighbour_average_from_chart(at, "permanent_exclusion_rate")
    latest = average[average["period"] == "2023/24"]
    assert len(latest) == 1 and latest["n_areas"].iloc[0] < 10  # the hover says who is left out
    assert attacks.neighbour_average(average, export, list(STATISTICAL_NEIGHBOURS)) == []
    # the ratio KPI built on 3 Black offenders (of 547) is hidden, on its page too
    kpi = series.indicator_series(get_engine(), ["youth_justice_disproportionality"], "viewer")
    islington = kpi["youth_justice_disproportionality"].series.set_index("period")
    assert islington.loc["2017/18", "marker"] == "c" and pd.isna(islington.loc["2017/18", "value"])
    at = page("indicator", id="youth_justice_disproportionality").run()
    assert not at.exception
    assert "0.021" not in _page_data(at)
    # 2 of 37 (5.4%, 1.5-17.7) and 4 of 15 (26.67%) in NEET breakdowns: neither figure is sent
    for dimension in ("sen", "looked_after"):
        at = page("cohorts", indicator="neet_16_17", dimension=dimension, period="2024").run()
        assert not at.exception
        data = _page_data(at)
        assert "17.7" not in data and "26.67" not in data and "26.7" not in data, dimension
