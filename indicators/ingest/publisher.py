"""Read a publisher file through its declared layout (ingest/mapping.py) into the native long columns.

Rows the dashboard does not hold (other geographies, filters, areas, publisher demonstration rows,
categories it has no code for) are skipped with one summary warning per reason. A layout
none of whose indicators is in the catalogue gives one root-cause error naming what was recognised.
"""

from __future__ import annotations

import re

import pandas as pd

from indicators.ingest.mapping import Layout, Measure
from indicators.ingest.numbers import parse_numbers
from indicators.ingest.problems import Problem, Reason
from indicators.ingest.publisher_cohorts import cohorts_from_filters, filter_texts
from indicators.ingest.readers import NATIVE_COLUMNS, drop_rows
from indicators.ingest.reference import Reference
from indicators.periods import PERIOD_TYPES

# Publisher symbols -> our markers (DESIGN §4). EES: u = low reliability (the dashboard works that
# out, so the number is not held), ~ = rounds to zero; LAIT/ONS: '-', ':' and '..' = not available;
# NHS: '*' = suppressed; DfE's older files: '.' = not available.
SYMBOLS = {
    "c": "c",
    "x": "x",
    "z": "z",
    "low": "low",
    "u": "x",
    "~": "low",
    ":": "x",
    "..": "x",
    "-": "x",
    "*": "c",
    ".": "x",
}
EES_GEOGRAPHY = {"national": "country_code", "regional": "region_code", "local authority": "new_la_code"}
_SPLIT_TYPES = ("financial_year", "academic_year")
_OBSERVATION = ["indicator_id", "period", "area_code", "dimension", "category", "numerator", "denominator", "value"]
_BRACKET = re.compile(r"\s*\(.*\)\s*$")


class _Columns:
    """Case-insensitive column access; 'a|b' picks whichever spelling the file has."""

    def __init__(self, raw: pd.DataFrame):
        self.raw = raw
        self.lower = {str(c).strip().lower(): c for c in raw.columns}

    def name(self, spec: str) -> str | None:
        return next((self.lower[a.lower()] for a in spec.split("|") if a.lower() in self.lower), None)

    def __call__(self, spec: str) -> pd.Series:
        name = self.name(spec) if spec else None
        if name is None:
            return pd.Series("", index=self.raw.index, dtype="str")
        return self.raw[name].astype("str").str.strip()


def read_publisher(raw: pd.DataFrame, layout: Layout, reference: Reference) -> tuple[pd.DataFrame, list[Problem]]:
    """``raw`` (strings + source_row) read through ``layout``; (native frame, problems)."""
    problems: list[Problem] = []
    measures = _usable_measures(raw, layout, reference)
    if not measures:
        return _empty(), [_nothing_mapped(layout, reference)]
    if layout.pivot:
        raw = _pivot(raw, layout.pivot)
    col = _Columns(raw)
    keep = pd.Series(True, index=raw.index)
    for column, accepted in layout.keep.items():
        if col.name(column):
            ok = col(column).str.lower().isin([a.lower() for a in accepted])
            keep = drop_rows(
                keep, ok, problems, col.name(column) or column, f"{column} other than {' / '.join(accepted)}"
            )
    area = _areas(col, layout, reference, keep, problems)
    keep &= area != ""
    dimension, category, keep = _cohorts(col, layout, keep, problems)
    frames = [_measure_frame(col, layout, m, reference, keep, area, dimension, category) for m in measures]
    frame = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) else _empty()
    if layout.months:
        frame, problems = _sum_months(frame, problems)
    same = frame.duplicated(subset=_OBSERVATION, keep="first")
    if same.any():  # e.g. EES 'Unclassified' given both as a major and as a minor ethnic group
        frame = frame[
            drop_rows(
                pd.Series(True, index=frame.index),
                ~same,
                problems,
                "category",
                "repeats of the same observation with the same figures",
            )
        ]
    filters = [col.name(c) for c in [*layout.filters, layout.characteristic.get("label", "")] if c and col.name(c)]
    frame.attrs["source_columns"] = {
        "period": col.name(layout.period) or layout.period or "month",
        "category": " / ".join(filters) or "category",
        "area_code": layout.area_code or (layout.area_name or ("area",))[0],
        "value": measures[0].value or "value",
    }
    frame.attrs["source_columns_by_indicator"] = {
        m.indicator: {
            "value": col.name(m.value) or "value",
            "numerator": col.name(m.numerator) or "numerator",
            "denominator": col.name(m.denominator) or "denominator",
        }
        for m in measures
        if m.indicator and not layout.months
    }
    return frame[[*NATIVE_COLUMNS, "source_row"]], problems


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=[*NATIVE_COLUMNS, "source_row"])


