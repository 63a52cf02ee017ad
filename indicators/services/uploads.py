"""One upload pipeline for the page, the CLI, refresh and init: parse -> validate -> preview -> commit."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from indicators.ingest import refresh, template
from indicators.ingest.pipeline import ParsedUpload, Progress, read_upload
from indicators.ingest.problems import IngestRejected, Problem, Reason, format_problem
from indicators.ingest.reference import Reference
from indicators.ingest.workbook import sheet_names
from indicators.services import disparities
from indicators.settings import get_settings
from indicators.store.db import session_scope
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
