"""DfE children looked after who went missing from placement (two releases, 2018-2022 and 2020-2024).

DfE revises earlier years in each release, so where the releases overlap (2020-2022) the newer
one wins; the older gives only 2018 and 2019.
"""

from __future__ import annotations

import pandas as pd

from data.build.common import Context, fmt, fmt_int, frame, make_row, parse_cell, split_year_ending
from data.build.dfe_cin import c3_area_code

DENOMINATOR = "Children looked after during the year"
NUMERATOR = "Children who had a missing incident during the year"
PERCENT = "Percentage of children who had a missing incident during the year"


def _group_column(df: pd.DataFrame, path_name: str) -> str:
    """The 2022 release spells it cla_group, the 2024 release CLA_group."""
    col = next((c for c in df.columns if c.lower() == "cla_group"), None)
    if col is None:
        raise ValueError(f"{path_name}: no cla_group column")
    return col


def combine_releases(releases: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """One frame from the releases, oldest first: a later release replaces every year it covers."""
    kept: list[pd.DataFrame] = []
    covered: set[str] = set()
    for name, df in reversed(releases):
        df = df.rename(columns={_group_column(df, name): "cla_group"})
        years = set(df["time_period"])
        kept.append(df[~df["time_period"].isin(covered)])
        covered |= years
    return pd.concat(kept, ignore_index=True)


def convert_cla_missing(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """missing_children: children who went missing / children looked after during the year.

    The counts are given only where they reproduce DfE's published whole percentage (regional and
    national counts are rounded to the nearest 10); otherwise the published percentage alone.
    """
    rows = []
    wanted = df[df["cla_group"].isin([DENOMINATOR, NUMERATOR, PERCENT])]
    for (year, _level, _region, _la), g in wanted.groupby(
        ["time_period", "geographic_level", "region_code", "new_la_code"], dropna=False
    ):
        code = c3_area_code(g.iloc[0])
        if code is None or code not in ctx.names:
            continue
        cells = dict(zip(g["cla_group"], g["number"], strict=True))
        n, n_marker = parse_cell(cells.get(NUMERATOR))
        d, _ = parse_cell(cells.get(DENOMINATOR))
        pct, pct_marker = parse_cell(cells.get(PERCENT))
        agrees = n is not None and bool(d) and pct is not None and abs(n / d * 100 - pct) <= 0.5 + 1e-9
        if agrees:
            num, den, value = fmt_int(n), fmt_int(d), fmt(n / d * 100, 3)
        else:
            num, den = "", ""
            value = fmt(pct, 3) if pct is not None else (pct_marker or n_marker or "x")
        rows.append(
            make_row(
                "missing_children",
                split_year_ending(int(year)),
                code,
                ctx.names[code],
                numerator=num,
                denominator=den,
                value=value,
            )
        )
    return frame(rows)
