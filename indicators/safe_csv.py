"""CSV downloads that open safely in Excel and other spreadsheets (no formula injection).

Pure module: DataFrame in, bytes out; no I/O.

A text cell that begins with = + - @ (or their full-width forms), a tab or a carriage return
can be run as a formula by a spreadsheet ("CSV injection"). Such text gets a leading apostrophe,
which spreadsheets show as plain text. Numbers stored as numbers (including negatives) are never
touched; a number stored as text that starts with '-' or '+' is text, so it is neutralised too.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _neutralise_text(x: Any) -> Any:
    if isinstance(x, str) and x.startswith(FORMULA_PREFIXES):
        return "'" + x
    return x


def _needs(series: pd.Series) -> bool:
    return (
        isinstance(series.dtype, pd.CategoricalDtype)
        or pd.api.types.is_object_dtype(series.dtype)
        or pd.api.types.is_string_dtype(series.dtype)
    )


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` in which every text cell (and column name) that a spreadsheet could read
    as a formula starts with an apostrophe. Numeric, boolean and date columns are unchanged, and
    so are numbers held in mixed (object) columns."""
    out = frame.copy()
    for i, (_name, col) in enumerate(out.items()):
        if not _needs(col):
            continue
        if isinstance(col.dtype, pd.CategoricalDtype):
            cats = col.cat.categories
            if pd.api.types.is_object_dtype(cats.dtype) or pd.api.types.is_string_dtype(cats.dtype):
                mapping = {c: _neutralise_text(c) for c in cats}
                if any(k != v for k, v in mapping.items()):
                    out.isetitem(i, col.cat.rename_categories(mapping))
            continue
        as_obj = col.astype(object)
        starts = as_obj.map(lambda x: isinstance(x, str) and x.startswith(FORMULA_PREFIXES))
        if starts.any():
            fixed = as_obj.map(_neutralise_text)
            if not pd.api.types.is_object_dtype(col.dtype):
                fixed = fixed.astype(col.dtype)  # keep pandas' string dtype
            out.isetitem(i, fixed)
    out.columns = [_neutralise_text(c) for c in out.columns]
    return out


NOT_FOR_PUBLICATION = "OFFICIAL-SENSITIVE - not for publication"


def analyst_mark(version_id: object, created_at: object = None) -> str:
    """The first line of every analyst-only CSV (DESIGN §10): the mark and the dataset version.

    One comment line before the header, with no comma or quote, so the file goes back through
    ``ingest`` unchanged (comment lines are skipped) and spreadsheet users see the mark first:
    ``# OFFICIAL-SENSITIVE - not for publication; unsuppressed figures; dataset version 3 (2026-12-02 14:20:11)``.
    """
    when = f" ({created_at:%Y-%m-%d %H:%M:%S})" if hasattr(created_at, "strftime") else ""
    version = "unknown" if version_id is None else str(version_id).replace(",", " ")
    return f"# {NOT_FOR_PUBLICATION}; unsuppressed figures; dataset version {version}{when}"


def to_csv_text(frame: pd.DataFrame, first_line: str | None = None, lineterminator: str = "\n") -> str:
    """The frame as CSV text, formulas neutralised, optionally after one marking line."""
    text = neutralise_formulas(frame).to_csv(index=False, lineterminator=lineterminator)
    return text if first_line is None else first_line + lineterminator + text


def to_csv_bytes(frame: pd.DataFrame, first_line: str | None = None) -> bytes:
    """The frame as CSV bytes: UTF-8 with a byte-order mark (so Excel detects the encoding),
    CRLF line endings, no index, missing values as empty cells, formulas neutralised; with
    `first_line` (analyst_mark) before the header."""
    return to_csv_text(frame, first_line, "\r\n").encode("utf-8-sig")


def one_line(text: object, limit: int | None = None) -> str:
    """``text`` safe for a one-line record (a log line, a tab-separated listing): every control
    character escaped as ``\\n``, ``\\t`` or ``\\xNN`` (also Unicode line and paragraph separators),
    and cut to ``limit`` characters with an ellipsis.

    >>> one_line("a\\nb\\tc\\x00"), one_line("x" * 10, limit=4)
    ('a\\\\nb\\\\tc\\\\x00', 'xxx…')
    """
    out = "".join(_ESCAPES.get(ch, ch) if ch.isprintable() or ch == " " else _escape(ch) for ch in str(text))
    return out if limit is None or len(out) <= limit else out[: limit - 1] + "…"


_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(ch: str) -> str:
    return _ESCAPES.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
