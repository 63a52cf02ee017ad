"""Read one sheet of an Excel workbook (.xlsx) into the same frame of strings as a CSV (openpyxl).

The sheet is the one named, or the only sheet holding data. Cells become the text a CSV export would
hold (41 not 41.0, dates as ISO dates), so the same validation applies; lines starting with '#'
before the header (the template's guidance) are skipped like a CSV's comment lines.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pandas as pd
from openpyxl import load_workbook

from indicators.ingest.problems import Problem, Reason
from indicators.ingest.readers import frame_from_records
from indicators.ingest.shape import DEFAULT_LIMITS, Limits

XLSX_SIGNATURE = b"PK\x03\x04"


def is_workbook(data: bytes, filename: str) -> bool:
    return filename.lower().endswith((".xlsx", ".xlsm")) and data.startswith(XLSX_SIGNATURE)


def sheet_names(data: bytes) -> list[str]:
    """The workbook's sheet names, or [] when it cannot be opened (read_workbook then says why)."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return []
    names = list(book.sheetnames)
    book.close()
    return names


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_workbook(
    data: bytes, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """(frame of strings + source_row, problems) for the chosen sheet."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        return None, [
            Problem(
                None,
                None,
                None,
                Reason.NOT_CSV,
                f"the workbook cannot be opened ({exc}); save it again from Excel as .xlsx",
            )
        ]
    try:
        return _read_sheet(book, sheet, limits)
    finally:
        book.close()


def _read_sheet(book, sheet: str | None, limits: Limits) -> tuple[pd.DataFrame | None, list[Problem]]:
    names = list(book.sheetnames)
    if sheet is not None and sheet not in names:
        return None, [
            Problem(
                None, None, sheet, Reason.NO_SHEET, f"the workbook has no sheet '{sheet}' (sheets: {', '.join(names)})"
            )
        ]
    if sheet is None:
        with_data = [n for n in names if (book[n].max_row or 0) > 1]
        if len(with_data) != 1:
            return None, [
                Problem(
                    None,
                    None,
                    None,
                    Reason.NO_SHEET,
                    f"the workbook has {len(with_data)} sheets holding data "
                    f"({', '.join(with_data[:8])}): choose one (--sheet NAME on the command line)",
                )
            ]
        sheet = with_data[0]
    ws = book[sheet]
    if (ws.max_column or 0) > limits.max_columns:
        return None, [
            Problem(
                1,
                None,
                None,
                Reason.TOO_WIDE,
                f"sheet '{sheet}' has {ws.max_column:,} columns; at most {limits.max_columns:,} are accepted",
            )
        ]
    records = [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    offset = 0
    while offset < len(records) and (not any(records[offset]) or records[offset][0].startswith("#")):
        offset += 1
    return frame_from_records(records[offset:], offset)
