"""Validate a frame in the native columns against a Reference: every problem, each with a reason code.

Vectorised: rules run over whole columns; the only Python loops are over rules, columns and the
*distinct* values of a column (indicator ids, area codes, period x indicator pairs), never per row.

The clean frame holds the rows without errors, typed: numerator, denominator, value, lower_ci,
upper_ci float (NaN when none), marker 'c'/'low'/'x'/'z' or None, illustrative bool, period as
its canonical code, dimension/category canonical, source_row int. A blank value is worked out
from numerator/denominator (x the unit's multiplier) when the unit allows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.catalogue import UNIT_MULTIPLIER
from indicators.cohorts import CATEGORIES, DIMENSIONS
from indicators.ingest.categories import canonical_category, canonical_dimension
from indicators.ingest.intersections import read_intersections
from indicators.ingest.numbers import (
    bad_number_message,
    null_marker_message,
    old_marker_message,
    parse_numbers,
)
from indicators.ingest.period_check import classify_period
from indicators.ingest.problems import Problem, Reason, Severity, collapse_columns, sort_problems, suggest
from indicators.ingest.readers import NATIVE_COLUMNS
from indicators.ingest.reference import Reference

NUMBER_COLUMNS = ("numerator", "denominator", "value", "lower_ci", "upper_ci")
KEY_COLUMNS = ("indicator_id", "period", "area_code", "dimension", "category")
CLEAN_COLUMNS = (*NATIVE_COLUMNS[:11], "marker", "note", "illustrative", "source_row")
# Units where the numerator is part of the denominator (so cannot exceed it).
BOUNDED_UNITS = frozenset({"percent"})
# Units whose value must not be negative.
NON_NEGATIVE_UNITS = frozenset({"count", "percent", "rate_per_1000", "rate_per_10000", "rate_per_100000", "ratio"})
_TRUE = ("true", "yes", "y", "1")
_FALSE = ("false", "no", "n", "0", "")


class _PerRow:
    """A message worked out only for the flagged rows: ``build(selector)`` gets a boolean Series
    and returns the messages of the selected rows, in order (text built for every row of a big
    upload would cost more than the checks)."""

    def __init__(self, build):
        self.build = build


class _Collector:
    """Turns boolean masks into Problems (one per flagged row), naming the uploaded column."""

    def __init__(self, df: pd.DataFrame, attrs: dict):
        self.df = df
        self.rows = df["source_row"].to_numpy()
        self.error = np.zeros(len(df), dtype=bool)
        self.items: list[Problem] = []
        self.names: dict[str, str] = attrs.get("source_columns", {})
        self.by_indicator: dict[str, dict[str, str]] = attrs.get("source_columns_by_indicator", {})

    def add(
        self,
        mask,
        column: str | None,
        code: str,
        message,
        severity: Severity = "error",
        values: pd.Series | None = None,
    ) -> None:
        """``message`` is a str, a Series aligned with the frame, a _PerRow, or a function of the cell text."""
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        if idx.size == 0:
            return
        if values is None and column in self.df:
            values = self.df[column]
        vals = values.to_numpy()[idx] if values is not None else np.full(idx.size, None)
        if isinstance(message, _PerRow):
            selector = np.zeros(len(self.df), dtype=bool)
            selector[idx] = True
            msgs = list(message.build(pd.Series(selector, index=self.df.index)))
        elif callable(message):
            cache = {v: message(v) for v in set(vals.tolist())}
            msgs = [cache[v] for v in vals.tolist()]
        elif isinstance(message, pd.Series):
            msgs = message.to_numpy()[idx].tolist()
        else:
            msgs = [message] * idx.size
        names = self._names(column, idx)
        self.items.extend(
            Problem(int(r), c, None if v is None else str(v), code, m, severity)
            for r, c, v, m in zip(self.rows[idx].tolist(), names, vals.tolist(), msgs, strict=True)
        )
        if severity == "error":
            self.error[idx] = True

    def _names(self, column: str | None, idx: np.ndarray) -> list[str | None]:
        default = self.names.get(column, column) if column else None
        if column and self.by_indicator:
            ids = self.df["indicator_id"].to_numpy()[idx].tolist()
            return [self.by_indicator.get(i, {}).get(column, default) for i in ids]
        return [default] * idx.size


def _map(series: pd.Series, mapping) -> pd.Series:
    """``series.map(mapping)``, worked out on one row per distinct value (a column holds few) and
    spread back by position: pandas maps arrow-backed strings one Python call per row."""
    codes, _ = pd.factorize(series, use_na_sentinel=False)
    _, first = np.unique(codes, return_index=True)
    distinct = series.iloc[first].map(mapping)
    out = distinct.take(codes)
    out.index = series.index
    return out


def validate(
    frame: pd.DataFrame, reference: Reference, source_format: str = "native"
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check ``frame`` (native columns as text + source_row); return (clean rows, problems)."""
    attrs, frame = dict(frame.attrs), frame.reset_index(drop=True)
    df = pd.DataFrame(
        {c: (frame[c].fillna("").astype("str").str.strip() if c in frame else "") for c in NATIVE_COLUMNS},
        index=range(len(frame)),
    )
    df["source_row"] = frame["source_row"].to_numpy().astype("int64")
    out = _Collector(df, attrs)
    for column in ("indicator_id", "period", "area_code"):
        out.add(df[column] == "", column, Reason.BLANK_REQUIRED, f"{column} is blank (it is required)")
    ind = _indicators(df, reference, out)
    _areas(df, reference, out)
    _cohorts(df, out)
    period = _periods(df, ind, out)
    nums, marker = _numbers(
        df, ind, out, bool(attrs.get("decimal_comma")), source_format not in ("native", "fingertips")
    )
    illustrative = _illustrative(df, out)
    key = pd.DataFrame(
        {
            "indicator_id": df["indicator_id"],
            "period": period,
            "area_code": df["area_code"],
            "dimension": df["dimension"],
            "category": df["category"],
        }
    )
    _duplicates(key, df, out)

    clean = pd.DataFrame(
        {
            **{c: df[c] for c in ("indicator_id", "area_code", "area_name", "dimension", "category")},
            "period": period,
            **nums,
            "marker": marker,
            "note": df["note"],
            "illustrative": illustrative,
            "source_row": df["source_row"],
        }
    )
    clean = clean.loc[~out.error, list(CLEAN_COLUMNS)].reset_index(drop=True)
    return clean, sort_problems(collapse_columns(out.items, int(df["source_row"].nunique())))


