"""ONS Census 2021: Islington population aged 10-17 by ethnicity, sex, age band."""

from __future__ import annotations

import pandas as pd

from data.build.common import ISLINGTON, ethnicity_code, frame, make_row

# ------------------------------------------------------------------------------------------------
# Census 2021: population aged 10-17 by ethnicity, sex, age band
# ------------------------------------------------------------------------------------------------

NOTE_CENSUS = (
    "Census 2021 cells are perturbed by ONS for disclosure control; small cells are approximate "
    "and breakdowns are sums of perturbed cells."
)


def convert_census(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["population"] = df["population"].astype(int)
    code, name = ISLINGTON
    rows = [
        make_row(
            "population_10_17",
            "2021",
            code,
            name,
            value=str(int(df["population"].sum())),
            numerator=str(int(df["population"].sum())),
            note=NOTE_CENSUS,
        )
    ]
    for dim, col, mapper in (
        ("ethnicity", "ethnicity", lambda s: ethnicity_code(s)[1]),
        ("sex", "sex", lambda s: str(s).strip().lower()),
        ("age_band", "age_band", lambda s: str(s).strip()),
    ):
        for key, total in df.groupby(col)["population"].sum().items():
            rows.append(
                make_row(
                    "population_10_17",
                    "2021",
                    code,
                    name,
                    dimension=dim,
                    category=mapper(key),
                    numerator=str(int(total)),
                    value=str(int(total)),
                    note=NOTE_CENSUS,
                )
            )
    return frame(rows)
