"""DfE children looked after: numbers and rates, and numbers by ethnicity."""

from __future__ import annotations

import pandas as pd

from data.build.areas import LAIT_REGION_CODES
from data.build.common import ethnicity_code, fmt, fmt_int, frame, make_row, parse_cell, split_year_ending
from indicators.areas import ENGLAND

# ------------------------------------------------------------------------------------------------
# Children looked after
# ------------------------------------------------------------------------------------------------

CLA_POPULATION = "Children looked after on 31 March each year"


def convert_cla_numbers(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    rows = []
    sub = df[df["population_type"] == CLA_POPULATION]
    for _, r in sub.iterrows():
        level = r["geographic_level"]
        code = (
            ENGLAND
            if level == "National"
            else (str(r["region_code"]) if level == "Regional" else str(r["new_la_code"]))
        )
        if code not in names:
            continue
        period = split_year_ending(int(r["time_period"]))
        n, n_m = parse_cell(r["children_count"])
        pop, _ = parse_cell(r["population_estimate"])
        rate, rate_m = parse_cell(r["rate_per_10000"])
        num = fmt_int(n) if n is not None else (n_m or "x")
        rows.append(make_row("children_looked_after", period, code, names[code], numerator=num, value=num))
        # DfE rounds regional and national counts to the nearest 10, so their published rate need not
        # match count / population: give the count and population only when they reproduce the rate.
        agrees = n is not None and pop and rate is not None and round(n / pop * 10000) == round(rate)
        rows.append(
            make_row(
                "children_looked_after_rate",
                period,
                code,
                names[code],
                numerator=num if agrees else "",
                denominator=fmt_int(pop) if agrees else "",
                value=fmt(rate, 1) if rate is not None else (rate_m or n_m or "x"),
            )
        )
    return frame(rows)


def convert_cla_ethnicity(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    rows = []
    for _, r in df.iterrows():
        name = str(r["geo_breakdown"]).strip()
        code = str(r["new_la_code"]).strip() if str(r["new_la_code"]).strip() not in {"", "nan"} else None
        # the file names England "National"; without this England's breakdown was dropped
        code = code or (ENGLAND if name == "National" else LAIT_REGION_CODES.get(name))
        if code is None or code not in names:
            continue
        dim, category = ethnicity_code(r["characteristic"])
        if dim == "all":
            continue  # totals come from the number-and-rate file
        n, m = parse_cell(r["cla_31_march_number"])
        value = fmt_int(n) if n is not None else (m or "x")
        rows.append(
            make_row(
                "children_looked_after",
                split_year_ending(int(r["time_period"])),
                code,
                names[code],
                dimension=dim,
                category=category,
                numerator=value,
                value=value,
            )
        )
    return frame(rows)


CONVICTIONS = "Convictions: Children looked after Ages 10 to 17 years"
CONVICTED = "Convicted or subject to youth cautions, or youth conditional cautions during the year"
CONVICTIONS_TOTAL = "Total ages 10 to 17 years"


def convert_cla_convictions(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """cla_convicted_or_cautioned: children looked after 12 months+ aged 10-17 convicted or cautioned.

    Counts where they reproduce DfE's whole percentage (regional and national counts are rounded);
    otherwise the published percentage alone. Also looked_after_10_17, the published number of
    those children (the population base for care status), as DfE gives it.
    """
    rows = []
    sub = df[df["characteristic"] == CONVICTIONS]
    for (year, level, region, la), g in sub.groupby(["time_period", "geographic_level", "region_code", "new_la_code"]):
        code = ENGLAND if level == "National" else (region if level == "Regional" else la)
        if code not in names:
            continue
        cells = {b: (c, p) for b, c, p in zip(g["breakdown"], g["children_count"], g["children_percent"], strict=True)}
        if CONVICTED not in cells:
            continue
        n, n_marker = parse_cell(cells[CONVICTED][0])
        pct, pct_marker = parse_cell(cells[CONVICTED][1])
        d, d_marker = parse_cell(cells.get(CONVICTIONS_TOTAL, ("", ""))[0])
        if CONVICTIONS_TOTAL in cells:
            base = fmt_int(d) if d is not None else (d_marker or "x")
            period = split_year_ending(int(year))
            rows.append(make_row("looked_after_10_17", period, code, names[code], numerator=base, value=base))
        agrees = n is not None and bool(d) and pct is not None and abs(n / d * 100 - pct) <= 0.5 + 1e-9
        if agrees:
            num, den, value = fmt_int(n), fmt_int(d), fmt(n / d * 100, 3)
        else:
            num, den, value = "", "", fmt(pct, 3) if pct is not None else (pct_marker or n_marker or "x")
        rows.append(
            make_row(
                "cla_convicted_or_cautioned",
                split_year_ending(int(year)),
                code,
                names[code],
                numerator=num,
                denominator=den,
                value=value,
            )
        )
    return frame(rows)