def _indicators(df: pd.DataFrame, ref: Reference, out: _Collector) -> pd.DataFrame:
    """Check indicator ids; return per-row unit / period_type / decimals (NaN where unknown)."""
    ids = df["indicator_id"]
    lowered = ids.str.lower()
    df["indicator_id"] = ids.mask(~ids.isin(ref.indicators) & lowered.isin(ref.indicators), lowered)
    ids = df["indicator_id"]
    unknown = (ids != "") & ~ids.isin(ref.indicators)
    out.add(
        unknown,
        "indicator_id",
        Reason.UNKNOWN_INDICATOR,
        lambda v: f"'{v}' is not an indicator in the catalogue" + suggest(v, ref.indicators),
    )
    return pd.DataFrame(
        {
            "unit": _map(ids, {k: i.unit for k, i in ref.indicators.items()}),
            "period_type": _map(ids, {k: i.period_type for k, i in ref.indicators.items()}),
            "decimals": _map(ids, {k: i.decimals for k, i in ref.indicators.items()}),
        }
    )


def _areas(df: pd.DataFrame, ref: Reference, out: _Collector) -> None:
    codes = df["area_code"].str.upper()
    df["area_code"] = codes
    known = codes.isin(list(ref.areas))
    by_name = {str(n).lower(): c for c, n in ref.areas.items()}

    def message(v: str) -> str:
        if v.lower() in by_name:
            return f"'{v}' is an area name, not a code: use {by_name[v.lower()]}"
        return f"'{v}' is not a known area code (GSS code such as E09000019)" + suggest(v.upper(), ref.areas)

    out.add((codes != "") & ~known, "area_code", Reason.UNKNOWN_AREA, message)
    expected = _map(codes, dict(ref.areas)).fillna("")
    names = df["area_name"]
    differs = known & (names != "") & (names.str.lower() != expected.str.lower())
    out.add(
        differs,
        "area_name",
        Reason.AREA_NAME_MISMATCH,
        "area name differs from the area list's '" + expected + "' for " + codes + " (the list's name is kept)",
        "warning",
    )
    df["area_name"] = names.mask(known, expected)


