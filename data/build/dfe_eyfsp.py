"""DfE early years foundation stage profile 2021/22: good level of development with counts.

2021/22 is the first year of the reformed profile; the series break is recorded in the catalogue
(``breaks``). In this file the column ``characteristic_type`` holds the group (e.g. 'White') and
``characteristic`` its type (e.g. 'Ethnic group: major'): the names are swapped at source.
A row split by sex and a characteristic at once (Boys x Black) is kept as an intersection
(``ethnicity+sex`` / ``black+male``) in the canonical order of indicators.cohorts.join.
"""

from __future__ import annotations

import pandas as pd

from data.build.common import Context, fmt, fmt_int, frame, make_row, parse_cell
from data.build.dfe_cin import c3_area_code
from indicators.cohorts import join

PERIOD = "2021/22"
# (characteristic, group) -> (dimension, category). Minor ethnic groups are published only for
# England and regions; LAs have major groups, so only major groups are kept (one level per area).
GROUPS = {
    ("Total", "Total"): ("all", "all"),
    ("Ethnic group: major", "White"): ("ethnicity", "white"),
    ("Ethnic group: major", "Mixed/multiple ethnic groups"): ("ethnicity", "mixed"),
    ("Ethnic group: major", "Asian/Asian British"): ("ethnicity", "asian"),
    ("Ethnic group: major", "Black/African/Caribbean/Black British"): ("ethnicity", "black"),
    ("Ethnic group: major", "Other ethnic group"): ("ethnicity", "other"),
    ("Ethnic group: major", "Unclassified"): ("ethnicity", "unknown"),
    ("Free school meal eligibility", "Known to be eligible for free school meals"): ("disadvantage", "fsm"),
    ("Free school meal eligibility", "Not known to be eligible for free school meals"): ("disadvantage", "not_fsm"),
    ("SEN provision", "No identified SEN"): ("sen", "no_sen"),
    ("SEN provision", "All SEN"): ("sen", "any_sen"),
    ("SEN provision", "SEN support"): ("sen", "sen_support"),
    ("SEN provision", "EHC plan"): ("sen", "ehcp"),
}
SEXES = {"Girls": "female", "Boys": "male"}


def convert_eyfsp(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    rows = []
    levels = df[df["geographic_level"].isin(["National", "Regional", "Local authority"])]
    for _, r in levels.iterrows():
        code = c3_area_code(r)
        if code is None or code not in ctx.names or str(r["time_period"]) != "202122":
            continue
        group = (str(r["characteristic"]).strip(), str(r["characteristic_type"]).strip())
        gender = str(r["gender"]).strip()
        if group == ("Total", "Total") and gender in SEXES:
            dim, category = "sex", SEXES[gender]
        elif group in GROUPS and gender == "Total":
            dim, category = GROUPS[group]
        elif group in GROUPS and group != ("Total", "Total") and gender in SEXES:
            dim, category = join([GROUPS[group], ("sex", SEXES[gender])])
        else:
            continue  # first language and term of birth: not cohort dimensions the dashboard holds
        n, n_marker = parse_cell(r["gld_number"])
        d, _ = parse_cell(r["children_number"])
        pct, pct_marker = parse_cell(r["gld_percentage"])
        if n is not None and d:
            num, den, value = fmt_int(n), fmt_int(d), fmt(n / d * 100, 3)
        else:
            num, den, value = "", "", fmt(pct, 3) if pct is not None else (pct_marker or n_marker or "x")
        rows.append(
            make_row(
                "good_level_of_development",
                PERIOD,
                code,
                ctx.names[code],
                dimension=dim,
                category=category,
                numerator=num,
                denominator=den,
                value=value,
            )
        )
    return frame(rows)
