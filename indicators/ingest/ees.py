"""Reader for DfE Explore Education Statistics (EES) open-data CSVs, through a declared mapping table.

An EES file is wide: one row per time period x geography x filter combination, one column per
measure. EES_DATASETS declares which measure columns become which of our indicators, which filter
values are kept (school_type 'Total'), and which filter columns are cohort dimensions. A row whose
filters split by two dimensions at once (ethnicity x SEN) cannot be held and is skipped with a
summary warning, as are geographic levels other than National / Regional / Local authority.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from indicators.ingest import problems as P
from indicators.ingest.categories import canonical_major_group
from indicators.ingest.problems import Problem
from indicators.ingest.readers import NATIVE_COLUMNS, drop_rows


@dataclass(frozen=True)
class EesMeasure:
    """Measure columns of one indicator: value, and numerator/denominator when published."""

    indicator_id: str
    value: str
    numerator: str | None = None
    denominator: str | None = None


@dataclass(frozen=True)
class EesDataset:
    name: str
    measures: tuple[EesMeasure, ...]
    # filter column -> the values kept (compared case-insensitively); other rows are skipped
    keep: dict[str, tuple[str, ...]] = field(default_factory=dict)


EES_DATASETS: tuple[EesDataset, ...] = (
    EesDataset(
        "Suspensions and permanent exclusions in England (LA / characteristics)",
        (
            EesMeasure("permanent_exclusion_rate", "perm_excl_rate", "perm_excl", "headcount"),
            EesMeasure("suspension_rate", "susp_rate", "susp", "headcount"),
            EesMeasure("suspension_rate", "fixed_excl_rate", "fixed_excl", "headcount"),  # before 2020
        ),
        keep={"school_type": ("Total", "State-funded total", "State-funded")},
    ),
    EesDataset(
        "NEET and participation (NCCIS), 16-17 year olds by LA",
        (EesMeasure("neet_16_17", "NEET_percent", None, "Cohort_DJFavg"),
         EesMeasure("neet_not_known_16_17", "NEET_not_known_percent", None, "Cohort_DJFavg")),
        keep={"Age": ("16-17",)},
    ),
)

# filter column -> (dimension, level); level 'major' rolls minor spellings up to their major group
COHORT_FILTERS: dict[str, tuple[str, str]] = {
    "ethnicity_minor": ("ethnicity", "minor"),
    "ethnicity_major": ("ethnicity", "major"),
    "sen_status": ("sen", ""), "sen_provision": ("sen", ""),
    "sex": ("sex", ""), "gender": ("sex", ""),
    "fsm_status": ("disadvantage", ""), "disadvantage_status": ("disadvantage", ""),
    "cla_status": ("looked_after", ""),
}
TOTALS = ("", "total", "all", "all pupils")
GEOGRAPHY = {  # geographic_level -> (code column, name column)
    "national": ("country_code", "country_name"),
    "regional": ("region_code", "region_name"),
    "local authority": ("new_la_code", "la_name"),
}
# EES symbols -> ours: u (low reliability) is computed by the dashboard, so the number is not held.
MARKERS = {"c": "c", "x": "x", "z": "z", "low": "low", "u": "x"}


def read_ees(raw: pd.DataFrame, reference) -> tuple[pd.DataFrame, list[Problem]]:
    lower = {c.lower(): c for c in raw.columns}
    col = lambda name: (raw[lower[name.lower()]].str.strip() if name.lower() in lower  # noqa: E731
                        else pd.Series("", index=raw.index, dtype="str"))
    problems: list[Problem] = []
    plans = [(d, m) for d in EES_DATASETS for m in d.measures if m.value.lower() in lower]
    if not plans:
        problems.append(Problem(None, None, None, P.NO_MAPPING,
                                "no column of this Explore Education Statistics file is mapped to a "
                                "catalogue indicator (known: " + ", ".join(
                                    m.value for d in EES_DATASETS for m in d.measures) + ")"))
        return pd.DataFrame(columns=[*NATIVE_COLUMNS, "source_row"]), problems

    keep = pd.Series(True, index=raw.index)
    for column, accepted in {k: v for d, _ in plans for k, v in d.keep.items()}.items():
        if column.lower() in lower:
            ok = col(column).str.lower().isin([a.lower() for a in accepted])
            keep = drop_rows(keep, ok, problems, lower[column.lower()],
                             f"{column} other than {' / '.join(accepted)}")
    ident = col("time_identifier").str.lower()
    keep = drop_rows(keep, (ident == "") | ident.str.contains("year"), problems, "time_identifier",
                     "time identifiers other than whole years (terms, quarters...)")
    level = col("geographic_level").str.lower()
    keep = drop_rows(keep, level.isin(list(GEOGRAPHY)), problems, "geographic_level",
                     "geographic levels other than National, Regional and Local authority")

    dimension, category, split = _cohorts(raw, lower, col)
    keep = drop_rows(keep, split <= 1, problems, "ethnicity_major",
                     "rows split by two cohort filters at once (e.g. ethnicity and SEN)")

    area_code = pd.Series("", index=raw.index, dtype="str")
    area_name = area_code.copy()
    for lvl, (code_col, name_col) in GEOGRAPHY.items():
        here = level == lvl
        area_code = area_code.mask(here, col(code_col))
        area_name = area_name.mask(here, col(name_col))

    base = pd.DataFrame({
        "period": _period(col("time_period"), ident), "area_code": area_code, "area_name": area_name,
        "dimension": dimension, "category": category, "lower_ci": "", "upper_ci": "",
        "note": "", "illustrative": "false", "source_row": raw["source_row"],
    })[keep]
    frames, by_indicator = [], {}
    for _, m in plans:
        part = base.copy()
        part["indicator_id"] = m.indicator_id
        for native, source in (("value", m.value), ("numerator", m.numerator),
                               ("denominator", m.denominator)):
            part[native] = _markers(col(source)[keep]) if source else ""
        frames.append(part)
        by_indicator[m.indicator_id] = {"value": lower[m.value.lower()],
                                        "numerator": lower.get((m.numerator or "").lower(), "numerator"),
                                        "denominator": lower.get((m.denominator or "").lower(), "denominator")}
    frame = pd.concat(frames, ignore_index=True)[[*NATIVE_COLUMNS, "source_row"]]
    filters = [lower[c] for c in COHORT_FILTERS if c in lower]
    frame.attrs["source_columns"] = {"period": lower.get("time_period", "time_period"),
                                     "area_code": _area_column(lower),
                                     "category": " / ".join(filters) or "category"}
    frame.attrs["source_columns_by_indicator"] = by_indicator
    return frame, problems


def _period(period: pd.Series, ident: pd.Series) -> pd.Series:
    """'201920' -> '2019/20' for academic/financial years; calendar years stay '2019'."""
    split = period.str.fullmatch(r"\d{6}") & ~ident.str.contains("calendar")
    return period.mask(split, period.str[:4] + "/" + period.str[4:])


def _markers(values: pd.Series) -> pd.Series:
    low = values.str.lower()
    return values.mask(low.isin(list(MARKERS)), low.map(MARKERS))


def _area_column(lower: dict[str, str]) -> str:
    return lower.get("new_la_code", "new_la_code")


def _cohorts(raw: pd.DataFrame, lower: dict[str, str], col) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Dimension and category from the filter columns, and how many dimensions each row splits by."""
    dimension = pd.Series("all", index=raw.index, dtype="str")
    category = pd.Series("all", index=raw.index, dtype="str")
    split_dims: dict[str, pd.Series] = {}
    # minor before major, so a minor-group row (which also names its major group) keeps the minor
    for column, (dim, lvl) in COHORT_FILTERS.items():
        if column not in lower:
            continue
        text = col(column)
        here = ~text.str.lower().isin(TOTALS) & (category == "all")
        if lvl == "major":
            uniques = {t: canonical_major_group(t) or t for t in text[here].unique()}
            text = text.mask(here, text.map(uniques).astype("object"))
        dimension = dimension.mask(here, dim)
        category = category.mask(here, text)
        splits = ~col(column).str.lower().isin(TOTALS)
        split_dims[dim] = split_dims[dim] | splits if dim in split_dims else splits
    split = pd.DataFrame(split_dims, index=raw.index).sum(axis=1)
    return dimension, category, split
