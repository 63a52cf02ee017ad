"""Metropolitan Police borough-level crime (London Datastore): total notifiable offences per financial year.

Each month is taken from one file only (README "Known problems"): the December 2023 historical
vintage up to November 2021 and that refresh's 24-month file to November 2023; then the rolling
24-month files. The 2025 vintage of the historical file is never used: it moves many offences to an
"Unknown" borough (Islington March 2020: 1,630 against 1,997). Total notifiable offences = the sum
of all categories (categories were reorganised over time). Only complete financial years.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from data.build.common import Context, fmt_int, frame, make_row, read_csv
from data.build.strategy import FIGURE_1
from indicators.areas import ISLINGTON, LONDON

# (file name, first month, last month) in the order the months are taken.
MONTH_SOURCES = (
    ("MPS_Borough_Level_Crime_Historical_201004-202111_vintage2023-12.csv", "201004", "202111"),
    ("MPS_Borough_Level_Crime_recent24m_202112-202311.csv", "202112", "202311"),
    ("MPS_Borough_Level_Crime_recent24m_202312-202511.csv", "202312", "202511"),
    ("MPS_Borough_Level_Crime_recent24m_202407-202606.csv", "202512", "202606"),
)
SUPERSEDED = "MPS_Borough_Level_Crime_Historical_201004-202309_vintage2025.csv"
BOROUGH_COLUMNS = ("LookUp_BoroughName", "BoroughName", "BOCU")
# The strategy's Figure 1 (from an earlier police extract), kept as a note where it differs.
STRATEGY_FIGURE_1 = dict(zip(("2017/18", "2018/19", "2019/20"), FIGURE_1["total_notifiable_offences"], strict=True))
NOTE_LONDON = (
    "Metropolitan Police area: all 32 boroughs, Heathrow and London City airports and offences with no "
    "borough recorded; the City of London (City of London Police) is not included."
)


def monthly_totals(path: Path, first: str, last: str) -> pd.DataFrame:
    """Long frame borough, month, offences: the file's months from ``first`` to ``last``, all categories summed."""
    df = read_csv(path)
    borough = next((c for c in BOROUGH_COLUMNS if c in df.columns), None)
    if borough is None:
        raise ValueError(f"{path.name}: no borough column (expected one of {', '.join(BOROUGH_COLUMNS)})")
    months = [c for c in df.columns if re.fullmatch(r"\d{6}", c) and first <= c <= last]
    expected = pd.period_range(f"{first[:4]}-{first[4:]}", f"{last[:4]}-{last[4:]}", freq="M").strftime("%Y%m")
    missing = sorted(set(expected) - set(months))
    if missing:
        raise ValueError(f"{path.name}: months {', '.join(missing)} are missing")
    long = df.melt(id_vars=[borough], value_vars=months, var_name="month", value_name="offences")
    bad = long[~long["offences"].str.fullmatch(r"\d+")]
    if len(bad):
        raise ValueError(f"{path.name}: column {bad['month'].iloc[0]}: {bad['offences'].iloc[0]!r} is not a count")
    long["offences"] = long["offences"].astype(int)
    long = long.rename(columns={borough: "borough"})
    return long.groupby(["borough", "month"], as_index=False)["offences"].sum()


def financial_year(month: str) -> str:
    """'202003' -> '2019/20'; April starts the year."""
    year, m = int(month[:4]), int(month[4:])
    start = year if m >= 4 else year - 1
    return f"{start}/{str(start + 1)[2:]}"


def read_months(folder: Path) -> pd.DataFrame:
    return pd.concat([monthly_totals(folder / name, a, b) for name, a, b in MONTH_SOURCES], ignore_index=True)


def convert_mps(months: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """total_notifiable_offences for each borough and London, complete financial years only."""
    months = months.assign(fy=months["month"].map(financial_year))
    complete = months.groupby("fy")["month"].nunique()
    months = months[months["fy"].isin(complete[complete == 12].index)]
    rows = []
    by_borough = months.groupby(["borough", "fy"])["offences"].sum()
    for (borough, fy), n in by_borough.items():
        code = ctx.name_to_code.get(borough)
        if code is None:
            continue  # airports, 'Unknown': counted in the London total only
        note = ""
        if code == ISLINGTON and fy in STRATEGY_FIGURE_1 and STRATEGY_FIGURE_1[fy] != n:
            note = f"The strategy's Figure 1 gives {STRATEGY_FIGURE_1[fy]:,} (an earlier police extract)."
        rows.append(
            make_row(
                "total_notifiable_offences",
                fy,
                code,
                ctx.names[code],
                numerator=fmt_int(n),
                value=fmt_int(n),
                note=note,
            )
        )
    for fy, n in months.groupby("fy")["offences"].sum().items():
        rows.append(
            make_row(
                "total_notifiable_offences",
                fy,
                LONDON,
                ctx.names[LONDON],
                numerator=fmt_int(n),
                value=fmt_int(n),
                note=NOTE_LONDON,
            )
        )
    return frame(rows)
