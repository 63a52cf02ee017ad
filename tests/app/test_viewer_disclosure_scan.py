"""A viewer never sees a count from 1 to 4: every KPI page's table, and every breakdown the service serves."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.catalogue import load_catalogue
from indicators.services import series
from indicators.store.db import get_engine
from tests.app.conftest import page

CATALOGUE = load_catalogue()


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
    for frame in (d.value for d in at.dataframe):
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
