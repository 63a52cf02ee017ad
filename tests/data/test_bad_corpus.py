"""The bad-file corpus: every file in tests/data/bad is rejected with exactly the problems in expected.csv.

expected.csv lists (file, row, column, code) for each expected problem; row and column are blank
for whole-file problems. Every *error* read_upload reports must be listed, and every listed problem
(errors and the odd warning) must be reported. Files named too_large* are read with a 200-byte limit.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from indicators.ingest.pipeline import read_upload
from indicators.ingest.problems import REASON_CODES, format_problem
from tests.unit.ingest.fixtures import make_reference

BAD = Path(__file__).parent / "bad"
REFERENCE = make_reference()


def _manifest() -> dict[str, set[tuple[int | None, str | None, str]]]:
    expected: dict[str, set] = defaultdict(set)
    with open(BAD / "expected.csv", newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            expected[rec["file"]].add((int(rec["row"]) if rec["row"] else None, rec["column"] or None, rec["code"]))
    return expected


EXPECTED = _manifest()


def test_every_bad_file_is_in_the_manifest():
    files = {p.name for p in BAD.iterdir() if p.name != "expected.csv"}
    assert files == set(EXPECTED)
    assert len(files) >= 45


def test_manifest_codes_are_declared():
    assert {code for problems in EXPECTED.values() for _, _, code in problems} <= set(REASON_CODES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_rejected_with_expected_problems(name):
    max_bytes = 200 if name.startswith("too_large") else 50 * 1024 * 1024
    parsed = read_upload((BAD / name).read_bytes(), name, REFERENCE, max_bytes=max_bytes)
    assert not parsed.ok, f"{name} was accepted"
    reported = {(p.row, p.column, p.code) for p in parsed.problems}
    errors = {(p.row, p.column, p.code) for p in parsed.problems if p.is_error}
    listing = "\n".join(format_problem(p, name) for p in parsed.problems)
    assert EXPECTED[name] <= reported, f"missing: {EXPECTED[name] - reported}\n{listing}"
    assert errors <= EXPECTED[name], f"unexpected: {errors - EXPECTED[name]}\n{listing}"
