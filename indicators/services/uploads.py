"""One upload pipeline for the page, the CLI, refresh and init: parse -> validate -> preview -> commit."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from indicators.ingest import refresh, template
from indicators.ingest.pipeline import ParsedUpload, Progress, read_upload
from indicators.ingest.problems import IngestRejected, Problem, Reason, format_problem
from indicators.ingest.reference import Reference
from indicators.ingest.stream import StreamState, read_parts, streamable
from indicators.ingest.workbook import sheet_names
from indicators.periods import parse_period
from indicators.services import disparities
from indicators.settings import get_settings
from indicators.store.chunked import NothingToChange, commit_parts, preview_parts
from indicators.store.db import session_scope
from indicators.store.publisher import record_publisher_periods
from indicators.store.writes import ChangeSummary, CommitResult, commit_frame, preview_changes

if TYPE_CHECKING:
    from sqlalchemy import Engine

ParsedFile = ParsedUpload  # the one parsed-upload type lives in indicators.ingest.pipeline
template_csv = template.template_csv
template_guidance = template.template_guidance
_NOTHING_MAPPED = (Reason.UNKNOWN_FORMAT, Reason.NO_MAPPING)


@cache
def reference() -> Reference:
    return Reference.default()


def parse(
    data: bytes,
    filename: str,
    fmt: str = "auto",
    max_bytes: int | None = -1,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> ParsedUpload:
    """Decode, detect the format, read and validate every row; nothing is written. ``max_bytes`` -1:
    the page's limit (settings.max_upload_mb); None: no limit (the CLI)."""
    if max_bytes == -1:
        max_bytes = max_upload_bytes()
    return read_upload(data, filename, reference(), fmt=fmt, max_bytes=max_bytes, sheet=sheet, progress=progress)


def max_upload_bytes() -> int:
    """The page's upload limit (settings.max_upload_mb); the CLI has none."""
    return int(get_settings().max_upload_mb * 1024 * 1024)


def workbook_sheets(data: bytes) -> list[str]:
    """The sheet names of an .xlsx upload (for the page's sheet chooser); [] if it cannot be opened."""
    return sheet_names(data)


def describe(problem: Problem, filename: str | None = None) -> str:
    return format_problem(problem, filename)


def preview(engine: Engine, parsed: ParsedUpload) -> ChangeSummary:
    """What committing would change, computed in a transaction that is rolled back."""
    _require_ok(parsed)
    return preview_changes(engine, parsed.frame)


def commit(engine: Engine, parsed: ParsedUpload, user: str) -> CommitResult:
    """All or nothing: one transaction writes the rows and the new dataset version."""
    _require_ok(parsed)
    with session_scope(engine) as session:
        result = commit_frame(
            session, parsed.frame, file_name=parsed.filename, sha256=parsed.sha256, fmt=parsed.format, user=user
        )
    if result.version_id is not None:
        disparities.sync_after(engine, set(parsed.frame["indicator_id"]))
    return result


def _require_ok(parsed: ParsedUpload) -> None:
    if not parsed.ok:
        raise IngestRejected(parsed.filename, parsed.problems)


def fetch_latest(
    source: str | None, base_url: str | None = None, policy: refresh.Policy = refresh.DEFAULT_POLICY
) -> tuple[list[ParsedUpload], list[ParsedUpload]]:
    """Each publisher file the APIs offer now, read and validated like an upload (nothing written):
    (files holding mapped indicators, files holding nothing we map). Raises PublisherUnavailable."""
    loaded, unmapped = [], []
    for fetched in refresh.fetch(source, reference(), base_url, policy):
        parsed = read_upload(fetched.data, fetched.name, reference(), max_bytes=None)
        nothing = parsed.errors and all(p.code in _NOTHING_MAPPED for p in parsed.errors)
        (unmapped if nothing else loaded).append(parsed)
    return loaded, unmapped


class _Rejected(Exception):
    """Rolls back a file read in parts whose later part was rejected (the rows before are undone)."""


@dataclass
class StreamedIngest:
    """A file read in parts: its problems and counts, and the preview or the commit it led to."""

    state: StreamState
    summary: ChangeSummary | None = None
    result: CommitResult | None = None


def ingest_in_parts(
    engine: Engine, path: Path, fmt: str = "auto", user: str = "", dry_run: bool = False
) -> StreamedIngest:
    """Read, validate and preview or commit a large text file part by part (memory follows the part):
    one transaction, rolled back on a dry run, on any rejected part or when nothing changes."""
    state, rest = read_parts(path, reference(), fmt)
    first = next(rest, None)  # the first part sets the format the new version records
    parts = itertools.chain([] if first is None else [first], rest)
    out = StreamedIngest(state)
    try:
        with session_scope(engine) as session:
            if dry_run:
                out.summary = preview_parts(session, parts)
                raise _Rejected  # a preview writes nothing
            result = commit_parts(
                session, parts, file_name=path.name, sha256=_sha256(path), fmt=state.format or "", user=user
            )
            if not state.ok:
                raise _Rejected
            out.summary, out.result = result.summary, result
    except _Rejected:
        if not state.ok:
            out.summary = None
    except NothingToChange as nothing:
        if not state.ok:  # the parts before the rejected one changed nothing
            return out
        out.summary = nothing.summary
        out.result = CommitResult(
            None, nothing.summary, "Nothing to change: every row matches the stored data. No new version was created."
        )
    if out.result is not None and out.result.version_id is not None:
        disparities.sync_after(engine, state.indicator_ids)
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def in_parts(path: Path) -> bool:
    """True when the CLI reads this file in parts (a text file above the streaming size)."""
    return streamable(path)


def publisher_latest(loaded: list[ParsedUpload]) -> dict[str, tuple[str, str]]:
    """indicator id -> (the latest period the publisher offers for the home area, or for any area
    when it offers none for it; the file it came from), from the files a refresh fetched."""
    home = get_settings().home_area
    out: dict[str, tuple[str, str, object]] = {}
    for parsed in loaded:
        frame = parsed.frame
        for ind_id, rows in frame.groupby("indicator_id"):
            ind = reference().indicators.get(str(ind_id))
            if ind is None:
                continue
            own = rows[rows["area_code"] == home]
            ends = {
                code: parse_period(code, ind.period_type).end for code in (own if len(own) else rows)["period"].unique()
            }
            code = max(ends, key=ends.__getitem__)
            if str(ind_id) not in out or ends[code] > out[str(ind_id)][2]:
                out[str(ind_id)] = (code, parsed.filename, ends[code])
    return {k: (code, name) for k, (code, name, _) in out.items()}


def note_publisher_periods(engine: Engine, loaded: list[ParsedUpload]) -> int:
    """Record what the publishers offer now (not the data: a dry run stores this too); how many indicators."""
    latest = publisher_latest(loaded)
    with session_scope(engine) as session:
        record_publisher_periods(session, latest)
    return len(latest)
