"""Reading observations in parts gives the same frame as reading them whole, typed by the query."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from indicators.services import uploads
from indicators.store import queries

HEADER = "indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci\n"


def _file(tmp_path: Path) -> Path:
    """20 years of one series: the first 10 without numerator or interval, the last 10 with them."""
    rows = []
    for i in range(20):
        year = 2000 + i
        figures = "12,1000,1.2,0.6,2.1" if i >= 10 else ",,1.2,,"
        rows.append(f"suspension_rate,{year}/{str(year + 1)[2:]},E09000019,Islington,all,all,{figures}\n")
    path = tmp_path / "reads.csv"
    path.write_text(HEADER + "".join(rows))
    return path


def _read(engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return queries.observations(conn, indicator_ids=["suspension_rate"])


def test_a_read_in_parts_is_the_whole_read(empty_engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = uploads.ingest_in_parts(empty_engine, _file(tmp_path), user="analyst")
    assert out.state.ok
    whole = _read(empty_engine)
    monkeypatch.setattr(queries, "READ_PART_ROWS", 3)  # the first three parts have no numerator or interval
    in_parts = _read(empty_engine)
    assert len(in_parts) == 20
    pd.testing.assert_frame_equal(in_parts, whole)
    for column in ("numerator", "denominator", "value", "lower_ci", "upper_ci"):
        assert in_parts[column].dtype == "float64", column  # not objects from an all-empty part
    assert in_parts["lower_ci"].isna().sum() == 10 and in_parts["lower_ci"].iloc[-1] == 0.6
    assert pd.api.types.is_string_dtype(in_parts["marker"]) and (in_parts["marker"].fillna("") == "").all()


def test_an_empty_read_has_the_columns(empty_engine) -> None:
    frame = _read(empty_engine)
    assert frame.empty and "value" in frame.columns
