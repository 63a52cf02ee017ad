"""Bytes in, validated native rows and every problem out: decode -> parse CSV -> read format -> validate.

Nothing here writes anything; indicators/store/writes.py commits a ParsedUpload's frame.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from indicators.ingest import problems as P
from indicators.ingest.encoding import DEFAULT_MAX_BYTES, decode_upload
from indicators.ingest.problems import Problem, has_errors, sort_problems
from indicators.ingest.readers import FORMATS, detect_format, parse_csv, read_frame
from indicators.ingest.reference import Reference
from indicators.ingest.validate import CLEAN_COLUMNS, validate


@dataclass
class ParsedUpload:
    """An upload read and checked.

    ``format``: 'native' / 'fingertips' / 'ees', or None when it could not be told.
    ``frame``: the valid rows in the clean native columns (validate.CLEAN_COLUMNS).
    ``problems``: every problem, errors and warnings, whole-file ones first, then by row.
    ``encoding``: the text encoding detected (None when the bytes could not be read as text).
    """

    format: str | None
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""
    encoding: str | None = None

    @property
    def ok(self) -> bool:
        """True when the upload may be committed (warnings allowed, no errors)."""
        return not has_errors(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=list(CLEAN_COLUMNS))


def read_upload(data: bytes, filename: str, reference: Reference, fmt: str = "auto",
                max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedUpload:
    """Read and validate an uploaded file; ``fmt`` 'auto' detects the format from the header row."""
    sha = hashlib.sha256(data).hexdigest()
    decoded = decode_upload(data, filename, max_bytes)
    if decoded.text is None:
        return ParsedUpload(None, _empty(), sort_problems(decoded.problems), sha, decoded.encoding)
    raw, problems = parse_csv(decoded.text)
    problems = decoded.problems + problems
    if raw is None:
        return ParsedUpload(None, _empty(), sort_problems(problems), sha, decoded.encoding)
    header = [c for c in raw.columns if c != "source_row"]
    if fmt == "auto":
        detected = detect_format(header)
        if detected is None:
            problems.append(Problem(1, None, ",".join(header)[:200], P.UNKNOWN_FORMAT,
                                    "the header matches none of the accepted formats: our template "
                                    "(indicator_id, period, area_code, ...), a Fingertips data export or a "
                                    "DfE Explore Education Statistics CSV"))
            return ParsedUpload(None, _empty(), sort_problems(problems), sha, decoded.encoding)
        fmt = detected
    elif fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}'; expected auto or one of {', '.join(FORMATS)}")
    frame, read_problems = read_frame(raw, fmt, reference)
    problems += read_problems
    if has_errors(read_problems) and (frame.empty or any(p.code == P.MISSING_COLUMN for p in read_problems)):
        return ParsedUpload(fmt, _empty(), sort_problems(problems), sha, decoded.encoding)
    clean, checked = validate(frame, reference, fmt)
    return ParsedUpload(fmt, clean, sort_problems(problems + checked), sha, decoded.encoding)
