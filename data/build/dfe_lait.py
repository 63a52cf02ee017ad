"""DfE Local Authority Interactive Tool (LAIT) long data -> native rows."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from data.build.areas import LAIT_REGION_CODES
from data.build.common import fmt, fmt_int, frame, lait_period, make_row, parse_cell
from indicators.areas import ENGLAND
from indicators.catalogue import load_catalogue

# ------------------------------------------------------------------------------------------------
# LAIT (DfE Local Authority Interactive Tool)
# ------------------------------------------------------------------------------------------------

# Short Desc -> (indicator_id, dimension, category, period kind, scale)
LAIT_SPECS: dict[str, tuple[str, str, str, str, float]] = {
    "FSP_NEW_GOODDEV": ("good_level_of_development", "all", "all", "year_ending", 1),
    "FSP_Gooddev_Asian": ("good_level_of_development", "ethnicity", "asian", "year_ending", 1),
    "FSP_Gooddev_Black": ("good_level_of_development", "ethnicity", "black", "year_ending", 1),
    "FSP_Gooddev_Mixed": ("good_level_of_development", "ethnicity", "mixed", "year_ending", 1),
    "FSP_Gooddev_White": ("good_level_of_development", "ethnicity", "white", "year_ending", 1),
    "FSP_Gooddev_Other": ("good_level_of_development", "ethnicity", "other", "year_ending", 1),
    "FSP_Gooddev_FSM": ("good_level_of_development", "disadvantage", "fsm", "year_ending", 1),
    "FSP_Gooddev_FSM_Other": ("good_level_of_development", "disadvantage", "not_fsm", "year_ending", 1),
    "FSP_Gooddev_With_SENSTATE": ("good_level_of_development", "sen", "ehcp", "year_ending", 1),
    "FSP_Gooddev_Without_SENSTATE": ("good_level_of_development", "sen", "sen_support", "year_ending", 1),
    "TotFixedEx": ("suspension_rate", "all", "all", "year_ending", 1),
    "TotPermEx": ("permanent_exclusion_rate", "all", "all", "year_ending", 1),
    "16-17 NEET": ("neet_16_17", "all", "all", "calendar", 1),
    "FirstYJS": ("first_time_entrants", "all", "all", "calendar", 1),
    "ReoffYO": ("reoffending_rate", "all", "all", "year_ending", 1),
    "Children_missing": ("missing_children", "all", "all", "year_ending", 1),
    "AVG_Attain8_Score": ("attainment8_all", "all", "all", "year_ending", 1),
    "AVG_Attain8_Score_Asian": ("attainment8_all", "ethnicity", "asian", "year_ending", 1),
    "AVG_Attain8_Score_Black": ("attainment8_all", "ethnicity", "black", "year_ending", 1),
    "AVG_Attain8_Score_Mixed": ("attainment8_all", "ethnicity", "mixed", "year_ending", 1),
    "AVG_Attain8_Score_White": ("attainment8_all", "ethnicity", "white", "year_ending", 1),
    "FSM_AVG_Attain8_Score": ("attainment8_all", "disadvantage", "fsm", "year_ending", 1),
    "NonFSM_AVG_Attain8_Score": ("attainment8_all", "disadvantage", "not_fsm", "year_ending", 1),
    "SEN_Stat_AVG_Attain8_Score": ("attainment8_all", "sen", "ehcp", "year_ending", 1),
    "SEN_WoStat_AVG_Attain8_Score": ("attainment8_all", "sen", "sen_support", "year_ending", 1),
    "SEN_NoID_AVG_Attain8_Score": ("attainment8_all", "sen", "no_sen", "year_ending", 1),
    "DAP_KS4_ATT8": ("attainment8_disadvantaged", "all", "all", "year_ending", 1),
    "NonDAP_KS4_ATT8": ("attainment8_non_disadvantaged", "all", "all", "year_ending", 1),
    "LAC": ("children_looked_after_rate", "all", "all", "year_ending", 1),
    "LACnum": ("children_looked_after", "all", "all", "year_ending", 1),
    # LAIT publishes this per 10,000; the catalogue (as the YJB) uses per 1,000.
    "YJS_Caution-Sentence10-17_YO": ("yjs_cautioned_or_sentenced_rate", "all", "all", "year_ending", 0.1),
    # Held in LAIT, serving the strategy's objectives 3, 5 and 7 (context measures).
    "LAC_Convictions": ("cla_convicted_or_cautioned", "all", "all", "year_ending", 1),
    "LAC_Fixed_ Ex": ("cla_suspended", "all", "all", "year_ending", 1),
    "CINFixedExclusion": ("cin_suspended", "all", "all", "year_ending", 1),
    "TotPerAbNew": ("persistent_absence", "all", "all", "year_ending", 1),
    "SFSecPerAbNew": ("persistent_absence_secondary", "all", "all", "year_ending", 1),
}
# AVG_Attain8_Score_Black also feeds the 'all' row of attainment8_black.
LAIT_ALSO = {"AVG_Attain8_Score_Black": ("attainment8_black", "all", "all", "year_ending", 1)}

NOTE_REOFF = (
    "LAIT's data dictionary calls this measure "
    "'re-offending by young offenders (10-14 year olds)'; "
    "the dataset labels it 'young offenders' (all ages), as shown here."
)
NOTE_FTE_ENGLAND = "LAIT stores England 10 times too large (e.g. 3071 for 307.1); corrected here."
NOTE_YJS_LAIT = "Converted from LAIT's rate per 10,000 to per 1,000."


def fix_first_time_entrants_england(value: float, area_code: str, short_desc: str) -> float:
    """LAIT's FirstYJS England values lost their decimal point (3071 means 307.1)."""
    if short_desc == "FirstYJS" and area_code == ENGLAND:
        return value / 10
    return value


