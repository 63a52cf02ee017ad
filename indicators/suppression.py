"""Statistical disclosure control for everything a viewer (public, councillors) sees (DESIGN.md §6).

Pure module: DataFrame in, DataFrame out; no I/O, no streamlit, no sqlalchemy.

Primary suppression
    A count from 1 to ``threshold - 1`` (the numerator; the value itself when the unit is
    ``count``; or, when no numerator is given, the count a reader can work out from what is shown:
    the rate times a denominator found in the row, the series or a sibling indicator, or the
    width of a published interval, see :mod:`indicators.disclosure`) is suppressed: numerator,
    value, lower_ci and upper_ci become NaN and the marker becomes ``c``. Anything built on it in
    the same row (the rate, percentage or ratio and its interval) goes with it, and so does a
    ratio KPI built on it (``disclosure.RATIO_INPUTS``). A denominator from 1 to
    ``threshold - 1`` suppresses the row as well and is itself blanked. Zero is never suppressed
    by itself, but one hidden cell beside parts that are all zero hides a zero too (otherwise
    "every child counted was in that group" can be read).

Secondary suppression
    A breakdown is a set of category rows whose total is shown. For every breakdown with a shown
    total, if exactly one category is suppressed the next smallest is suppressed too, and this is
    repeated until no breakdown has exactly one suppressed cell. Two stricter rules close the gaps
    that rule alone leaves open:

    * the suppressed cells of a breakdown must together hold at least ``threshold`` (otherwise
      e.g. two suppressed 1s under a shown total are both recoverable as 1);
    * besides "every category of a dimension under its ``all`` row" (the rule in the brief), the
      canonical category hierarchies of :mod:`indicators.cohorts` are breakdowns too: ethnic
      minor groups under their major group, major groups under ``all``, EHCP + SEN support under
      ``any_sen``, the 10-17 age bands under ``10-17``, FSM / disadvantage pairs under ``all``.

    Denominators get the same treatment: when a small denominator is blanked, a second one in the
    breakdown is blanked (preferring a row that is already suppressed), and a row whose
    denominator is blanked is suppressed whole (its rate would give the denominator back).
    If a breakdown needs another cell but has none left to give, its total is suppressed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, get_args

import numpy as np
import pandas as pd

from indicators.catalogue import UNIT_MULTIPLIER, Unit
from indicators.complementary import build_constraints, protect, protect_zeros
from indicators.disclosure import denominator_range, implied_small, ratio_rows_to_hide

DEFAULT_THRESHOLD = 5

UNITS = frozenset(get_args(Unit))

MARKERS = ("c", "low", "x", "z", "u")

PUBLIC_SYMBOLS: dict[str, str] = {"c": "[c]", "low": "[low]", "x": "[x]", "z": "[z]", "u": "[u]"}

# Short names and plain-English meanings, following the Government Analysis Function's
# "Symbols in tables, definitions and help" guidance.
SYMBOL_NAMES: dict[str, str] = {
    "c": "confidential",
    "low": "low",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
}

SYMBOL_MEANINGS: dict[str, str] = {
    "c": (
        "Confidential. The figure is hidden to protect the children it counts: it is a small "
        "number (from 1 up to the publication threshold, 5 by default), it is built on one, or "
        "it has been hidden as well so that a small number cannot be worked out by subtracting "
        "the other figures from the total."
    ),
    "low": ("Low. The figure rounds to zero at the precision shown, but it is not zero."),
    "x": (
        "Not available. The figure was not collected, not published by the source, or is missing for another reason."
    ),
    "z": ("Not applicable. There is no figure to give, for example a breakdown that does not apply to this group."),
    "u": (
        "Low reliability. The figure is shown but is based on small numbers, so treat it with "
        "caution; it is not marked as significantly different."
    ),
}

_COUNT_COLUMNS_RATIO = ("events", "population", "previous")
# Columns in a disproportionality frame that are built on the events count of their row.
_RATIO_DERIVED = (
    "rri",
    "lower",
    "upper",
    "rate",
    "rate_lower",
    "rate_upper",
    "share",
    "representation_ratio",
    "value",
    "lower_ci",
    "upper_ci",
)


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


def _resolve_units(frame: pd.DataFrame, unit: str | Mapping[str, str] | None) -> np.ndarray | None:
    """Per-row unit (object array), or None when the frame carries no unit information."""
    if isinstance(unit, str):
        units = pd.Series(unit, index=frame.index, dtype=object)
    elif isinstance(unit, Mapping):
        units = frame["indicator_id"].map(dict(unit)).astype(object)
    elif "unit" in frame.columns:
        units = frame["unit"].astype(object)
    else:
        return None
    arr = units.to_numpy(dtype=object)
    bad = sorted({str(u) for u in pd.unique(arr) if u not in UNITS})
    if bad:
        raise ValueError(f"unknown or missing unit(s) for suppression: {', '.join(bad)}")
    return arr


def _multipliers(units: np.ndarray) -> np.ndarray:
    uniq, inv = np.unique(units.astype(str), return_inverse=True)
    return np.array([UNIT_MULTIPLIER.get(u, np.nan) for u in uniq], dtype=float)[inv]


def _num(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _is_small(x: np.ndarray, threshold: float) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (x > 0) & (x < threshold)


def _markers(frame: pd.DataFrame) -> np.ndarray:
    if "marker" not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    m = frame["marker"].astype(object)
    return m.where(m.notna(), "").astype(str).to_numpy(dtype=object)


def _check_threshold(threshold: Any) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, np.integer)) or threshold < 1:
        raise ValueError(f"the suppression threshold must be a whole number of at least 1, not {threshold!r}")
    return int(threshold)


# ---------------------------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------------------------


def _sizes(
    num: np.ndarray, val: np.ndarray, den: np.ndarray, units: np.ndarray | None, mult: np.ndarray | None
) -> np.ndarray:
    size = num.copy()
    if units is not None and mult is not None:
        size = np.where(np.isnan(size) & (units == "count"), val, size)
        size = np.where(np.isnan(size), np.round(val * den / mult), size)
    return np.where(np.isnan(size), den, size)


def _estimated_sizes(
    size: np.ndarray, num: np.ndarray, val: np.ndarray, lo: np.ndarray, mult: np.ndarray
) -> np.ndarray:
    """Sizes where a rate has no denominator of its own: the count a reader would estimate from
    the lowest denominator `lo` they can find (so complementary suppression ranks it honestly)."""
    with np.errstate(invalid="ignore"):
        estimate = np.round(val * lo / mult)
    return np.where(np.isnan(size) & np.isnan(num), estimate, size)


def count_sizes(frame: pd.DataFrame, unit: str | Mapping[str, str] | None = None) -> np.ndarray:
    """The count each row is about (NaN when it has none): the numerator; else the value for a
    count; else the count a rate and its denominator imply; else the denominator. Secondary
    suppression ranks cells by this size."""
    units = _resolve_units(frame, unit)
    mult = None if units is None else _multipliers(units)
    return _sizes(_num(frame, "numerator"), _num(frame, "value"), _num(frame, "denominator"), units, mult)


def suppress(
    frame: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD, unit: str | Mapping[str, str] | None = None
) -> pd.DataFrame:
    """A copy of `frame` with primary and secondary suppression applied (see the module doc).

    `unit` is one unit for every row, or a mapping indicator_id -> unit; without it the frame's
    `unit` column is used. With neither, only numerators and denominators are treated as counts.
    Suppressed rows get marker 'c' and NaN numerator, value, lower_ci and upper_ci; small
    denominators (and those blanked to protect one) become NaN too. Other columns are kept.
    """
    threshold = _check_threshold(threshold)
    out = frame.copy()
    n = len(out)
    if n == 0:
        return out
    missing = [c for c in ("indicator_id", "period", "area_code") if c not in out.columns]
    if missing:
        raise ValueError(f"cannot suppress a frame without column(s): {', '.join(missing)}")
    units = _resolve_units(out, unit)
    num = _num(out, "numerator")
    val = _num(out, "value")
    den = _num(out, "denominator")
    mult = None if units is None else _multipliers(units)
    size = _sizes(num, val, den, units, mult)
    markers = _markers(out)

    # ---- primary: the count itself, or one the shown rate or interval gives away (disclosure)
    small_count = _is_small(num, threshold)
    if units is not None:
        small_count |= (units == "count") & _is_small(val, threshold)
        dens = denominator_range(out, units)  # the slowest step on a national store: worked out once
        small_count |= implied_small(out, units, threshold, dens)
        size = _estimated_sizes(size, num, val, dens[0], mult)  # type: ignore[arg-type]  # narrowed by the is_missing/None check above
    den_blank = _is_small(den, threshold)
    row_supp = small_count | den_blank | (markers == "c")

    # ---- secondary, numerators then denominators, until both settle
    constraints = build_constraints(out)
    den_size = den.copy()
    for _ in range(100):
        new_rows = protect_zeros(constraints, size, protect(constraints, size, row_supp, threshold))
        has_den = ~np.isnan(den)
        new_den = (
            protect(constraints, den_size, den_blank & has_den, threshold, prefer=new_rows)
            if den_blank.any()
            else den_blank
        )
        new_rows = new_rows | new_den
        if (new_rows == row_supp).all() and (new_den == den_blank).all():
            break
        row_supp, den_blank = new_rows, new_den

    # ---- a ratio built on a hidden count gives it back (no breakdown of its own to protect)
    if units is not None:
        row_supp = row_supp | ratio_rows_to_hide(out, row_supp, threshold)

    # ---- write back
    if row_supp.any():
        for col in ("numerator", "value", "lower_ci", "upper_ci"):
            if col in out.columns:
                out[col] = _blank(out[col], row_supp)
        if "marker" in out.columns:
            m = out["marker"].astype(object).to_numpy(dtype=object, copy=True)
            m[row_supp] = "c"
            out["marker"] = pd.Series(m, index=out.index, dtype=object)
        else:
            out["marker"] = pd.Series(np.where(row_supp, "c", None), index=out.index, dtype=object)  # type: ignore[call-overload]  # narrowed by the is_missing/None check above
    if den_blank.any() and "denominator" in out.columns:
        out["denominator"] = _blank(out["denominator"], den_blank)
    return out


def _blank(col: pd.Series, mask: np.ndarray) -> pd.Series:
    """The column with NaN where mask is true, as float when it was numeric."""
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        arr = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float, na_value=np.nan, copy=True)
        arr[mask] = np.nan
        return pd.Series(arr, index=col.index, name=col.name)
    obj = col.astype(object).to_numpy(dtype=object, copy=True)
    obj[mask] = None
    return pd.Series(obj, index=col.index, name=col.name, dtype=object)


def suppress_ratio_rows(
    frame: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD, reference: str | None = None
) -> pd.DataFrame:
    """Suppression for disproportionality tables (one row per category).

    Columns: category, events, population and/or previous, rri, lower, upper, low_reliability.
    * events, population or previous from 1 to threshold-1: that count becomes NaN, rri / lower /
      upper (and any other column built on the row's events, e.g. rate, share) become NaN, and the
      marker is 'c';
    * if the reference group's row is suppressed (found by `reference`, else a boolean column
      `is_reference`), every row's ratio is built on it, so every ratio is suppressed;
    * otherwise a low_reliability row keeps its figures and gets marker 'u'.
    A 'marker' column is added when missing.
    """
    threshold = _check_threshold(threshold)
    out = frame.copy()
    n = len(out)
    if "marker" in out.columns:
        markers = _markers(out).astype(object)
    else:
        markers = np.full(n, None, dtype=object)
    if n == 0:
        out["marker"] = pd.Series(markers, index=out.index, dtype=object)
        return out
    small = np.zeros(n, dtype=bool)
    for col in _COUNT_COLUMNS_RATIO:
        if col in out.columns:
            small |= _is_small(_num(out, col), threshold)
    supp = small | (markers == "c")
    if reference is not None and "category" in out.columns:
        is_ref = (out["category"].astype(object) == reference).to_numpy(dtype=bool)
    elif "is_reference" in out.columns:
        is_ref = out["is_reference"].fillna(False).astype(bool).to_numpy()
    else:
        is_ref = np.zeros(n, dtype=bool)
    # every ratio is built on the reference group's events as well as its own
    ratio_supp = np.ones(n, dtype=bool) if (supp & is_ref).any() else supp
    for col in _COUNT_COLUMNS_RATIO:
        if col in out.columns:
            out[col] = _blank(out[col], _is_small(_num(out, col), threshold))
    if supp.any():
        # counts of a suppressed row that are not themselves small stay (the population is public)
        if "events" in out.columns:
            out["events"] = _blank(out["events"], supp)
    for col in _RATIO_DERIVED:
        if col in out.columns:
            out[col] = _blank(out[col], ratio_supp)
    low = (
        out["low_reliability"].fillna(False).astype(bool).to_numpy()
        if "low_reliability" in out.columns
        else np.zeros(n, dtype=bool)
    )
    markers = markers.copy()
    markers[low & ~ratio_supp] = "u"
    markers[ratio_supp] = "c"
    out["marker"] = pd.Series(markers, index=out.index, dtype=object)
    return out


def visible_counts(frame: pd.DataFrame, unit: str | Mapping[str, str] | None = None) -> pd.Series:
    """Every count a reader can see in `frame` (NaN left out), as one float Series.

    Counts: numerator, denominator, events, population, previous, and value where the unit is
    'count' (from `unit` or the frame's unit column). Used by tests to assert that no count from
    1 to threshold-1 is ever shown.
    """
    parts: list[np.ndarray] = []
    for col in ("numerator", "denominator", *_COUNT_COLUMNS_RATIO):
        if col in frame.columns:
            parts.append(_num(frame, col))
    if "value" in frame.columns and len(frame):
        try:
            units = _resolve_units(frame, unit)
        except (ValueError, KeyError):
            units = None
        if units is not None:
            v = _num(frame, "value")
            parts.append(v[units == "count"])
    if not parts:
        return pd.Series([], dtype=float)
    allv = np.concatenate(parts)
    return pd.Series(allv[~np.isnan(allv)], dtype=float)


def display_value(value: Any, marker: Any = None, decimals: int = 1) -> str:
    """The text shown in a table cell: the GSS symbol for a marker, else the formatted number.

    'u' (low reliability) keeps the number: "12.3 [u]". A missing value with no marker is "[x]".
    Numbers use thousands separators and `decimals` places; -0.0 shows as 0.0.
    """
    m = None if marker is None or (isinstance(marker, float) and math.isnan(marker)) else str(marker)
    if m == "":
        m = None
    if m is not None and m not in PUBLIC_SYMBOLS:
        raise ValueError(f"unknown marker {m!r}; expected one of {', '.join(MARKERS)}")
    number: float | None
    try:
        number = None if value is None else float(value)
    except (TypeError, ValueError):
        number = None
    if number is not None and not math.isfinite(number):
        number = None
    if m == "u":
        return PUBLIC_SYMBOLS["u"] if number is None else f"{_fmt(number, decimals)} {PUBLIC_SYMBOLS['u']}"
    if m is not None:
        return PUBLIC_SYMBOLS[m]
    if number is None:
        return PUBLIC_SYMBOLS["x"]
    return _fmt(number, decimals)


def _fmt(number: float, decimals: int) -> str:
    d = max(int(decimals), 0)
    text = f"{number:,.{d}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    return text
