"""The store: commit in one transaction, versions, no-op re-uploads, rollback — on SQLite and PostgreSQL."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select

from indicators.errors import VersionError
from indicators.ingest.problems import IngestRejected
from indicators.services import uploads
from indicators.store import queries
from indicators.store.db import session_scope
from indicators.store.models import DatasetVersion, Observation
from indicators.store.writes import rollback

HEADER = (
    "indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci,note\n"
)


def _csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8")


V1 = _csv(
    "knife_crime_victims_under_25,2021/22,E09000019,Islington,all,all,40,,,,,",
    "knife_crime_victims_under_25,2022/23,E09000019,Islington,all,all,35,,,,,",
    "neet_16_17,2023,E09000019,Islington,all,all,120,4000,3.0,,,",
)
V2 = _csv(
    "knife_crime_victims_under_25,2021/22,E09000019,Islington,all,all,41,,,,,",  # changed
    "knife_crime_victims_under_25,2022/23,E09000019,Islington,all,all,35,,,,,",  # unchanged
    "knife_crime_victims_under_25,2023/24,E09000019,Islington,all,all,30,,,,,",  # added
)


def _live(engine) -> pd.DataFrame:
    with engine.connect() as conn:
        frame = queries.observations(conn, indicator_ids=["knife_crime_victims_under_25", "neet_16_17"])
    return frame.sort_values(["indicator_id", "period"])[["indicator_id", "period", "numerator", "value"]]


def _commit(engine, data: bytes, name: str = "upload.csv"):
    parsed = uploads.parse(data, name)
    assert parsed.ok, [p.describe() for p in parsed.errors]
    return uploads.commit(engine, parsed, user="tester")


def test_commit_counts_and_versions(empty_engine) -> None:
    first = _commit(empty_engine, V1)
    assert (first.summary.added, first.summary.changed, first.summary.unchanged) == (3, 0, 0)
    second = _commit(empty_engine, V2)
    assert (second.summary.added, second.summary.changed, second.summary.unchanged) == (1, 1, 1)
    live = _live(empty_engine)
    knife = live[live["indicator_id"] == "knife_crime_victims_under_25"]
    assert knife["numerator"].tolist() == [41, 35, 30]
    with empty_engine.connect() as conn:
        versions = queries.versions(conn)
    assert versions["is_current"].tolist() == [True, False]
    assert versions.iloc[0][["rows_added", "rows_changed", "rows_unchanged"]].tolist() == [1, 1, 1]


def test_identical_reupload_is_a_noop(empty_engine) -> None:
    _commit(empty_engine, V1)
    again = _commit(empty_engine, V1)
    assert again.version_id is None
    assert "identical" in again.message
    with session_scope(empty_engine) as s:
        assert s.execute(select(func.count()).select_from(DatasetVersion)).scalar_one() == 1


def test_rollback_restores_an_earlier_version_exactly_and_deletes_nothing(empty_engine) -> None:
    v1 = _commit(empty_engine, V1).version_id
    before = _live(empty_engine).reset_index(drop=True)
    v2 = _commit(empty_engine, V2).version_id
    with session_scope(empty_engine) as s:
        rows_before = s.execute(select(func.count()).select_from(Observation)).scalar_one()
        rollback(s, v1, user="tester")
    pd.testing.assert_frame_equal(_live(empty_engine).reset_index(drop=True), before)
    with session_scope(empty_engine) as s:
        assert s.execute(select(func.count()).select_from(Observation)).scalar_one() == rows_before
        rollback(s, v2, user="tester")  # and forward again
    assert _live(empty_engine)["numerator"].tolist()[:3] == [41, 35, 30]


def test_upload_after_rollback_builds_on_the_restored_version(empty_engine) -> None:
    v1 = _commit(empty_engine, V1).version_id
    _commit(empty_engine, V2)
    with session_scope(empty_engine) as s:
        rollback(s, v1, user="tester")
    v3 = _commit(empty_engine, _csv("neet_16_17,2024,E09000019,Islington,all,all,100,4000,2.5,,,")).version_id
    with session_scope(empty_engine) as s:
        assert s.get(DatasetVersion, v3).parent_id == v1
    knife = _live(empty_engine).query("indicator_id == 'knife_crime_victims_under_25'")
    assert knife["numerator"].tolist() == [40, 35]  # version 2's rows stay hidden


def test_rollback_to_a_missing_version_is_a_clear_error(empty_engine) -> None:
    _commit(empty_engine, V1)
    with pytest.raises(VersionError, match="no dataset version 99"), session_scope(empty_engine) as s:
        rollback(s, 99, user="tester")


def test_a_rejected_file_writes_nothing(empty_engine) -> None:
    _commit(empty_engine, V1)
    before = _live(empty_engine)
    bad = _csv("knife_crime_victims_under_25,2021/22,E09000019,Islington,all,all,-3,,,,,")
    parsed = uploads.parse(bad, "bad.csv")
    assert not parsed.ok
    with pytest.raises(IngestRejected):
        uploads.commit(empty_engine, parsed, user="tester")
    pd.testing.assert_frame_equal(_live(empty_engine), before)


def test_failure_part_way_through_commit_leaves_previous_data_current(empty_engine, monkeypatch) -> None:
    _commit(empty_engine, V1)
    before = _live(empty_engine)
    from indicators.store import writes as loader

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(loader, "_bulk_insert", explode)
    with pytest.raises(OSError):
        _commit(empty_engine, V2)
    pd.testing.assert_frame_equal(_live(empty_engine), before)
    with empty_engine.connect() as conn:
        assert queries.versions(conn)["is_current"].tolist() == [True]


def test_awkward_text_and_full_precision_numbers_round_trip(empty_engine) -> None:
    # PostgreSQL loads through COPY in CSV format: quotes, commas, line breaks, empty strings and
    # NULLs must come back exactly as uploaded, and floats to the last bit.
    data = _csv(
        'neet_16_17,2022,E09000019,Islington,all,all,1,3,33.333333333333336,,,"Said ""provisional"", then\nrevised"',
        "neet_16_17,2023,E09000019,Islington,all,all,,,3.5,,,",  # a value alone: counts NULL, note empty
    )
    parsed = uploads.parse(data, "awkward.csv")
    assert parsed.ok, [p.describe() for p in parsed.errors]
    uploads.commit(empty_engine, parsed, user="tester")
    with empty_engine.connect() as conn:
        frame = queries.observations(conn, indicator_ids=["neet_16_17"]).sort_values("period")
    first, second = frame.iloc[0], frame.iloc[1]
    assert first["value"] == 100 / 3
    assert (first["numerator"], first["denominator"]) == (1, 3)
    assert first["note"] == 'Said "provisional", then\nrevised'
    assert first["marker"] == "" and second["note"] == "" and second["marker"] == ""
    assert second["value"] == 3.5
    assert pd.isna(second["numerator"]) and pd.isna(second["denominator"]) and pd.isna(second["lower_ci"])
