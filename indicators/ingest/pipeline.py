"""Bytes in, validated native rows and every problem out: decode -> shape -> parse -> read -> validate.

Nothing here writes anything (indicators/store/writes.py commits a ParsedUpload's frame), and no
input raises out of read_upload: whatever goes wrong becomes a problem with a row, column and reason.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from indicators.ingest.encoding import decode_upload
from indicators.ingest.formats import FORMATS, detect_format, read_frame, unknown_format
from indicators.ingest.problems import Problem, ProblemList, Reason, has_errors, sort_problems
from indicators.ingest.readers import parse_csv
from indicators.ingest.reference import Reference
from indicators.ingest.shape import DEFAULT_LIMITS, Limits, cell_problems, line_problem, shape_of
from indicators.ingest.template import template_rows
from indicators.ingest.validate import CLEAN_COLUMNS, validate
from indicators.ingest.workbook import is_workbook, read_workbook

log = logging.getLogger(__name__)
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass
class ParsedUpload(ProblemList):
    """An upload read and checked (the one type the page, the CLI and refresh share).

    ``format``: 'native' / 'fingertips' / a publisher layout key ('ees', 'lait', 'mps'...), or None.
    ``frame``: the valid rows in the clean native columns (validate.CLEAN_COLUMNS).
    ``problems``: every problem, errors and warnings, whole-file ones first, then by row.
    ``encoding``: the text encoding detected (None when the bytes could not be read as text).
    """

    format: str | None
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""
    encoding: str | None = None
    filename: str = ""
    rows_read: int = 0

    def problems_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "row": p.row,
                    "column": p.column,
                    "value": p.value,
                    "code": str(p.code),
                    "reason": p.message,
                    "severity": p.severity,
                }
                for p in self.problems
            ],
            columns=["row", "column", "value", "code", "reason", "severity"],
        )


def _quiet(stage: str, rows: int) -> None:
    """No progress display (the CLI and tests)."""


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=list(CLEAN_COLUMNS))


Progress = Callable[[str, int], None]  # (stage 'read' / 'validated', rows so far): for a progress bar


def read_upload(
    data: bytes,
    filename: str,
    reference: Reference,
    fmt: str = "auto",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    sheet: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> ParsedUpload:
    """Read and validate an uploaded file; ``fmt`` 'auto' detects the format from the header row.
    ``max_bytes`` None: no size limit (the CLI; the page passes its max_upload_mb). ``progress`` is
    told the rows read and the rows validated as each stage ends."""
    if fmt != "auto" and fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}'; expected auto or one of {', '.join(FORMATS)}")
    result = ParsedUpload(None, _empty(), [], hashlib.sha256(data).hexdigest(), None, filename)
    try:
        _read(data, filename, reference, fmt, max_bytes, sheet, limits, result, progress or _quiet)
    except Exception as exc:  # noqa: BLE001 - the promise: no input raises out of the parser
        log.exception("ingest of %s failed unexpectedly", filename)
        result.frame = _empty()
        result.problems.append(
            Problem(
                None,
                None,
                None,
                Reason.NOT_CSV,
                f"the file could not be read ({type(exc).__name__}: {exc}); nothing was loaded",
            )
        )
    result.problems = sort_problems(result.problems)
    return result


def _read(
    data: bytes,
    filename: str,
    reference: Reference,
    fmt: str,
    max_bytes: int | None,
    sheet: str | None,
    limits: Limits,
    result: ParsedUpload,
    progress: Progress,
) -> None:
    if max_bytes is not None and len(data) > max_bytes:
        result.problems.append(
            Problem(
                None,
                None,
                None,
                Reason.TOO_LARGE,
                f"the file is {len(data):,} bytes; the limit is {max_bytes:,} bytes "
                "(split it into several uploads, or load it with `python -m indicators "
                "ingest`, which has no size limit)",
            )
        )
        return
    if is_workbook(data, filename):
        raw, problems = read_workbook(data, sheet, limits)
        result.encoding, decimal_comma = "xlsx", False
        result.problems += problems
    else:
        raw, decimal_comma = _read_text(data, filename, fmt, limits, result)
    if raw is None or has_errors(result.problems):
        return
    result.problems += cell_problems(raw, limits)
    raw = _skip_comment_and_total_rows(raw, result.problems)
    result.rows_read = len(raw)
    progress("read", len(raw))
    if has_errors(result.problems):
        return
    header = [str(c) for c in raw.columns if c != "source_row"]
    fmt = detect_format(header) if fmt == "auto" else fmt
    if fmt is None:
        result.problems.append(unknown_format(header))
        return
    result.format = fmt
    frame, read_problems = read_frame(raw, fmt, reference)
    result.problems += read_problems
    if has_errors(read_problems) and (frame.empty or any(p.code == Reason.MISSING_COLUMN for p in read_problems)):
        return
    frame.attrs["decimal_comma"] = decimal_comma
    clean, checked = validate(frame, reference, fmt)
    result.problems += checked + template_rows(frame)
    if clean.empty and not has_errors(result.problems):
        result.problems.append(
            Problem(
                None,
                None,
                None,
                Reason.EMPTY_FILE,
                "no row of the file holds data the dashboard loads (the warnings say which rows were skipped and why)",
            )
        )
    result.frame = clean if not has_errors(result.problems) else _empty()
    progress("validated", len(result.frame))


def _read_text(
    data: bytes, filename: str, fmt: str, limits: Limits, result: ParsedUpload
) -> tuple[pd.DataFrame | None, bool]:
    too_long = line_problem(data, limits)
    if too_long:
        result.problems.append(too_long)
        return None, False
    decoded = decode_upload(data, filename, max_bytes=None)  # the size was checked above
    result.encoding = decoded.encoding
    result.problems += decoded.problems
    if decoded.text is None:
        return None, False
    shape, problems = shape_of(decoded.text, limits)
    result.problems += problems
    if shape is None:
        return None, False
    header = _header_cells(shape.text, shape.delimiter)
    if fmt == "auto" and detect_format(header) is None:  # the root cause: report it alone
        result.problems.append(unknown_format([h.strip() for h in header], row=shape.offset + 1))
        return None, False
    raw, problems = parse_csv(shape.text, shape.delimiter, shape.offset)
    result.problems += problems
    return raw, shape.decimal_comma


def _header_cells(text: str, delimiter: str) -> list[str]:
    """The first line's cells (a bare CR ends a line too, as old Mac exports write)."""
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    try:
        return next(csv.reader([first], delimiter=delimiter), [])
    except csv.Error:
        return first.split(delimiter)


_TOTAL_WORDS = ("total", "totals", "grand total", "all", "england total")


def _skip_comment_and_total_rows(raw: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """Rows whose first cell starts with '#' are comments; a total row at the very end (first cell
    'Total', the rest numbers or blank) is a spreadsheet's sum, not an observation: both skipped."""
    first = raw.iloc[:, 0].astype("str").str.strip()
    comment = first.str.startswith("#")
    trailing = pd.Series(False, index=raw.index)
    for i in range(len(raw) - 1, max(len(raw) - 4, -1), -1):
        if first.iloc[i].lower() in _TOTAL_WORDS:
            trailing.iloc[i] = True
        else:
            break
    if trailing.any():
        rows = ", ".join(str(r) for r in raw["source_row"][trailing])
        problems.append(
            Problem(
                None,
                str(raw.columns[0]),
                None,
                Reason.SKIPPED_ROWS,
                f"total row(s) at the end of the file skipped (row {rows}): totals are worked out by the dashboard",
                "warning",
            )
        )
    return raw[~(comment | trailing)].reset_index(drop=True)
