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
from dataclasses import replace

import numpy as np
import pandas as pd

from indicators.ingest.problems import Problem, Reason

# Cells are bounded by shape.Limits after parsing; the csv module's own limit only has to be above it.
csv.field_size_limit(16 * 1024 * 1024)

NATIVE_COLUMNS: tuple[str, ...] = (
    "indicator_id",
    "period",
    "area_code",
    "area_name",
    "dimension",
    "category",
    "numerator",
    "denominator",
    "value",
    "lower_ci",
    "upper_ci",
    "note",
    "illustrative",
)
NATIVE_REQUIRED: tuple[str, ...] = ("indicator_id", "period", "area_code")


def parse_csv(text: str, delimiter: str = ",", offset: int = 0) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Split CSV text into a frame of strings with ``source_row``; None with problems if unusable.

    Quoted fields (with delimiters or line breaks inside), CRLF or LF, trailing blank lines are all
    fine. Wholly blank rows are skipped but still counted, so row numbers match the spreadsheet;
    ``offset`` is the number of lines (comments) before the header. A row with fewer cells than the
    header is refused: it is a row cut short, and padding it with blanks would store a wrong row.
    """
    frame, problems = _parse_csv_fast(text, delimiter) or _parse_csv_careful(text, delimiter)
    if offset:
        problems = [replace(p, row=p.row + offset) if p.row is not None else p for p in problems]
        if frame is not None:
            frame["source_row"] = frame["source_row"] + offset
    return frame, problems


def _parse_csv_careful(text: str, delimiter: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        return None, [Problem(None, None, None, Reason.NOT_CSV, f"the file cannot be read as CSV: {exc}")]
    return frame_from_records(records)


def frame_from_records(records: list[list[str]], offset: int = 0) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Header + rows of cell texts (a CSV's records, a sheet's rows) as the frame parse_csv returns."""
    if not records or not any(c.strip() for c in records[0]):
        return None, [Problem(None, None, None, Reason.EMPTY_FILE, "the file has no header row")]
    header = [h.strip() for h in records[0]]
    while header and not header[-1]:
        header.pop()  # Excel's trailing empty header cells
    header, problems = _unique_header(header)
    width = len(header)
    body = records[1:]
    lengths = np.fromiter(map(len, body), dtype=np.int64, count=len(body))
    if width and set(np.unique(lengths).tolist()) <= {0, width}:
        frame, row_numbers = _frame_of_full_rows(body, lengths, header)
    else:
        frame, row_numbers = _frame_of_ragged_rows(body, header, problems)
    if frame is None:
        return None, problems + [
            Problem(None, None, None, Reason.EMPTY_FILE, "the file has a header row but no data rows")
        ]
    frame["source_row"] = pd.array(row_numbers, dtype="int64") + offset
    if offset:
        problems = [replace(p, row=p.row + offset) if p.row is not None else p for p in problems]
    return frame, problems


def _record_lengths(text: str, delimiter: str) -> np.ndarray | None:
    """Cells per record, counted by the csv module without keeping the records (bounded memory)."""
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        return np.fromiter(map(len, reader), dtype=np.int64)
    except csv.Error:
        return None


def _parse_csv_fast(text: str, delimiter: str) -> tuple[pd.DataFrame, list[Problem]] | None:
    """pandas' C parser for the usual file (no row wider than the header row, a usable header):
    the same frame and row numbers as the csv-module path, several times faster on big uploads.
    None when the file needs the careful path (which also words every problem)."""
    try:
        raw = pd.read_csv(
            io.StringIO(text, newline=""),
            header=None,
            dtype="str",
            keep_default_na=False,
            sep=delimiter,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            quoting=csv.QUOTE_MINIMAL,
            doublequote=True,
            low_memory=False,
        )
    except Exception:  # noqa: BLE001 - ragged rows, unterminated quotes...: the careful path reports them
        return None
    if raw.empty:
        return None
    first = ["" if pd.isna(c) else str(c) for c in raw.iloc[0].tolist()]
    if not any(c.strip() for c in first):
        return None
    header = [h.strip() for h in first]
    while header and not header[-1]:
        header.pop()
    if not header or len(header) > raw.shape[1]:
        return None
    lengths = _record_lengths(text, delimiter)
    if lengths is None or len(lengths) != len(raw) or ((lengths[1:] > 0) & (lengths[1:] < len(header))).any():
        return None  # short rows or a record count pandas disagrees on: the careful path reports them
    body = raw.iloc[1:].reset_index(drop=True).fillna("")
    extra = body.iloc[:, len(header) :]
    if extra.shape[1] and (extra.apply(lambda col: col.str.strip() != "")).to_numpy().any():
        return None  # cells beyond the header: the careful path reports each such row
    body = body.iloc[:, : len(header)]
    header, problems = _unique_header(header)
    row_numbers = np.arange(2, len(body) + 2, dtype=np.int64)
    blank = blank_rows(body)
    if blank.all():
        return None
    if blank.any():
        body, row_numbers = body.loc[~blank].reset_index(drop=True), row_numbers[~blank]
    frame = pd.DataFrame({name: body.iloc[:, i].astype("str") for i, name in enumerate(header)})
    frame["source_row"] = pd.array(row_numbers, dtype="int64")
    return frame, problems


def blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """True for each row whose every cell is blank or whitespace (the one 'is missing' test for rows)."""
    blank = np.ones(len(frame), dtype=bool)
    for i in range(frame.shape[1]):
        blank &= (frame.iloc[:, i].str.strip() == "").to_numpy(dtype=bool, na_value=True)
    return blank


def _frame_of_full_rows(
    body: list[list[str]], lengths: np.ndarray, header: list[str]
) -> tuple[pd.DataFrame | None, np.ndarray]:
    """Every record is empty or has the header's width (the usual case): built column by column,
    and wholly blank rows dropped with a vectorised test instead of a Python loop per row."""
    row_numbers = np.arange(2, len(body) + 2, dtype=np.int64)
    if (lengths == 0).any():
        keep = np.flatnonzero(lengths)
        body, row_numbers = [body[i] for i in keep.tolist()], row_numbers[keep]
    if not body:
        return None, row_numbers
    frame = pd.DataFrame({i: pd.array(column, dtype="str") for i, column in enumerate(zip(*body, strict=True))})
    blank = blank_rows(frame)
    if blank.all():
        return None, row_numbers[:0]
    if blank.any():
        frame, row_numbers = frame.loc[~blank].reset_index(drop=True), row_numbers[~blank]
    frame.columns = header
    return frame, row_numbers


def _frame_of_ragged_rows(
    body: list[list[str]], header: list[str], problems: list[Problem]
) -> tuple[pd.DataFrame | None, list[int]]:
    width = len(header)
    rows: list[list[str]] = []
    row_numbers: list[int] = []
    for index, record in enumerate(body, start=2):
        if not any(c.strip() for c in record):
            continue
        if len(record) > width:
            extra = record[width:]
            if any(c.strip() for c in extra):
                problems.append(
                    Problem(
                        index,
                        None,
                        ",".join(extra),
                        Reason.EXTRA_FIELDS,
                        f"this row has {len(record)} cells but the header has {width} columns "
                        "(an unquoted comma inside a cell? put such cells in double quotes)",
                    )
                )
                continue
            record = record[:width]
        elif len(record) < width:
            problems.append(
                Problem(
                    index,
                    header[len(record)],
                    None,
                    Reason.MISSING_FIELDS,
                    f"this row has {len(record)} cells but the header has {width} columns: the row was cut "
                    f"short (from column '{header[len(record)]}' on); nothing from it is loaded",
                )
            )
            continue
        rows.append(record)
        row_numbers.append(index)
    if not rows:
        return None, row_numbers
    return pd.DataFrame(rows, columns=header, dtype="str"), row_numbers


def _unique_header(header: list[str]) -> tuple[list[str], list[Problem]]:
    seen: dict[str, int] = {}
    out, problems = [], []
    for i, name in enumerate(header):
        key = name.lower()
        if key in seen:
            problems.append(
                Problem(1, name, name, Reason.DUPLICATE_COLUMN, f"column '{name}' appears twice in the header")
            )
            name = f"{name}.{i + 1}"
        seen[key] = i
        out.append(name or f"column_{i + 1}")
    return out, problems


def empty_native(n: int) -> dict[str, object]:
    return {c: [""] * n for c in NATIVE_COLUMNS}


def read_native(raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """The native template: columns matched case-insensitively; missing optional ones are blank."""
    problems: list[Problem] = []
    by_lower = {c.strip().lower(): c for c in raw.columns if c != "source_row"}
    for name in NATIVE_REQUIRED:
        if name not in by_lower:
            problems.append(
                Problem(1, name, None, Reason.MISSING_COLUMN, f"the header has no '{name}' column (it is required)")
            )
    if "numerator" not in by_lower and "value" not in by_lower:
        problems.append(
            Problem(1, "value", None, Reason.MISSING_COLUMN, "the header needs a 'numerator' or a 'value' column")
        )
    for lower, original in by_lower.items():
        if lower not in NATIVE_COLUMNS:
            problems.append(
                Problem(
                    1,
                    original,
                    None,
                    Reason.UNKNOWN_COLUMN,
                    f"column '{original}' is not part of the template and is ignored",
                    "warning",
                )
            )
    frame = pd.DataFrame(index=raw.index)
    for name in NATIVE_COLUMNS:
        frame[name] = raw[by_lower[name]] if name in by_lower else ""
    frame["source_row"] = raw["source_row"]
    frame = frame.reset_index(drop=True)
    frame.attrs["source_columns"] = {n: by_lower[n] for n in NATIVE_COLUMNS if n in by_lower}
    return frame, problems


def drop_rows(keep: pd.Series, ok: pd.Series, problems: list[Problem], column: str, why: str) -> pd.Series:
    """``keep`` without the rows where ``ok`` is False, adding one summary warning for those rows."""
    dropped = keep & ~ok
    if dropped.any():
        problems.append(
            Problem(None, column, None, Reason.SKIPPED_ROWS, f"{int(dropped.sum()):,} row(s) skipped: {why}", "warning")
        )
    return keep & ok
