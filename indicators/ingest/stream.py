"""A large CSV read in parts of whole lines, each read and validated by the one pipeline
(read_upload), so memory follows the part, not the file (the CLI's `ingest` of a national file).

Row numbers stay the file's own; a key repeated across parts is found through a compact set of
64-bit key hashes (never the rows themselves); the first part with an error stops the reading. Only
line-safe encodings (UTF-8, single-byte) of the native and Fingertips formats are read in parts;
anything else (a publisher layout, UTF-16) is read whole, as the page reads it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from indicators.ingest.formats import FORMATS
from indicators.ingest.pipeline import ParsedUpload, read_upload
from indicators.ingest.problems import Problem, ProblemList, Reason
from indicators.ingest.reference import Reference
from indicators.ingest.shape import shape_of

STREAM_BYTES = 16 * 1024 * 1024  # smaller files are read whole (one part)
PART_ROWS = 50_000  # lines per part: ~5 MB of a native file, ~60 MB of frames while validated
KEY = ["indicator_id", "area_code", "period", "dimension", "category"]
_WHOLE_FILE_ONLY = (Reason.EMPTY_FILE,)
# Formats whose rows stand alone. A publisher layout can combine rows (a pivot's lines, months
# summed into a year, minor groups rolled up), which a cut between parts would split: read whole.
ROW_WISE = ("native", "fingertips")  # judged on the whole file, not on one part


@dataclass
class StreamState(ProblemList):
    """What is kept across parts: the format, the problems, the counts and the key hashes."""

    filename: str
    format: str | None = None
    encoding: str | None = None
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    rows_valid: int = 0
    indicator_ids: set[str] = field(default_factory=set)
    _seen: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))  # sorted key hashes
    _warned: dict[tuple[str | None, str], int] = field(default_factory=dict)


def streamable(path: Path) -> bool:
    """True for a text file large enough to be read in parts (a workbook is read whole)."""
    return path.suffix.lower() not in {".xlsx", ".xlsm"} and path.stat().st_size > STREAM_BYTES


def read_parts(
    path: Path, reference: Reference, fmt: str = "auto", part_rows: int | None = None
) -> tuple[StreamState, Iterator[pd.DataFrame]]:
    """(the state, an iterator of each part's valid rows). The state fills in as the iterator runs;
    once it is exhausted, ``state.ok`` says whether every part passed (stop writing when it is not)."""
    state = StreamState(path.name)
    return state, _parts(path, reference, fmt, part_rows or PART_ROWS, state)


def _parts(path: Path, reference: Reference, fmt: str, part_rows: int, state: StreamState) -> Iterator[pd.DataFrame]:
    with path.open("rb") as fh:
        first = _lines(fh, part_rows)
        parsed = read_upload(first, path.name, reference, fmt=fmt, max_bytes=None)
        header = _header_line(first, parsed)
        if header is None:  # not read in parts: the rest of the file, if any, is read with the first part
            rest = fh.read()
            if rest:
                parsed = read_upload(first + rest, path.name, reference, fmt=fmt, max_bytes=None)
        state.format, state.encoding = parsed.format, parsed.encoding
        line = 1 + _records(first)  # the row (as the pipeline numbers them) the next part starts on
        while True:
            frame = _take(parsed, state)
            if frame is None:
                return
            if not frame.empty:
                yield frame
            if header is None:  # the file was read whole
                break
            body = _lines(fh, part_rows)
            if not body:
                break
            again = state.format if state.format in FORMATS else fmt  # a layout key is found again from the header
            parsed = read_upload(header + body, path.name, reference, fmt=again, max_bytes=None)
            parsed = _shifted(parsed, line - 2)  # the part's row 2 is the file's line `line`
            line += _records(body)
    if state.ok and state.rows_valid == 0:
        state.problems.append(
            Problem(
                None,
                None,
                None,
                Reason.EMPTY_FILE,
                "no row of the file holds data the dashboard loads (the warnings say which rows were skipped and why)",
            )
        )


_QUOTED = re.compile(rb'"(?:[^"]|"")*"')


def _records(data: bytes) -> int:
    """CSV records in whole lines: line ends inside a quoted cell do not end a record."""
    return (_QUOTED.sub(b"", data) if b'"' in data else data).count(b"\n")


def _lines(fh: BinaryIO, rows: int) -> bytes:
    """The next ``rows`` lines, extended while a quoted field is still open (an odd number of quotes)."""
    out = bytearray()
    for _ in range(rows):
        line = fh.readline()
        if not line:
            break
        out += line
    while out.count(b'"') % 2:
        line = fh.readline()
        if not line:
            break
        out += line
    return bytes(out)


def _header_line(first: bytes, parsed: ParsedUpload) -> bytes | None:
    """The header line's bytes, or None when the file is not read in parts: a publisher layout, an
    encoding that is not line-safe, or a first part that already failed or was the whole file."""
    if parsed.encoding is None or parsed.encoding.startswith(("utf-16", "utf-32", "xlsx")):
        return None
    if parsed.format not in ROW_WISE:
        return None
    if any(p.code not in _WHOLE_FILE_ONLY for p in parsed.errors) or not first.endswith(b"\n"):
        return None
    shape, _ = shape_of(first.decode(parsed.encoding, "replace"))
    offset = shape.offset if shape else 0
    lines = first.split(b"\n", offset + 1)
    header = lines[offset] + b"\n"
    return header[3:] if header.startswith(b"\xef\xbb\xbf") else header


def _shifted(parsed: ParsedUpload, shift: int) -> ParsedUpload:
    """A later part's rows renumbered as the file's lines (the part was read as header + lines)."""
    parsed.problems = [p if p.row is None else dataclasses.replace(p, row=p.row + shift) for p in parsed.problems]
    if "source_row" in parsed.frame:
        parsed.frame["source_row"] = parsed.frame["source_row"] + shift
    return parsed


def _take(parsed: ParsedUpload, state: StreamState) -> pd.DataFrame | None:
    """Fold one part into the state: its valid rows, or None once the file has failed."""
    errors = [p for p in parsed.errors if p.code not in _WHOLE_FILE_ONLY]
    state.rows_read += parsed.rows_read
    for warning in parsed.warnings:
        key = (warning.column, str(warning.code))
        state._warned[key] = state._warned.get(key, 0) + 1
        if state._warned[key] == 1:  # one line per root cause, not one per part
            state.problems.append(warning)
    if errors:
        state.problems += errors
        state.problems.append(
            Problem(None, None, None, Reason.SKIPPED_ROWS, "the rows after the part with a problem were not checked")
        )
        return None
    frame = parsed.frame
    if frame.empty:
        return frame
    repeated = _repeated_keys(frame, state)
    if repeated is not None:
        state.problems.append(repeated)
        return None
    state.rows_valid += len(frame)
    state.indicator_ids |= set(frame["indicator_id"].unique())
    return frame


def _repeated_keys(frame: pd.DataFrame, state: StreamState) -> Problem | None:
    """A key already seen in an earlier part (within a part, validate reports it with both rows)."""
    hashes = pd.util.hash_pandas_object(frame[KEY].astype(str), index=False).to_numpy()
    seen_before = state._seen
    if len(seen_before):
        at = np.minimum(np.searchsorted(seen_before, hashes), len(seen_before) - 1)
        seen = seen_before[at] == hashes
        if seen.any():
            rows = frame["source_row"].to_numpy()[seen]
            shown = ", ".join(str(r) for r in rows[:3]) + (" ..." if len(rows) > 3 else "")
            return Problem(
                int(rows[0]),
                None,
                str(frame["indicator_id"].to_numpy()[seen][0]),
                Reason.DUPLICATE_KEY,
                f"{len(rows):,} row(s) (row {shown}) repeat the indicator, period, area and cohort of an "
                "earlier row (each observation once per file)",
            )
    # kept sorted: two sorted runs merge in linear time (timsort), and lookups are binary searches
    state._seen = np.sort(np.concatenate([seen_before, np.sort(hashes)]), kind="stable")
    return None
