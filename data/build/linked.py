"""MoJ-DfE linked education, children's social care and offending data (published March 2023).

For the pupils in the key stage 4 cohorts 2012/13 to 2017/18 (pooled: the publication gives no
split by cohort), the share of all pupils, of offenders and of serious-violence offenders with each
characteristic, by the LA the pupils lived in ('Home'). Shares are whole percentages; the group
counts are the percentage of the published total, so they carry the rounding of the percentage
(at most 0.5% of the total). Rows are shaped for disproportionality.representation_frame:
numerator = children in the group, denominator = all children in that population.
"""

from __future__ import annotations

import re

import pandas as pd

from data.build.common import Context, fmt, fmt_int, frame, make_row
from indicators.areas import ENGLAND, ISLINGTON
from indicators.disproportionality import representation_ratio_ci

PERIOD = "2017/18"  # the last of the pooled KS4 cohorts
INDICATOR = {
    "All Pupils": "pupils_linked_cohort",
    "Any Offence": "yj_offenders_linked",
    "Serious Violence Offence": "yj_serious_violence_offenders_linked",
}
TOTAL_COLUMN = {"All Pupils": "all", "Any Offence": "offenders_perc", "Serious Violence Offence": "sv_perc"}
AREAS = {"Islington": ISLINGTON, "England": ENGLAND}
ETHNICITY = {
    "AOEG": "other",
    "ASIA": "asian",
    "BLAC": "black",
    "CHIN": "asian_chinese",
    "MIXD": "mixed",
    "UNCL": "unknown",
    "WHIT": "white",
}
# sheet -> (column naming the group, {group label: (dimension, category)}); None = the sheet has one group.
SHEETS: dict[str, tuple[str | None, dict[str, tuple[str, str]]]] = {
    "Gender": ("Gender", {"Male": ("sex", "male"), "Female": ("sex", "female")}),
    "Ethnicity": ("EthnicGroupMajor", {k: ("ethnicity", v) for k, v in ETHNICITY.items()}),
    "FSM": (None, {"": ("disadvantage", "fsm")}),
    "EverSEN": (
        "SEN_type",
        {"EHCP": ("sen", "ehcp"), "SEN support": ("sen", "sen_support"), "No identified SEN": ("sen", "no_sen")},
    ),
    "EverCINCLA": (
        "CINCLA",
        {
            "Children in need": ("children_in_need", "child_in_need"),
            "Children who are looked after": ("looked_after", "looked_after"),
        },
    ),
    "EverSusExcl": (
        "Absence",
        {"Suspended": ("exclusion", "suspended"), "Permanently excluded": ("exclusion", "permanently_excluded")},
    ),
    "EverPAPAUO": ("Absence", {"Persistent absence": ("absence", "persistent_absence")}),
}
NOTE_COUNT = "Count = the published whole percentage of the published total (rounded)."
NOTE_SUPPRESSED = "Not published by MoJ/DfE (small number)."


def published_count(cell: str) -> int:
    """'547 (6%)' -> 547; a plain total such as '8490.0' -> 8490."""
    m = re.fullmatch(r"\s*(\d+)(?:\.0)?(?:\s*\(\d+%\))?\s*", str(cell))
    if not m:
        raise ValueError(f"linked data: {cell!r} is not a count")
    return int(m.group(1))


def totals(df: pd.DataFrame) -> dict[tuple[str, str], int]:
    """(area code, group) -> children in that population (pupils, offenders, serious-violence offenders)."""
    info = df[(df["sheet"] == "info_table") & (df["indicator"] == "Home")]
    return {
        (AREAS[r["LA"]], group): published_count(r[col])
        for _, r in info.iterrows()
        for group, col in TOTAL_COLUMN.items()
    }


def convert_linked(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    df = df[df["indicator"] == "Home"]
    base = totals(df)
    rows = []
    for code, name in ((c, ctx.names[c]) for c in AREAS.values()):
        for group, ind_id in INDICATOR.items():
            n = base[(code, group)]
            # The whole population is 100% of itself; the count is what the group rows divide by.
            rows.append(make_row(ind_id, PERIOD, code, name, numerator=str(n), denominator=str(n), value="100"))
    for sheet, (column, groups) in SHEETS.items():
        sub = df[(df["sheet"] == sheet) & df["group"].isin(INDICATOR)]
        for _, r in sub.iterrows():
            label = str(r[column]).strip() if column else ""
            if label not in groups:
                continue
            dim, category = groups[label]
            code, total = AREAS[r["LA"]], base[(AREAS[r["LA"]], r["group"])]
            share = str(r["perc"]).strip()
            if share == "":
                num, value, note = "", "c", NOTE_SUPPRESSED
            else:
                num, value, note = fmt_int(float(share) / 100 * total), fmt(float(share), 1), NOTE_COUNT
            rows.append(
                make_row(
                    INDICATOR[r["group"]],
                    PERIOD,
                    code,
                    ctx.names[code],
                    dimension=dim,
                    category=category,
                    numerator=num,
                    denominator=str(total),
                    value=value,
                    note=note,
                )
            )
    out = frame(rows)
    return pd.concat([out, black_representation(out, ctx)], ignore_index=True)


def black_representation(rows: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """youth_justice_disproportionality: Black children's share of offenders / their share of all pupils."""
    black = rows[(rows["dimension"] == "ethnicity") & (rows["category"] == "black")].set_index(
        ["indicator_id", "area_code"]
    )
    out = []
    for code in AREAS.values():
        off, pup = black.loc[("yj_offenders_linked", code)], black.loc[("pupils_linked_cohort", code)]
        ratio, lower, upper = representation_ratio_ci(
            float(off["numerator"]), float(off["denominator"]), float(pup["numerator"]), float(pup["denominator"])
        )
        row = make_row(
            "youth_justice_disproportionality",
            PERIOD,
            code,
            ctx.names[code],
            value=fmt(ratio, 3),
            note=f"Black children: {off['value']}% of offenders, {pup['value']}% of all pupils.",
        )
        row["lower_ci"], row["upper_ci"] = fmt(lower, 3), fmt(upper, 3)
        out.append(row)
    return frame(out)