def _cohorts(df: pd.DataFrame, out: _Collector) -> None:
    read = read_intersections(df["dimension"], df["category"])  # 'ethnicity+sex' rows
    for problem in read.problems:
        out.add(*problem)
    df.loc[read.ok, ["dimension", "category"]] = pd.DataFrame({"dimension": read.dimension, "category": read.category})
    compound = read.compound  # read (or reported) above: kept as they are below
    dims = df["dimension"].mask(df["dimension"] == "", "all")
    dim_map = {d: canonical_dimension(d) for d in dims[~compound].unique()} | {d: d for d in dims[compound].unique()}
    canonical = _map(dims, dim_map)
    out.add(
        canonical.isna(),
        "dimension",
        Reason.UNKNOWN_DIMENSION,
        lambda v: f"'{v}' is not a cohort dimension (one of {', '.join(DIMENSIONS)})" + suggest(v.lower(), DIMENSIONS),
    )
    df["dimension"] = canonical.fillna(dims)
    cats = df["category"]
    blank = cats == ""
    out.add(
        blank & canonical.notna() & (canonical != "all"),
        "category",
        Reason.BLANK_REQUIRED,
        "category is blank: it is required when the dimension is not 'all'",
    )
    cats = cats.mask(blank & (df["dimension"] == "all"), "all")
    pair = df["dimension"] + "\x1f" + cats
    kept = {p: p.split("\x1f", 1)[1] for p in pair[compound].unique()}
    canonical_cat = _map(pair, {p: canonical_category(*p.split("\x1f", 1)) for p in pair[~compound].unique()} | kept)
    bad = canonical_cat.isna() & canonical.notna() & (cats != "")

    def message(p: str) -> str:
        dim, text = p.split("\x1f", 1)
        options = CATEGORIES.get(dim, {})
        return f"'{text}' is not a known {dim} category (e.g. {', '.join(list(options)[:6])})" + suggest(
            text.lower(), list(options) + [v.lower() for v in options.values()]
        )

    messages = _map(pair, {p: message(p) for p in pair[bad].unique()})
    out.add(bad, "category", Reason.UNKNOWN_CATEGORY, messages, values=cats)
    df["category"] = canonical_cat.fillna(cats)


def _periods(df: pd.DataFrame, ind: pd.DataFrame, out: _Collector) -> pd.Series:
    """Check periods for each indicator's period type; return the canonical codes."""
    pair = df["period"] + "\x1f" + ind["period_type"].fillna("") + "\x1f" + df["indicator_id"]
    results = {p: classify_period(*p.split("\x1f")) for p in pair[df["period"] != ""].unique()}
    code = _map(pair, {p: r[0] for p, r in results.items()})
    reason = _map(pair, {p: r[1] for p, r in results.items()})
    message = _map(pair, {p: r[2] for p, r in results.items()})
    for problem_code in (
        Reason.BAD_PERIOD,
        Reason.WRONG_PERIOD_TYPE,
        Reason.NON_CONSECUTIVE_YEARS,
        Reason.FUTURE_PERIOD,
    ):
        out.add(reason == problem_code, "period", problem_code, message)
    return df["period"].mask(code.notna(), code.astype("object"))


