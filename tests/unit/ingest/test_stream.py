"""A large file read in parts gives the rows and problems a whole read gives, numbered as the file's lines."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from indicators.ingest.pipeline import read_upload
from indicators.ingest.problems import Reason
from indicators.ingest.reference import Reference
from indicators.ingest.stream import read_parts

REF = Reference.default()
SOURCES = Path(__file__).resolve().parents[3].parent / "shared" / "data-sources"
CIN = SOURCES / "dfe_cin_assessment_factors" / "c3_factors_identified_at_end_of_assessment_2018_to_2025.csv"
NATIVE = Path(__file__).resolve().parents[2] / "data" / "good" / "native_utf8.csv"
COLUMNS = ["indicator_id", "period", "area_code", "dimension", "category", "numerator", "denominator", "value"]


def _in_parts(path: Path, part_rows: int):
    state, parts = read_parts(path, REF, part_rows=part_rows)
    frames = list(parts)
    return state, (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame())


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["source_row", "indicator_id"]).reset_index(drop=True)[[*COLUMNS, "source_row"]]


def _native(tmp_path: Path, body: list[str], comments: int = 0) -> Path:
    lines = NATIVE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "native.csv"
    path.write_text("".join(f"# note {i}\n" for i in range(comments)) + "\n".join([lines[0], *body]) + "\n")
    return path


def _rows(n: int) -> list[str]:
    """n distinct valid native rows: suspensions per 100 pupils, one area, periods x categories."""
    cats = ["all", "black", "white", "asian", "mixed", "other"]
    out = []
    for i in range(n):
        year, cat = 2000 + i // len(cats), cats[i % len(cats)]
        dim = "all" if cat == "all" else "ethnicity"
        out.append(f"suspension_rate,{year}/{str(year + 1)[2:]},E09000019,Islington,{dim},{cat},5,100,5,,,")
    return out


@pytest.mark.skipif(not CIN.exists(), reason="shared data-sources folder not available")
def test_the_real_cin_file_in_parts_gives_exactly_the_whole_files_rows() -> None:
    whole = read_upload(CIN.read_bytes(), CIN.name, REF, max_bytes=None)
    state, frame = _in_parts(CIN, part_rows=100)  # a publisher layout: read whole whatever the part size
    assert whole.ok and state.ok and state.format == whole.format == "ees"
    pd.testing.assert_frame_equal(_sorted(frame), _sorted(whole.frame), check_dtype=False)
    assert state.rows_valid == len(whole.frame)
    # one warning per root cause, not one per part (the whole read gives the same two)
    assert sorted((p.column, p.code) for p in state.problems) == sorted((p.column, p.code) for p in whole.problems)


@pytest.mark.parametrize("name", sorted(p.name for p in (NATIVE.parent).glob("*.csv")))
def test_every_good_fixture_in_parts_of_three_lines_gives_the_whole_reads_rows(name: str) -> None:
    """Publisher layouts, comment lines, a BOM with CRLF, cp1252, quoted cells: all read the same in parts."""
    path = NATIVE.parent / name
    whole = read_upload(path.read_bytes(), name, REF, max_bytes=None)
    state, frame = _in_parts(path, part_rows=3)
    assert state.ok == whole.ok, [p.message for p in state.errors]
    if whole.ok:
        assert state.format == whole.format and len(frame) == len(whole.frame)
        pd.testing.assert_frame_equal(_sorted(frame), _sorted(whole.frame), check_dtype=False)


def test_rows_keep_the_files_line_numbers_after_comment_lines(tmp_path: Path) -> None:
    path = _native(tmp_path, _rows(25), comments=3)  # header on line 4, data on lines 5-29
    state, frame = _in_parts(path, part_rows=7)
    assert state.ok and len(frame) == 25
    assert frame["source_row"].tolist() == list(range(5, 30))
    assert frame["period"].iloc[-1] == "2004/05"  # row 25 (index 24): year 2000 + 24 // 6


def test_a_key_repeated_in_a_later_part_is_refused_at_its_own_line(tmp_path: Path) -> None:
    body = _rows(12)
    body.append(body[1])  # line 14 repeats line 3
    state, _ = _in_parts(_native(tmp_path, body), part_rows=5)
    (error,) = [p for p in state.errors if p.code == Reason.DUPLICATE_KEY]
    assert error.row == 14 and "earlier row" in error.message


def test_an_error_in_a_later_part_stops_the_reading_at_its_line(tmp_path: Path) -> None:
    body = _rows(30)
    body[21] = body[21].replace(",5,100,5,", ",abc,100,5,")  # line 23
    state, parts = read_parts(_native(tmp_path, body), REF, part_rows=10)
    taken = list(parts)
    assert sum(len(f) for f in taken) == 19  # lines 2-20 (the first part holds the header); lines 21-30 failed
    bad = [p for p in state.errors if p.code == Reason.BAD_NUMBER]
    assert bad and bad[0].row == 23 and bad[0].column == "numerator"
    assert not state.ok


def test_emptiness_is_judged_on_the_whole_file_not_on_one_part(tmp_path: Path) -> None:
    state, frame = _in_parts(_native(tmp_path, []), part_rows=2)
    assert frame.empty and [p.code for p in state.errors] == [Reason.EMPTY_FILE]
    state, frame = _in_parts(_native(tmp_path, _rows(3)), part_rows=1)  # the first part is the header alone
    assert state.ok and len(frame) == 3
