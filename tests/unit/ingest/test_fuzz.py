"""Seeded fuzzing of the upload pipeline with mutants of real files (issue 22).

At least 300 mutants (truncations, byte flips, NUL bytes, stray quotes, huge cells and headers,
odd periods, other encodings and delimiters) of real publisher files and the good test files. For
every mutant: no exception escapes read_upload and its last-resort guard never fires (every failure
is a problem with a reason), a refusal writes nothing, and an accepted file commits exactly the rows
it previewed.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import func, select

from indicators.ingest.pipeline import read_upload
from indicators.ingest.shape import Limits
from indicators.services import uploads
from indicators.store.models import DatasetVersion
from tests.unit.ingest.fixtures import DATA

SEED = 20261202
MUTANTS = 320
SHARED = Path("/work/shared/data-sources")
GUARD = "the file could not be read ("


def _bases() -> list[tuple[str, bytes]]:
    """The first lines of each real CSV (small enough for hundreds of runs) and the good test files."""
    files = sorted(SHARED.rglob("*.csv")) if SHARED.is_dir() else []
    out = []
    for path in [*files, *sorted((DATA / "good").glob("*.csv"))]:
        lines = path.read_bytes().splitlines(keepends=True)
        out.append((path.name, b"".join(lines[:40])))
    return out


def _mutate(rng: random.Random, data: bytes) -> bytes:
    kind = rng.randrange(12)
    at = rng.randrange(max(len(data), 1))
    if kind == 0:
        return data[:at]  # cut short anywhere, inside a number or a quoted cell
    if kind == 1:
        return data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
    if kind == 2:
        return data[:at] + b"\x00" + data[at:]
    if kind == 3:
        return data[:at] + b'"' + data[at:]
    if kind == 4:
        return data[:at] + b"x" * rng.choice([40_000, 200_000]) + data[at:]
    if kind == 5:
        return b",".join([b"c"] * rng.choice([2_000, 200_000])) + b"\n" + data
    if kind == 6:
        odd = rng.choice([b"0000/01", b"0000", b"9999/00", b"1500", b"2031", b"0001"])
        return data.replace(b"2021", odd, 3).replace(b"2019/20", odd, 3)
    if kind == 7:
        try:
            return data.decode("utf-8").encode(rng.choice(["utf-16", "cp1252", "shift_jis", "gb18030"]))
        except (UnicodeDecodeError, UnicodeEncodeError):
            return data[::-1]
    if kind == 8:
        return data.replace(b",", rng.choice([b";", b"\t"]))
    if kind == 9:
        return data.replace(b"\n", b"\r", rng.randrange(1, 5))
    if kind == 10:
        return b"# Source: test\n" * rng.randrange(1, 4) + data + b"Total,,,,\n"
    return data[:at] + data[at:][::-1]


def test_mutants_never_escape_and_refusals_write_nothing(empty_engine) -> None:
    rng = random.Random(SEED)
    bases = _bases()
    assert len(bases) >= 10
    reference = uploads.reference()
    with empty_engine.connect() as conn:
        versions = conn.execute(select(func.count()).select_from(DatasetVersion)).scalar_one()
    accepted = 0
    for i in range(MUTANTS):
        name, base = bases[i % len(bases)]
        data = _mutate(rng, base)
        parsed = read_upload(data, f"mutant{i}-{name}", reference, max_bytes=None, limits=Limits())
        assert not any(p.message.startswith(GUARD) for p in parsed.problems), (i, name, parsed.problems)
        assert all(p.code and p.message for p in parsed.problems)
        if parsed.ok and len(parsed.frame):
            accepted += 1
            if accepted <= 20:  # committing is the slow part: enough to show accepted files load
                summary = uploads.preview(empty_engine, parsed)
                result = uploads.commit(empty_engine, parsed, user="fuzz")
                assert (result.summary.added, result.summary.changed) == (summary.added, summary.changed)
                versions += result.version_id is not None  # an upload changing nothing makes no version
        else:
            with pytest.raises(uploads.IngestRejected):
                uploads.commit(empty_engine, parsed, user="fuzz")
        with empty_engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(DatasetVersion)).scalar_one() == versions
    assert accepted > 0