def _usable_measures(raw: pd.DataFrame, layout: Layout, reference: Reference) -> list[Measure]:
    """Measures whose columns are in this file and whose indicator is in the catalogue."""
    col = _Columns(raw)
    ids = reference.indicators
    out = []
    for m in layout.measures:
        if m.value and not layout.pivot and not layout.months and col.name(m.value) is None:
            continue
        if m.indicator_column:
            if col.name(m.indicator_column) and col(m.indicator_column).isin(list(ids)).any():
                out.append(m)
        elif m.indicator in ids:
            out.append(m)
    return out


def _nothing_mapped(layout: Layout, reference: Reference) -> Problem:
    if layout.holds:
        why = f"it holds {layout.holds}"
    else:
        wanted = [i for i in layout.indicator_ids() if i not in reference.indicators]
        why = (
            "none of the indicators it is mapped to is in the catalogue ("
            + ", ".join(wanted)
            + "): add them to indicators/catalogue.toml to load this file"
        )
    return Problem(
        None,
        None,
        None,
        Reason.NO_MAPPING,
        f"recognised as {layout.name} ({layout.publisher}), but nothing in it is loaded: {why}",
    )


def _pivot(raw: pd.DataFrame, spec: dict[str, str]) -> pd.DataFrame:
    """A long file (one row per measure) made wide: each `names` value becomes a column."""
    col = _Columns(raw)
    names, values = col.name(spec["names"]), col.name(spec["values"])
    keys = [c for c in raw.columns if c not in {names, values, "source_row"}]
    indexed = raw.set_index([*keys, names])
    first = ~indexed.index.duplicated()  # a measure given twice for one area and period: the first wins
    wide = indexed.loc[first, values].unstack(names, fill_value="")
    wide.columns = [str(c) for c in wide.columns]
    rows = raw.loc[first].groupby(keys, sort=False, dropna=False)["source_row"].min()
    return wide.join(rows).reset_index()


def _areas(col: _Columns, layout: Layout, ref: Reference, keep: pd.Series, problems: list[Problem]) -> pd.Series:
    """GSS code per row ('' for a row the dashboard does not hold, reported in one warning per reason)."""
    if layout.area == "ees":
        level = col("geographic_level").str.lower()
        in_level = level.isin(list(EES_GEOGRAPHY))
        keep = drop_rows(
            keep,
            in_level,
            problems,
            col.name("geographic_level") or "geographic_level",
            "geographic levels other than National, Regional and Local authority",
        )
        code = pd.Series("", index=col.raw.index, dtype="str")
        for lvl, column in EES_GEOGRAPHY.items():
            code = code.mask(level == lvl, col(column))
        keep = drop_rows(
            keep,
            code != "",
            problems,
            "area code",
            "no area code (publisher demonstration or test rows such as 'LA demo')",
        )
        shown = code
    elif layout.area_code:
        code = col(layout.area_code).str.upper()
        shown = code
    else:
        shown = pd.Series("", index=col.raw.index, dtype="str")
        for spec in reversed(layout.area_name):  # the first column wins unless blank or a skipped value
            text = col(spec)
            shown = shown.mask((text != "") & ~text.isin(layout.area_name_skip), text)
        by_name = {str(n).lower(): c for c, n in ref.areas.items()}
        by_name.update({k.lower(): v for k, v in layout.aliases.items()})
        keep = drop_rows(keep, ~_total_row(shown), problems, "area", "total rows ('Total', 'Grand total')")
        code = shown.str.lower().map(by_name).fillna("").astype("str")
    known = code.isin(list(ref.areas))
    unknown = keep & ~known
    if unknown.any():
        sample = ", ".join(sorted(set(shown[unknown]))[:5])
        drop_rows(keep, ~unknown, problems, "area", f"areas the dashboard does not hold ({sample}...)")
    return code.where(known & keep, "")


