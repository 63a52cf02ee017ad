"""Checks on an upload's text before it is parsed: bounded work, comment lines, delimiter, truncation.

Each check costs at most one pass over the bytes (vectorised), so a hostile file (a header of a
million columns, a gigabyte on one line, a file cut short inside a quoted cell) is refused in well
under a second with one clear problem instead of being parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.ingest.problems import Problem, Reason


@dataclass(frozen=True)
class Limits:
    """The most work one upload may cause (the file size limit is the caller's: page or CLI)."""

    max_columns: int = 1_000  # the widest publisher file (MPS monthly, 13 years) has ~170
    max_line_chars: int = 1_048_576
    max_cell_chars: int = 32_767  # Excel's own limit for a cell


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Shape:
    text: str  # the CSV text from the header row on
    offset: int  # lines before the header (comments such as '# Source: ...')
    delimiter: str
    decimal_comma: bool  # ';' and tab files come from locales that write 3,5 for 3.5


_COMMENT = re.compile(r"(?:[ \t]*#[^\n]*(?:\n|$)|[ \t\r]*\n)*")
_NUMBER_END = re.compile(r"[-+]?\d[\d.,]*$")


def first_long_line(data: bytes, limit: int) -> int | None:
    """The row (1-based) of the first line longer than ``limit`` bytes, or None (one vectorised pass)."""
    array = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(array == 10)
    lengths = np.diff(np.concatenate(([-1], ends, [len(array)]))) - 1
    over = np.flatnonzero(lengths > limit)
    return int(over[0]) + 1 if over.size else None


def line_problem(data: bytes, limits: Limits) -> Problem | None:
    row = first_long_line(data, limits.max_line_chars)
    if row is None:
        return None
    return Problem(
        row,
        None,
        None,
        Reason.TOO_WIDE,
        f"row {row} is longer than {limits.max_line_chars:,} characters: it cannot be a row of "
        "indicator data (a header of thousands of columns, a binary file, or no line breaks?)",
    )


def shape_of(text: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Shape | None, list[Problem]]:
    """The text's header position and delimiter, or None and the problem that stops it being read."""
    skipped = _COMMENT.match(text)
    start = skipped.end() if skipped else 0
    offset = text.count("\n", 0, start)
    body = text[start:]
    end = body.find("\n")
    header = body if end < 0 else body[:end]
    delimiter = max((",", ";", "\t"), key=header.count) if header else ","
    if not header.count(delimiter):
        delimiter = ","
    if header.count(delimiter) + 1 > limits.max_columns:
        return None, [
            Problem(
                offset + 1,
                None,
                None,
                Reason.TOO_WIDE,
                f"the header has {header.count(delimiter) + 1:,} columns; at most {limits.max_columns:,} are accepted",
            )
        ]
    problem = _unclosed_quote(body, offset) or _cut_number(body, offset, delimiter, header)
    if problem:
        return None, [problem]
    return Shape(body, offset, delimiter, delimiter in (";", "\t")), []


def _unclosed_quote(body: str, offset: int) -> Problem | None:
    """Quotes come in pairs in any CSV (a quote inside a cell is doubled): an odd count means the
    file ends inside a quoted cell, i.e. it was cut short."""
    if body.count('"') % 2 == 0:
        return None
    row = body.count("\n", 0, body.rfind('"')) + 1 + offset
    return Problem(
        row,
        None,
        None,
        Reason.TRUNCATED,
        f"the file ends inside a quoted cell that opens on row {row}: it looks cut short (upload the complete file)",
    )


def _cut_number(body: str, offset: int, delimiter: str, header: str) -> Problem | None:
    """A file whose last line has no line break and ends in a number may have been cut inside it
    ('41' arriving as '4'); every publisher file and spreadsheet export ends with a line break."""
    if not body or body.endswith("\n") or "\n" not in body:
        return None
    last = body[body.rfind("\n") + 1 :]
    if not last.strip() or not _NUMBER_END.search(last.rstrip("\r")):
        return None
    row = body.count("\n") + 1 + offset
    return Problem(
        row,
        None,
        last[-40:],
        Reason.TRUNCATED,
        f"the file ends on row {row} inside a number with no line break after it: it may have been "
        "cut short; if the file is complete, add a line break at its end",
    )


def cell_problems(frame: pd.DataFrame, limits: Limits = DEFAULT_LIMITS) -> list[Problem]:
    """One problem per column holding a cell longer than the limit (naming the first such row)."""
    out = []
    for column in frame.columns:
        if column == "source_row":
            continue
        lengths = frame[column].str.len()
        if len(lengths) and lengths.max() > limits.max_cell_chars:
            first = int(frame["source_row"].iloc[int(np.argmax(lengths.to_numpy() > limits.max_cell_chars))])
            out.append(
                Problem(
                    first,
                    str(column),
                    None,
                    Reason.TOO_WIDE,
                    f"a cell holds {int(lengths.max()):,} characters; at most {limits.max_cell_chars:,} are accepted",
                )
            )
    return out