def _numbers(
    df: pd.DataFrame, ind: pd.DataFrame, out: _Collector, decimal_comma: bool = False, publisher: bool = False
) -> tuple[dict[str, pd.Series], pd.Series]:
    parsed = {c: parse_numbers(df[c], decimal_comma) for c in NUMBER_COLUMNS}
    for c, p in parsed.items():
        out.add(p.null_marker, c, Reason.NULL_MARKER, null_marker_message)
        out.add(p.bad, c, Reason.BAD_NUMBER, bad_number_message)
        out.add(p.old_marker, c, Reason.OLD_MARKER, old_marker_message, "warning")
    n, d, v = (parsed[c].number for c in ("numerator", "denominator", "value"))
    lo, hi = parsed["lower_ci"].number, parsed["upper_ci"].number
    marker = parsed["value"].marker.fillna(parsed["numerator"].marker)
    marker = marker.astype("object").where(marker.notna(), None)
    out.add(
        parsed["numerator"].blank & parsed["value"].blank,
        "value",
        Reason.BLANK_REQUIRED,
        "numerator and value are both blank: give at least one (or a marker c, low, x or z)",
        values=df["value"],
    )
    unit = ind["unit"]
    if publisher:
        n, d = _publisher_counts(n, d, v, unit, parsed["value"].decimals, out)
    out.add(n < 0, "numerator", Reason.NEGATIVE_COUNT, "the numerator is negative: counts cannot be")
    out.add(d < 0, "denominator", Reason.NEGATIVE_COUNT, "the denominator is negative: counts cannot be")
    out.add(
        (v < 0) & unit.isin(NON_NEGATIVE_UNITS - BOUNDED_UNITS),
        "value",
        Reason.NEGATIVE_COUNT,
        "the value is negative, which this indicator's unit cannot be",
    )
    n_ok, d_ok = n.where(n >= 0), d.where(d >= 0)  # later rules skip cells already reported
    bounded = unit.isin(BOUNDED_UNITS)
    out.add(
        bounded & (n_ok > d_ok),
        "numerator",
        Reason.NUMERATOR_ABOVE_DENOMINATOR,
        _PerRow(
            lambda s: (
                "the numerator is larger than the denominator ("
                + df["numerator"][s]
                + " > "
                + df["denominator"][s]
                + "): a percentage's numerator is part of its denominator"
            )
        ),
    )
    for c, number in (("value", v), ("lower_ci", lo), ("upper_ci", hi)):
        out.add(
            bounded & ((number < 0) | (number > 100)),
            c,
            Reason.PERCENT_OUT_OF_RANGE,
            f"a percentage must be between 0 and 100 ({c})",
        )
    out.add(
        hi < lo,
        "upper_ci",
        Reason.CI_REVERSED,
        _PerRow(
            lambda s: (
                "the upper confidence limit is below the lower one ("
                + df["upper_ci"][s]
                + " < "
                + df["lower_ci"][s]
                + ")"
            )
        ),
    )
    mult = _multiplier(unit)
    computed = _computed(n_ok, d_ok, unit, mult)
    mismatch = _disagrees(computed, v, parsed["value"].decimals) & ~(bounded & (n_ok > d_ok))
    out.add(
        mismatch,
        "value",
        Reason.VALUE_MISMATCH,
        _PerRow(
            lambda s: (
                "the value does not match the numerator and denominator: "
                + df["numerator"][s]
                + (" / " + df["denominator"][s] + " x " + mult[s].astype("str")).where(~unit[s].eq("count"), "")
                + " = "
                + computed[s].round(4).astype("str")
            )
        ),
    )
    needs_value = parsed["value"].blank & n_ok.notna() & parsed["denominator"].blank & unit.notna() & ~unit.eq("count")
    out.add(
        needs_value,
        "value",
        Reason.BLANK_REQUIRED,
        _PerRow(
            lambda s: (
                "the value is blank and cannot be worked out: give the value, or a denominator for "
                + unit[s].fillna("")
                + " indicators"
            )
        ),
        values=df["value"],
    )
    value = v.fillna(computed.where(parsed["value"].blank & marker.isna()))
    return {"numerator": n, "denominator": d, "value": value, "lower_ci": lo, "upper_ci": hi}, marker