def lait_area_code(name: str, la_number: float | None, numbers: dict[int, str]) -> str | None:
    name = str(name).strip()
    if name in LAIT_REGION_CODES:
        return LAIT_REGION_CODES[name]
    if la_number is None or (isinstance(la_number, float) and math.isnan(la_number)):
        return None
    return numbers.get(int(la_number))


def convert_lait(df: pd.DataFrame, numbers: dict[int, str], names: dict[str, str]) -> pd.DataFrame:
    """LAIT long data (Short Desc, Years, LA and Regions, Values, LA Number) -> native rows."""
    cat = load_catalogue()
    specs = list(LAIT_SPECS.items()) + list(LAIT_ALSO.items())
    rows: list[dict] = []
    for short_desc, (ind_id, dim, category, kind, scale) in specs:
        ind = cat.get(ind_id)
        places = ind.decimals + 2
        sub = df[df["Short Desc"] == short_desc]
        for years, la_name, raw, la_number in zip(
            sub["Years"], sub["LA and Regions"], sub["Values"], sub["LA Number"], strict=True
        ):
            code = lait_area_code(la_name, la_number, numbers)
            if code is None or code not in names:
                continue
            x, marker = parse_cell(raw)
            if x is None and marker is None:
                continue
            note = ""
            if x is not None:
                x = fix_first_time_entrants_england(x, code, short_desc) * scale
                if short_desc == "FirstYJS" and code == ENGLAND:
                    note = NOTE_FTE_ENGLAND
                value = fmt_int(x) if ind.unit == "count" else fmt(x, places)
            else:
                value = marker
            if short_desc == "ReoffYO":
                note = NOTE_REOFF
            if scale != 1:
                note = NOTE_YJS_LAIT
            rows.append(
                make_row(
                    ind_id,
                    lait_period(years, kind),
                    code,
                    names[code],
                    dimension=dim,
                    category=category,
                    value=value,
                    note=note,
                )
            )
    return frame(rows)


# Gap KPI -> the group whose Attainment 8 is subtracted from all pupils' (rows of convert_lait's output).
GAPS = {
    "attainment_gap_black_caribbean": ("attainment8_black", "all", "all"),
    "attainment_gap_white_british_disadvantaged": ("attainment8_disadvantaged", "all", "all"),
}


def attainment_gaps(converted: pd.DataFrame) -> pd.DataFrame:
    """All pupils' average Attainment 8 minus the group's, per area and year where both are numbers.

    The KPI ids keep the strategy's narrower groups (a contract); the measures are the published
    LA-level ones: Black pupils, and disadvantaged pupils (catalogue titles say so).
    """

    def series(ind_id: str, dim: str, category: str) -> pd.Series:
        sub = converted[
            (converted["indicator_id"] == ind_id)
            & (converted["dimension"] == dim)
            & (converted["category"] == category)
        ]
        sub = sub[pd.to_numeric(sub["value"], errors="coerce").notna()]
        return sub.set_index(["period", "area_code"])["value"].astype(float)

    names = dict(zip(converted["area_code"], converted["area_name"], strict=False))
    everyone = series("attainment8_all", "all", "all")
    rows = []
    for gap_id, spec in GAPS.items():
        both = pd.concat([everyone, series(*spec)], axis=1, join="inner", keys=["all", "group"])
        for (period, code), r in both.iterrows():
            rows.append(make_row(gap_id, period, code, names[code], value=fmt(r["all"] - r["group"], 3)))
    return frame(rows)


def read_lait(source: Path) -> pd.DataFrame:
    return pd.read_parquet(source / "dfe_lait" / "bds_long_0.parquet")
