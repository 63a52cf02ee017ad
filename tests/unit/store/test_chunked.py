"""A file written part by part: one version, all or nothing, and the same counts as a whole commit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from indicators.ingest import stream
from indicators.services import uploads, versions
from indicators.store.models import Observation
from indicators.store.writes import count_current

HEADER = (
    "indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci,note\n"
)
CATS = ["all", "black", "white", "asian", "mixed", "other"]


def _file(tmp_path: Path, n: int, numerator: int = 5, bad_line: int | None = None) -> Path:
    rows = []
    for i in range(n):
        year, cat = 2000 + i // len(CATS), CATS[i % len(CATS)]
        dim = "all" if cat == "all" else "ethnicity"
        num = "abc" if bad_line == i + 2 else str(numerator)
        rows.append(
            f"suspension_rate,{year}/{str(year + 1)[2:]},E09000019,Islington,{dim},{cat},{num},100,{numerator},,,\n"
        )
    path = tmp_path / f"parts-{numerator}-{bad_line}.csv"
    path.write_text(HEADER + "".join(rows))
    return path


@pytest.fixture
def in_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "PART_ROWS", 7)  # 40 rows: 6 parts


def _stored(engine) -> tuple[int, int]:
    with engine.connect() as conn:
        current = count_current(Session(bind=conn))
        hidden = conn.execute(select(func.count()).where(Observation.current.is_(False))).scalar_one()
    return current, hidden


def test_parts_commit_as_one_version_every_row_current(empty_engine, tmp_path: Path, in_parts) -> None:
    before = len(versions.versions(empty_engine))
    out = uploads.ingest_in_parts(empty_engine, _file(tmp_path, 40), user="analyst")
    assert out.state.ok and out.result is not None and out.result.version_id is not None
    assert (out.summary.added, out.summary.changed) == (40, 0)
    assert _stored(empty_engine) == (40, 0)  # none left hidden by the part-by-part write
    listed = versions.versions(empty_engine)
    assert len(listed) == before + 1
    # a second file changing every value: the old rows stop being current, in the same one version
    out = uploads.ingest_in_parts(empty_engine, _file(tmp_path, 40, numerator=6), user="analyst")
    assert (out.summary.added, out.summary.changed) == (0, 40)
    assert _stored(empty_engine) == (40, 40)
    assert len(versions.versions(empty_engine)) == before + 2


def test_a_rejected_later_part_leaves_the_store_as_it_was(empty_engine, tmp_path: Path, in_parts) -> None:
    uploads.ingest_in_parts(empty_engine, _file(tmp_path, 40), user="analyst")
    stored, listed = _stored(empty_engine), len(versions.versions(empty_engine))
    out = uploads.ingest_in_parts(empty_engine, _file(tmp_path, 40, numerator=6, bad_line=37), user="analyst")
    assert not out.state.ok and out.result is None and out.summary is None
    assert any(p.row == 37 for p in out.state.errors)
    assert _stored(empty_engine) == stored and len(versions.versions(empty_engine)) == listed


def test_the_same_file_again_makes_no_version_and_a_dry_run_writes_nothing(
    empty_engine, tmp_path: Path, in_parts
) -> None:
    path = _file(tmp_path, 40)
    dry = uploads.ingest_in_parts(empty_engine, path, user="analyst", dry_run=True)
    assert dry.summary.added == 40 and dry.result is None and _stored(empty_engine) == (0, 0)
    uploads.ingest_in_parts(empty_engine, path, user="analyst")
    listed = len(versions.versions(empty_engine))
    again = uploads.ingest_in_parts(empty_engine, path, user="analyst")
    assert again.result is not None and again.result.version_id is None and again.summary.unchanged == 40
    assert len(versions.versions(empty_engine)) == listed