def _total_row(text: pd.Series) -> pd.Series:
    low = text.str.lower()
    return low.isin(["total", "grand total", "all areas"])


def _cohorts(
    col: _Columns, layout: Layout, keep: pd.Series, problems: list[Problem]
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Dimension and category from the filter columns (publisher_cohorts: intersections too)."""
    index = col.raw.index
    sources: list[tuple[pd.Series, str]] = []
    for column, dim in layout.filters.items():
        if col.name(column):
            sources.append((col(column), dim))
    if layout.characteristic:
        types = {k.lower(): v for k, v in layout.characteristic["types"].items()}
        kind = col(layout.characteristic["type"]).str.lower()
        mapped = kind.isin(list(types)) | (kind == "")
        keep = drop_rows(
            keep,
            mapped,
            problems,
            col.name(layout.characteristic["type"]) or "characteristic",
            "characteristics the dashboard does not hold ("
            + ", ".join(sorted(set(col(layout.characteristic["type"])[keep & ~mapped]))[:4])
            + ")",
        )
        label = col(layout.characteristic["label"])
        for kind_value, dim in types.items():
            if dim != "all":
                sources.append((label.where(kind == kind_value, ""), dim))
    texts = filter_texts(sources, index)
    return cohorts_from_filters(texts, index, keep, problems)


def _measure_frame(
    col: _Columns,
    layout: Layout,
    m: Measure,
    ref: Reference,
    keep: pd.Series,
    area: pd.Series,
    dimension: pd.Series,
    category: pd.Series,
) -> pd.DataFrame:
    rows = keep.copy()
    if m.where and m.where != "*":
        rows &= col(layout.measure_column) == m.where
    if m.dimension:  # a measure column that is itself one cohort: only the all-children rows
        rows &= dimension == "all"
    indicator = col(m.indicator_column) if m.indicator_column else pd.Series(m.indicator, index=rows.index)
    rows &= indicator.isin(list(ref.indicators))
    if not rows.any():
        return _empty()
    ids = indicator[rows]
    period_type = ids.map({k: i.period_type for k, i in ref.indicators.items()})
    part = pd.DataFrame(
        {
            "indicator_id": ids,
            "area_code": pd.Series(m.area_code, index=ids.index) if m.area_code else area[rows],
            "area_name": "",
            "dimension": m.dimension or dimension[rows],
            "category": m.category or category[rows],
            "lower_ci": "",
            "upper_ci": "",
            "note": m.note,
            "illustrative": "false",
            "source_row": col.raw["source_row"][rows],
        }
    )
    if layout.months:
        return _month_cells(col, part, period_type)
    part["period"] = _period(col(layout.period)[rows], m.period_rule or layout.period_rule, period_type)
    for native, source in (("value", m.value), ("numerator", m.numerator), ("denominator", m.denominator)):
        part[native] = _cells(col(source)[rows], m.scale) if source else ""
    for fix in layout.corrections:
        if fix.measure == m.where:
            hit = part["area_code"] == fix.area_code
            part.loc[hit, "value"] = _cells(part.loc[hit, "value"], fix.scale)
            part.loc[hit, "note"] = fix.note
    return part[(part["value"] != "") | (part["numerator"] != "")]  # a blank cell: not published


def _cells(text: pd.Series, scale: float = 1.0) -> pd.Series:
    """Publisher symbols as our markers; numbers scaled when the publisher's unit differs from ours."""
    low = text.str.lower()
    out = text.mask(low.isin(list(SYMBOLS)), low.map(SYMBOLS))
    if scale != 1.0:
        parsed = parse_numbers(out)
        scaled = (parsed.number * scale).round(6).map(lambda x: "" if pd.isna(x) else f"{x:.6g}")
        out = out.mask(parsed.number.notna(), scaled)
    return out


def _period(text: pd.Series, rule: str, period_type: pd.Series) -> pd.Series:
    """Publisher period spellings as ours: '2016-17 (OT)' -> '2016-17'; under rule 'year_ending' a
    bare year of a financial/academic-year indicator is the split year ending in it (DfE's 31 March
    snapshots and reporting years: 2025 -> 2024/25)."""
    text = text.str.replace(_BRACKET, "", regex=True)
    if rule != "year_ending":
        return text
    year = text.str.fullmatch(r"\d{4}") & period_type.isin(_SPLIT_TYPES)
    y = pd.to_numeric(text.where(year), errors="coerce")
    ending = (y - 1).astype("Int64").astype("str") + "/" + (y % 100).astype("Int64").astype("str").str.zfill(2)
    return text.mask(year, ending)


def _month_cells(col: _Columns, part: pd.DataFrame, period_type: pd.Series) -> pd.DataFrame:
    """One row per month cell (YYYYMM columns), to be summed into periods by _sum_months."""
    months = [c for c in col.raw.columns if re.fullmatch(r"\d{6}", str(c))]
    if not months:
        return _empty()
    cells = col.raw.loc[part.index, months].astype("str")
    long = part.join(cells).melt(id_vars=list(part.columns), value_vars=months, var_name="month", value_name="value")
    long["period_type"] = long["indicator_id"].map(period_type.groupby(part["indicator_id"]).first())
    return long


def _sum_months(frame: pd.DataFrame, problems: list[Problem]) -> tuple[pd.DataFrame, list[Problem]]:
    """Monthly counts summed into each indicator's period; periods with months missing are skipped."""
    if frame.empty:
        return frame, problems
    year = frame["month"].str[:4].astype("int64")
    month = frame["month"].str[4:].astype("int64")
    frame = frame.assign(
        period=_month_period(year, month, frame["period_type"]),
        number=parse_numbers(frame["value"].astype("str").str.strip()).number,
        month_key=frame["month"],
    )
    key = ["indicator_id", "period", "area_code", "dimension", "category"]
    grouped = frame.groupby(key, sort=False)
    out = grouped.agg(
        number=("number", "sum"),
        months=("month_key", "nunique"),
        cells=("number", "count"),
        total=("month_key", "size"),
        source_row=("source_row", "min"),
        note=("note", "first"),
        period_type=("period_type", "first"),
    ).reset_index()
    needed = out["period_type"].map(
        {"financial_year": 12, "academic_year": 12, "calendar_year": 12, "quarter": 3, "month": 1}
    )
    complete = out["months"] >= needed
    if (~complete).any():
        partial = sorted(set(out.loc[~complete, "period"]))
        problems.append(
            Problem(
                None,
                "month",
                ", ".join(partial[:5]),
                Reason.SKIPPED_ROWS,
                f"{int((~complete).sum()):,} period total(s) skipped: the file does not hold "
                f"every month of {', '.join(partial[:5])}",
                "warning",
            )
        )
    out = out[complete]
    has_gap = out["cells"] < out["total"]  # a blank or symbol month: the sum would be short
    value = out["number"].map(lambda x: f"{x:.0f}").where(~has_gap, "x")
    result = pd.DataFrame(
        {
            "indicator_id": out["indicator_id"],
            "period": out["period"],
            "area_code": out["area_code"],
            "area_name": "",
            "dimension": out["dimension"],
            "category": out["category"],
            "numerator": value,
            "denominator": "",
            "value": value,
            "lower_ci": "",
            "upper_ci": "",
            "note": out["note"],
            "illustrative": "false",
            "source_row": out["source_row"],
        }
    )
    return result.reset_index(drop=True), problems


def _month_period(year: pd.Series, month: pd.Series, period_type: pd.Series) -> pd.Series:
    fy = year.where(month >= 4, year - 1)
    ay = year.where(month >= 9, year - 1)
    split = lambda y: y.astype("str") + "/" + ((y + 1) % 100).astype("str").str.zfill(2)  # noqa: E731
    by_type = {
        "financial_year": split(fy),
        "academic_year": split(ay),
        "calendar_year": year.astype("str"),
        "quarter": year.astype("str") + "-Q" + ((month - 1) // 3 + 1).astype("str"),
        "month": year.astype("str") + "-" + month.astype("str").str.zfill(2),
    }
    out = pd.Series("", index=year.index, dtype="str")
    for t in PERIOD_TYPES:
        out = out.mask(period_type == t, by_type[t])
    return out