def _multiplier(unit: pd.Series) -> pd.Series:
    """The unit's multiplier per row as floats (1 for counts, NaN for an unknown indicator)."""
    mult = pd.to_numeric(_map(unit.astype("object"), UNIT_MULTIPLIER), errors="coerce").astype("float64")
    return mult.where(~unit.eq("count"), 1.0)


def _computed(n: pd.Series, d: pd.Series, unit: pd.Series, mult: pd.Series) -> pd.Series:
    """The value the counts give: n / d x the unit's multiplier (n itself for a count)."""
    return ((n / d.where(d > 0)) * mult).mask(unit.eq("count"), n)


def _disagrees(computed: pd.Series, v: pd.Series, decimals: pd.Series) -> pd.Series:
    """The value differs from the counts' by more than its own rounding (half its last written place)."""
    tolerance = np.maximum(0.5 * 10.0 ** (-decimals.astype("float64")), 1e-9 * computed.abs())
    return computed.notna() & v.notna() & ((computed - v).abs() > tolerance + 1e-12)


def _publisher_counts(
    n: pd.Series, d: pd.Series, v: pd.Series, unit: pd.Series, decimals: pd.Series, out: _Collector
) -> tuple[pd.Series, pd.Series]:
    """Publishers round counts (DfE to the nearest 10 nationally) and compute rates from the unrounded
    ones, or give a zero base: where the published counts do not reproduce the published value, the
    value is kept and the counts are left out (the dashboard never stores figures that disagree). A
    numerator above a non-zero denominator is still an error: no rounding explains it."""
    mult = _multiplier(unit)
    computed = _computed(n, d, unit, mult)
    impossible = unit.isin(BOUNDED_UNITS) & (n > d) & (d > 0)  # reported below: no rounding explains it
    bad = ((_disagrees(computed, v, decimals) & v.notna()) | (d == 0)) & ~impossible
    if bad.any():
        out.items.append(
            Problem(
                None,
                "numerator",
                None,
                Reason.SKIPPED_ROWS,
                f"{int(bad.sum()):,} row(s) keep the publisher's value without its counts: the "
                "published counts (rounded, or a zero base) do not reproduce it",
                "warning",
            )
        )
    return n.where(~bad), d.where(~bad)


def _illustrative(df: pd.DataFrame, out: _Collector) -> pd.Series:
    low = df["illustrative"].str.lower()
    out.add(
        ~low.isin(_TRUE + _FALSE),
        "illustrative",
        Reason.BAD_BOOLEAN,
        lambda v: f"'{v}' is not true or false (illustrative)",
    )
    return low.isin(_TRUE)


def _duplicates(key: pd.DataFrame, df: pd.DataFrame, out: _Collector) -> None:
    key = key.astype("str")
    complete = (key != "").all(axis=1)
    dup = complete & key.duplicated(keep="first")
    if not dup.any():
        return

    def message(s: pd.Series) -> pd.Series:
        repeated = complete & key.duplicated(keep=False)
        first_row = df["source_row"][repeated].groupby([key[c][repeated] for c in KEY_COLUMNS]).transform("first")
        return (
            "the same indicator, period, area and cohort as row "
            + first_row[s].astype("Int64").astype("str")
            + " (each observation once per file)"
        )

    out.add(dup, None, Reason.DUPLICATE_KEY, _PerRow(message), values=df["indicator_id"])
