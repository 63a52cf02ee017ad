"""Read number cells, vectorised: numbers, thousands separators, status markers and what is refused.

Markers (DESIGN §4): ``c`` suppressed, ``low`` rounds to zero, ``x`` not available, ``z`` not
applicable. The older ``..``, ``-`` and ``:`` are read as ``x`` with a warning. ``NULL``/``NA`` and
the like are refused: they hide whether a number is missing, suppressed or not applicable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MARKERS: tuple[str, ...] = ("c", "low", "x", "z")
OLD_MARKERS: tuple[str, ...] = ("..", "-", ":", "–", "—")
NULL_MARKERS: tuple[str, ...] = ("null", "na", "n/a", "#n/a", "nan", "none", "#null!", "n.a.", "nil")
_THOUSANDS = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?"
_SPACED_THOUSANDS = r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:\.\d*)?"
# 1.234,5 / 3,5 as written where the decimal mark is a comma (files delimited by ';' or tab)
_DECIMAL_COMMA = r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"


@dataclass
class ParsedNumbers:
    """One column read: ``number`` (float, NaN when none) and masks of what each cell was."""

    number: pd.Series
    blank: pd.Series
    marker: pd.Series  # 'c' / 'low' / 'x' / 'z' (old markers already read as 'x') or None
    old_marker: pd.Series
    null_marker: pd.Series
    bad: pd.Series
    decimals: pd.Series  # decimal places as written (0 for integers)


def parse_numbers(text: pd.Series, decimal_comma: bool = False) -> ParsedNumbers:
    """Read a column of trimmed cell texts (``decimal_comma``: '3,5' is 3.5 and '1.234' is 1234).

    >>> p = parse_numbers(pd.Series(["1,234", "c", "..", "NULL", "abc", ""]))
    >>> p.number.tolist()[:1], p.marker.tolist()[1:3], p.null_marker.tolist()[3], p.bad.tolist()[4]
    ([1234.0], ['c', 'x'], True, True)
    """
    low = text.str.lower()
    blank = text == ""
    is_marker = low.isin(MARKERS)
    old = text.isin(OLD_MARKERS)
    null = low.isin(NULL_MARKERS)
    candidate = ~(blank | is_marker | old | null)
    cleaned = text
    # Plain numbers (nearly every cell) need no clean-up: the separators' patterns run on the rest
    # only. Not with a decimal comma, where '1.234' is a plain-looking thousand.
    direct = pd.Series(np.nan, index=text.index)
    if not decimal_comma:
        direct = pd.to_numeric(text.where(candidate), errors="coerce").astype("float64")
    rest = candidate & direct.isna()
    if rest.any():
        odd = text[rest]
        if decimal_comma:
            european = odd.str.fullmatch(_DECIMAL_COMMA)
            odd = odd.mask(european, odd.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
        else:
            odd = odd.mask(odd.str.fullmatch(_THOUSANDS), odd.str.replace(",", "", regex=False))
        spaced = odd.str.fullmatch(_SPACED_THOUSANDS)
        odd = odd.mask(spaced, odd.str.replace(r"[ \u00a0\u202f]", "", regex=True))
        cleaned = text.copy()
        cleaned[rest] = odd
        direct[rest] = pd.to_numeric(odd, errors="coerce").astype("float64")
    number = direct
    finite = np.isfinite(number.to_numpy())
    bad = candidate & ~pd.Series(finite, index=text.index)
    number = number.where(candidate & ~bad)
    marker = pd.Series(None, index=text.index, dtype="object")
    marker = marker.mask(is_marker, low).mask(old, "x")
    # places as written, trailing zeros aside: publishers pad (65.200000 is a 1-place figure)
    significant = cleaned.where(~cleaned.str.contains(".", regex=False), cleaned.str.rstrip("0"))
    dot = significant.str.find(".")
    decimals = (significant.str.len() - dot - 1).where(dot >= 0, 0).fillna(0).astype("int64")
    return ParsedNumbers(number, blank, marker, old, null, bad, decimals)


def bad_number_message(text: str) -> str:
    """Why a cell is not a number, with the likely fix."""
    stripped = text.strip()
    if stripped.lower() == "u":
        return "'u' (low reliability) is worked out by the dashboard, not uploaded: give the number, or c / low / x / z"
    if stripped.endswith("%"):
        return f"'{stripped}' is not a number: leave out the % sign"
    if "," in stripped:
        return (
            f"'{stripped}' is not a number: commas are only allowed as thousands separators "
            "(1,234); use a full stop for decimals"
        )
    return (
        f"'{stripped}' is not a number or one of the markers c (suppressed), low (rounds to zero), "
        "x (not available), z (not applicable)"
    )


def null_marker_message(text: str) -> str:
    return (
        f"'{text}' is not allowed: say why there is no number with x (not available), c (suppressed), "
        "z (not applicable) or low (rounds to zero), or leave the cell blank"
    )


def old_marker_message(text: str) -> str:
    return f"'{text}' read as x (not available); please use x in future files"
