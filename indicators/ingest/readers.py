"""Read an upload's CSV text into the native long columns, whatever format it came in.

Every reader returns ``(frame, problems)``: ``frame`` has the NATIVE_COLUMNS as text ('' for a blank
cell) plus ``source_row``, the row in the uploaded file as a spreadsheet shows it (header = 1).
``frame.attrs["source_columns"]`` names, for problem messages, the uploaded column each native
column came from (Fingertips 'Time period' for ``period``...); EES files, where it depends on the
indicator, also carry ``frame.attrs["source_columns_by_indicator"]``.
"""

from __future__ import annotations

import csv
import io
from typing import Literal

import pandas as pd

from indicators.ingest import problems as P
from indicators.ingest.problems import Problem

Format = Literal["native", "fingertips", "ees"]
FORMATS: tuple[str, ...] = ("native", "fingertips", "ees")

NATIVE_COLUMNS: tuple[str, ...] = (
    "indicator_id", "period", "area_code", "area_name", "dimension", "category",
    "numerator", "denominator", "value", "lower_ci", "upper_ci", "note", "illustrative",
)
NATIVE_REQUIRED: tuple[str, ...] = ("indicator_id", "period", "area_code")
# A native file must have these columns (at least one of numerator/value is checked separately).
_NATIVE_HINT = {"indicator_id", "period", "area_code", "numerator", "value", "denominator", "category"}
_FINGERTIPS_HINT = {"indicator id", "time period", "area code"}
_EES_HINT = {"time_period", "time_identifier", "geographic_level"}


def parse_csv(text: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Split CSV text into a frame of strings with ``source_row``; None with problems if unusable.

    Quoted fields (with commas or line breaks inside), CRLF or LF, trailing blank lines are all
    fine. Wholly blank rows are skipped but still counted, so row numbers match the spreadsheet.
    """
    problems: list[Problem] = []
    csv.field_size_limit(10 * 1024 * 1024)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return None, [Problem(None, None, None, P.NOT_CSV, f"the file cannot be read as CSV: {exc}")]
    if not records or not any(c.strip() for c in records[0]):
        return None, [Problem(None, None, None, P.EMPTY_FILE, "the file has no header row")]
    header = [h.strip() for h in records[0]]
    while header and not header[-1]:
        header.pop()  # Excel's trailing empty header cells
    header, problems = _unique_header(header)
    width = len(header)
    rows: list[list[str]] = []
    row_numbers: list[int] = []
    for index, record in enumerate(records[1:], start=2):
        if not any(c.strip() for c in record):
            continue
        if len(record) > width:
            extra = record[width:]
            if any(c.strip() for c in extra):
                problems.append(Problem(
                    index, None, ",".join(extra), P.EXTRA_FIELDS,
                    f"this row has {len(record)} cells but the header has {width} columns "
                    "(an unquoted comma inside a cell? put such cells in double quotes)"))
                continue
            record = record[:width]
        elif len(record) < width:
            record = record + [""] * (width - len(record))
        rows.append(record)
        row_numbers.append(index)
    if not rows:
        return None, problems + [Problem(None, None, None, P.EMPTY_FILE,
                                         "the file has a header row but no data rows")]
    frame = pd.DataFrame(rows, columns=header, dtype="str")
    frame["source_row"] = pd.array(row_numbers, dtype="int64")
    return frame, problems


def _unique_header(header: list[str]) -> tuple[list[str], list[Problem]]:
    seen: dict[str, int] = {}
    out, problems = [], []
    for i, name in enumerate(header):
        key = name.lower()
        if key in seen:
            problems.append(Problem(1, name, name, P.DUPLICATE_COLUMN,
                                    f"column '{name}' appears twice in the header"))
            name = f"{name}.{i + 1}"
        seen[key] = i
        out.append(name or f"column_{i + 1}")
    return out, problems


def detect_format(header: list[str]) -> Format | None:
    """Which format a header row is: 'native', 'fingertips', 'ees', or None when none fits."""
    names = {h.strip().lower() for h in header}
    if _FINGERTIPS_HINT <= names:
        return "fingertips"
    if _EES_HINT <= names:
        return "ees"
    if "indicator_id" in names or len(names & _NATIVE_HINT) >= 3:
        return "native"
    return None


def empty_native(n: int) -> dict[str, object]:
    return {c: [""] * n for c in NATIVE_COLUMNS}


def read_native(raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """The native template: columns matched case-insensitively; missing optional ones are blank."""
    problems: list[Problem] = []
    by_lower = {c.strip().lower(): c for c in raw.columns if c != "source_row"}
    for name in NATIVE_REQUIRED:
        if name not in by_lower:
            problems.append(Problem(1, name, None, P.MISSING_COLUMN,
                                    f"the header has no '{name}' column (it is required)"))
    if "numerator" not in by_lower and "value" not in by_lower:
        problems.append(Problem(1, "value", None, P.MISSING_COLUMN,
                                "the header needs a 'numerator' or a 'value' column"))
    for lower, original in by_lower.items():
        if lower not in NATIVE_COLUMNS:
            problems.append(Problem(1, original, None, P.UNKNOWN_COLUMN,
                                    f"column '{original}' is not part of the template and is ignored",
                                    "warning"))
    frame = pd.DataFrame(index=raw.index)
    for name in NATIVE_COLUMNS:
        frame[name] = raw[by_lower[name]] if name in by_lower else ""
    frame["source_row"] = raw["source_row"]
    frame = frame.reset_index(drop=True)
    frame.attrs["source_columns"] = {n: by_lower[n] for n in NATIVE_COLUMNS if n in by_lower}
    return frame, problems


def read_frame(raw: pd.DataFrame, fmt: str, reference) -> tuple[pd.DataFrame, list[Problem]]:
    """Dispatch to the reader for ``fmt`` ('native', 'fingertips' or 'ees')."""
    if fmt == "native":
        return read_native(raw)
    if fmt == "fingertips":
        from indicators.ingest.fingertips import read_fingertips

        return read_fingertips(raw, reference)
    if fmt == "ees":
        from indicators.ingest.ees import read_ees

        return read_ees(raw, reference)
    raise ValueError(f"unknown format '{fmt}'; expected one of {', '.join(FORMATS)}")


def drop_rows(keep: pd.Series, ok: pd.Series, problems: list[Problem], column: str, why: str) -> pd.Series:
    """``keep`` without the rows where ``ok`` is False, adding one summary warning for those rows."""
    dropped = keep & ~ok
    if dropped.any():
        problems.append(Problem(None, column, None, P.SKIPPED_ROWS,
                                f"{int(dropped.sum()):,} row(s) skipped: {why}", "warning"))
    return keep & ok
