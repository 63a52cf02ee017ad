"""DfE exclusions: the 2006/07-2016/17 LA file (counts and headcounts) and Islington by ethnicity."""

from __future__ import annotations

import pandas as pd

from data.build.areas import LAIT_REGION_CODES
from data.build.common import ethnicity_code, fmt, fmt_int, frame, make_row, parse_cell
from indicators.areas import ENGLAND

# ------------------------------------------------------------------------------------------------
# DfE exclusions 2006/07-2016/17 (counts and headcounts)
# ------------------------------------------------------------------------------------------------


def convert_exclusions_history(df: pd.DataFrame, name_to_code: dict[str, str], names: dict[str, str]) -> pd.DataFrame:
    """clean_la_data.csv (school_type Total) -> suspension_rate / permanent_exclusion_rate with counts."""
    rows = []
    tot = df[df["school_type"].astype(str) == "Total"]
    for r in tot.itertuples(index=False):
        code = LAIT_REGION_CODES.get(str(r.la_name).strip()) or name_to_code.get(str(r.la_name).strip())
        if code is None or code not in names:
            continue
        y = str(r.year)
        period = f"{y[:4]}/{y[4:]}"
        den, den_marker = parse_cell(r.headcount)
        for ind_id, num_col, rate_col in (
            ("suspension_rate", "fixed_excl", "fixed_excl_rate"),
            ("permanent_exclusion_rate", "perm_excl", "perm_excl_rate"),
        ):
            num, num_marker = parse_cell(getattr(r, num_col))
            rate, rate_marker = parse_cell(getattr(r, rate_col))
            numerator, denominator, note = (num_marker or ""), "", ""
            if num is not None and den:  # headcount 0 occurs in the file: no usable denominator
                value = fmt(num / den * 100, 4)
                if float(num).is_integer():
                    numerator, denominator = fmt_int(num), fmt_int(den)
                else:  # DfE gives some counts as non-integer estimates (e.g. 45.9412)
                    note = f"DfE's count is an estimate ({fmt(num, 4)}); the rate is computed from it."
            elif rate is not None:
                value = fmt(rate, 4)
            else:
                value = rate_marker or num_marker or "x"
            rows.append(
                make_row(
                    ind_id,
                    period,
                    code,
                    names[code],
                    numerator=numerator,
                    denominator=denominator,
                    value=value,
                    note=note,
                )
            )
    return frame(rows)


def convert_exclusions_by_ethnicity(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    rows = []
    for r in df.itertuples(index=False):
        dim, category = ethnicity_code(r.ethnicity)
        num, num_m = parse_cell(r.numerator)
        den, _ = parse_cell(r.denominator)
        rate, rate_m = parse_cell(r.rate_pct)
        value = (
            fmt(num / den * 100, 4)
            if (num is not None and den)
            else (fmt(rate, 4) if rate is not None else (rate_m or "x"))
        )
        rows.append(
            make_row(
                r.indicator,
                r.academic_year,
                r.geo_code,
                names.get(r.geo_code, r.geo_name),
                dimension=dim,
                category=category,
                numerator=fmt_int(num) if num is not None else (num_m or ""),
                denominator=fmt_int(den) if den is not None else "",
                value=value,
            )
        )
        eng, eng_m = parse_cell(r.england_rate_pct)
        rows.append(
            make_row(
                r.indicator,
                r.academic_year,
                ENGLAND,
                "England",
                dimension=dim,
                category=category,
                value=fmt(eng, 4) if eng is not None else (eng_m or "x"),
            )
        )
    return frame(rows)
