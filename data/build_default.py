"""Regenerate the committed default dataset (data/default/*.csv) and data/reference/areas.csv.

Usage: python data/build_default.py [SOURCE_DIR]

SOURCE_DIR defaults to ../shared/data-sources relative to the repository root. Every source has
one small converter returning a DataFrame in the native long format (DESIGN.md section 4, plus
our optional ``illustrative`` column); the output is one CSV per source.

Known problems in the sources (README "Known problems") and where they are handled:
- LAIT FirstYJS England values are 10x too large ............ fix_first_time_entrants_england()
- LAIT 'London (Inner)' / 'London' labels for exclusions ...... LAIT_REGION_CODES (two areas)
- LAIT text values, float artefacts, '-', 'x', 'c' ............ parse_cell() / fmt()
- ReoffYO labelled '10-14 year olds' in the dictionary ........ catalogue definition + NOTE_REOFF
- Census 2021 perturbation .................................... convert_census() note column
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from indicators.catalogue import load_catalogue  # noqa: E402

DEFAULT_SOURCE_DIR = REPO.parent / "shared" / "data-sources"
OUT_DIR = REPO / "data" / "default"
AREAS_CSV = REPO / "data" / "reference" / "areas.csv"

COLUMNS = [
    "indicator_id", "period", "area_code", "area_name", "dimension", "category",
    "numerator", "denominator", "value", "lower_ci", "upper_ci", "note", "illustrative",
]
KEY = ["indicator_id", "period", "area_code", "dimension", "category"]

ISLINGTON = ("E09000019", "Islington")
ENGLAND = "E92000001"
INNER_LONDON = "E13000001"
LONDON = "E12000007"
STATISTICAL_NEIGHBOURS = {
    "E09000007", "E09000028", "E09000022", "E09000033", "E09000012",
    "E09000013", "E09000023", "E09000014", "E09000011", "E08000003",
}

ILLUSTRATIVE_NOTE = "Illustrative figures — not published data"
STRATEGY = "Islington Youth Safety Strategy 2020-2025"
SEED = 20201130

REGIONS = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
}
SUB_REGIONS = {"E13000001": "Inner London", "E13000002": "Outer London"}

# LAIT names for regions and England. "London (Inner)" is Inner London (E13000001), NOT the London
# region: its 2016/17 suspension rate (3.98) is DfE's published Inner London figure, and LAIT also
# carries "London (Outer)". For exclusions LAIT has no "London" value until 2022/23 and no
# "London (Inner)" value after 2021/22, so the comparator *looks* renamed; we keep the two areas
# apart rather than splice them into one series.
LAIT_REGION_CODES = {
    "England": ENGLAND,
    "London (Inner)": INNER_LONDON,
    "Inner London": INNER_LONDON,
    "London (Outer)": "E13000002",
    "Outer London": "E13000002",
    **{name: code for code, name in REGIONS.items()},
    "Yorkshire and the Humber": "E12000003",
}

# Pre-2019 Dorset authorities that LAIT still carries (old LA number -> GSS code, name).
PRE_2019_LAS = {
    835: ("E10000009", "Dorset (pre-2019 county)", "E12000009"),
    836: ("E06000029", "Poole", "E12000009"),
    837: ("E06000028", "Bournemouth", "E12000009"),
}

# ------------------------------------------------------------------------------------------------
# Cell parsing and formatting
# ------------------------------------------------------------------------------------------------

# Source markers -> native markers (DESIGN 4). '-' , '..' and ':' mean "not available" -> x.
SOURCE_MARKERS = {"c": "c", "x": "x", "z": "z", "low": "low", "-": "x", "..": "x", ":": "x",
                  "u": "x", "~": "low", "k": "low", ".": "z"}


def parse_cell(text: object) -> tuple[float | None, str | None]:
    """A source cell as (number, None), (None, marker) or (None, None) when empty.

    Float artefacts such as '7.0000000000000007E-2' parse as numbers (formatting cleans them);
    markers never become numbers.
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None, None
    s = str(text).strip().replace(",", "")
    if s == "" or s.lower() in {"nan", "none"}:
        return None, None
    if s.lower() in SOURCE_MARKERS:
        return None, SOURCE_MARKERS[s.lower()]
    try:
        x = float(s)
    except ValueError:
        raise ValueError(f"unrecognised value {text!r}") from None
    if math.isnan(x) or math.isinf(x):
        return None, "x"
    return x, None


def fmt(x: float | int | None, places: int = 3) -> str:
    """A number as text with at most ``places`` decimals, no float artefacts, no trailing zeros."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    r = round(float(x), places)
    if r == 0:
        return "0"
    s = f"{r:.{places}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def fmt_int(x: float | int | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return str(int(round(float(x))))


def make_row(indicator_id: str, period: str, area_code: str, area_name: str, *,
             dimension: str = "all", category: str = "all", numerator: str = "",
             denominator: str = "", value: str = "", note: str = "",
             illustrative: bool = False) -> dict:
    return {
        "indicator_id": indicator_id, "period": period, "area_code": area_code,
        "area_name": area_name, "dimension": dimension, "category": category,
        "numerator": numerator, "denominator": denominator, "value": value,
        "lower_ci": "", "upper_ci": "", "note": note,
        "illustrative": "true" if illustrative else "false",
    }


def frame(rows: Iterable[dict]) -> pd.DataFrame:
    df = pd.DataFrame(list(rows), columns=COLUMNS)
    return df.fillna("").astype(str)


# ------------------------------------------------------------------------------------------------
# Periods
# ------------------------------------------------------------------------------------------------

def split_year_ending(end_year: int) -> str:
    """The split year (financial or academic) that ends in ``end_year``: 2019 -> '2018/19'."""
    return f"{end_year - 1}/{str(end_year)[2:]}"


def lait_period(years: str, kind: str) -> str:
    """LAIT's Years label as a canonical code.

    kind: 'calendar' ('2019' -> '2019'); 'year_ending' ('2019' -> '2018/19': academic years
    ending in summer 2019, or financial years / 31 March snapshots ending in 2019).
    '2019/20' and '2019-20' are already split years.
    """
    y = str(years).strip()
    m = re.match(r"^(\d{4})\s*[/-]\s*(\d{2})(\s*\(.*\))?$", y)
    if m:
        return f"{m.group(1)}/{m.group(2)}"
    if not re.match(r"^\d{4}$", y):
        raise ValueError(f"unrecognised LAIT year {years!r}")
    if kind == "calendar":
        return y
    return split_year_ending(int(y))


# ------------------------------------------------------------------------------------------------
# Areas
# ------------------------------------------------------------------------------------------------

def build_areas(nccis: list[pd.DataFrame], cla: pd.DataFrame | None = None) -> pd.DataFrame:
    """areas.csv: England, regions, Inner/Outer London and every upper-tier LA in the sources."""
    rows: dict[str, dict] = {}
    rows[ENGLAND] = {"code": ENGLAND, "name": "England", "area_type": "country", "region_code": ""}
    for code, name in REGIONS.items():
        rows[code] = {"code": code, "name": name, "area_type": "region", "region_code": ENGLAND}
    for code, name in SUB_REGIONS.items():
        rows[code] = {"code": code, "name": name, "area_type": "sub_region", "region_code": LONDON}
    frames = list(reversed(nccis))  # newest first: newest names win
    if cla is not None:
        frames.append(cla)
    for df in frames:
        las = df[df["geographic_level"] == "Local authority"]
        for _, r in las.iterrows():
            code = str(r["new_la_code"]).strip()
            if not code or code in rows or code == "nan":
                continue
            region = str(r.get("region_code", "") or "")
            if region in SUB_REGIONS:  # the CLA file gives Inner/Outer London as the region
                region = LONDON
            rows[code] = {"code": code, "name": str(r["la_name"]).strip(), "area_type": "local_authority",
                          "region_code": region}
    for code, name, region in PRE_2019_LAS.values():
        rows.setdefault(code, {"code": code, "name": name, "area_type": "local_authority",
                               "region_code": region})
    out = pd.DataFrame(list(rows.values()), columns=["code", "name", "area_type", "region_code"])
    out["statistical_neighbour"] = np.where(out["code"].isin(STATISTICAL_NEIGHBOURS), "true", "false")
    order = {"country": 0, "region": 1, "sub_region": 2, "local_authority": 3}
    out = out.sort_values(["area_type", "code"], key=lambda s: s.map(order) if s.name == "area_type" else s)
    return out.reset_index(drop=True)


def la_number_lookup(nccis: list[pd.DataFrame], cla: pd.DataFrame | None = None) -> dict[int, str]:
    """Old 3-digit LA number -> GSS code (newest file wins)."""
    out: dict[int, str] = {num: code for num, (code, _, _) in PRE_2019_LAS.items()}
    frames = list(nccis) + ([cla] if cla is not None else [])
    for df in frames:  # later (newer) frames overwrite
        las = df[df["geographic_level"] == "Local authority"][["old_la_code", "new_la_code"]].dropna()
        for old, new in las.itertuples(index=False):
            try:
                out[int(float(old))] = str(new).strip()
            except ValueError:
                continue
    return out


def area_names(areas: pd.DataFrame) -> dict[str, str]:
    return dict(zip(areas["code"], areas["name"], strict=True))


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
}
# AVG_Attain8_Score_Black also feeds the 'all' row of attainment8_black.
LAIT_ALSO = {"AVG_Attain8_Score_Black": ("attainment8_black", "all", "all", "year_ending", 1)}

NOTE_REOFF = ("LAIT's data dictionary calls this measure "
              "'re-offending by young offenders (10-14 year olds)'; "
              "the dataset labels it 'young offenders' (all ages), as shown here.")
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
        for years, la_name, raw, la_number in zip(sub["Years"], sub["LA and Regions"], sub["Values"],
                                                  sub["LA Number"], strict=True):
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
            rows.append(make_row(ind_id, lait_period(years, kind), code, names[code], dimension=dim,
                                 category=category, value=value, note=note))
    return frame(rows)


def read_lait(source: Path) -> pd.DataFrame:
    return pd.read_parquet(source / "dfe_lait" / "bds_long_0.parquet")


# ------------------------------------------------------------------------------------------------
# DfE exclusions 2006/07-2016/17 (counts and headcounts)
# ------------------------------------------------------------------------------------------------

def convert_exclusions_history(df: pd.DataFrame, name_to_code: dict[str, str],
                               names: dict[str, str]) -> pd.DataFrame:
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
        for ind_id, num_col, rate_col in (("suspension_rate", "fixed_excl", "fixed_excl_rate"),
                                          ("permanent_exclusion_rate", "perm_excl", "perm_excl_rate")):
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
            rows.append(make_row(ind_id, period, code, names[code], numerator=numerator,
                                 denominator=denominator, value=value, note=note))
    return frame(rows)


# ------------------------------------------------------------------------------------------------
# DfE exclusions by ethnicity (Islington, 2023/24-2024/25)
# ------------------------------------------------------------------------------------------------

ETHNIC_MAJOR = {"asian": "asian", "black": "black", "mixed": "mixed", "white": "white", "other": "other",
                "asian or asian british": "asian",
                "black, african, caribbean or black british": "black",
                "mixed or multiple ethnic groups": "mixed", "other ethnic group": "other",
                "refused or information not yet available": "unknown"}


def ethnicity_code(label: str) -> tuple[str, str]:
    s = str(label).strip().lower()
    if s in {"overall", "total", "all"}:
        return "all", "all"
    return "ethnicity", ETHNIC_MAJOR[s]


def convert_exclusions_by_ethnicity(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    rows = []
    for r in df.itertuples(index=False):
        dim, category = ethnicity_code(r.ethnicity)
        num, num_m = parse_cell(r.numerator)
        den, _ = parse_cell(r.denominator)
        rate, rate_m = parse_cell(r.rate_pct)
        value = fmt(num / den * 100, 4) if (num is not None and den) else (fmt(rate, 4) if rate is not None
                                                                          else (rate_m or "x"))
        rows.append(make_row(r.indicator, r.academic_year, r.geo_code, names.get(r.geo_code, r.geo_name),
                             dimension=dim, category=category,
                             numerator=fmt_int(num) if num is not None else (num_m or ""),
                             denominator=fmt_int(den) if den is not None else "", value=value))
        eng, eng_m = parse_cell(r.england_rate_pct)
        rows.append(make_row(r.indicator, r.academic_year, ENGLAND, "England", dimension=dim,
                             category=category, value=fmt(eng, 4) if eng is not None else (eng_m or "x")))
    return frame(rows)


def read_commented_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, comment="#", dtype=str, encoding="utf-8-sig")


# ------------------------------------------------------------------------------------------------
# NCCIS NEET
# ------------------------------------------------------------------------------------------------

NEET_SEN = (("no_sen", "NEET_NK_noSEN_percent"), ("ehcp", "NEET_NK_EHCP_percent"),
            ("sen_support", "NEET_NK_SENDsupport_percent"))


def nccis_area_code(r: pd.Series) -> str | None:
    level = r["geographic_level"]
    if level == "National":
        return ENGLAND
    if level == "Regional":
        return str(r["region_code"])
    if level == "Local authority":
        return str(r["new_la_code"])
    return None


def convert_nccis(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """One NCCIS year file -> neet_16_17 (NEET %) and neet_not_known_16_17 (all + by SEN)."""
    rows = []
    for _, r in df.iterrows():
        code = nccis_area_code(r)
        if code is None or code not in names:
            continue
        period = str(r["time_period"]).strip()
        cohort, _ = parse_cell(r["Cohort_DJFavg"])
        den = fmt_int(cohort) if cohort is not None else ""
        for ind_id, col in (("neet_16_17", "NEET_percent"),
                            ("neet_not_known_16_17", "NEET_not_known_percent")):
            x, m = parse_cell(r[col])
            if x is None and m is None:
                continue
            rows.append(make_row(ind_id, period, code, names[code], denominator=den,
                                 value=fmt(x, 3) if x is not None else m))
        for category, col in NEET_SEN:
            if col not in df.columns:
                continue
            x, m = parse_cell(r[col])
            if x is None and m is None:
                continue
            rows.append(make_row("neet_not_known_16_17", period, code, names[code], dimension="sen",
                                 category=category, value=fmt(x, 3) if x is not None else m))
    return frame(rows)


# ------------------------------------------------------------------------------------------------
# Children looked after
# ------------------------------------------------------------------------------------------------

CLA_POPULATION = "Children looked after on 31 March each year"


def convert_cla_numbers(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    rows = []
    sub = df[df["population_type"] == CLA_POPULATION]
    for _, r in sub.iterrows():
        level = r["geographic_level"]
        code = ENGLAND if level == "National" else (str(r["region_code"]) if level == "Regional"
                                                    else str(r["new_la_code"]))
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
        agrees = (n is not None and pop and rate is not None and round(n / pop * 10000) == round(rate))
        rows.append(make_row("children_looked_after_rate", period, code, names[code],
                             numerator=num if agrees else "",
                             denominator=fmt_int(pop) if agrees else "",
                             value=fmt(rate, 1) if rate is not None else (rate_m or n_m or "x")))
    return frame(rows)


def convert_cla_ethnicity(df: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    rows = []
    for _, r in df.iterrows():
        name = str(r["geo_breakdown"]).strip()
        code = str(r["new_la_code"]).strip() if str(r["new_la_code"]).strip() not in {"", "nan"} else None
        code = code or LAIT_REGION_CODES.get(name)
        if code is None or code not in names:
            continue
        dim, category = ethnicity_code(r["characteristic"])
        if dim == "all":
            continue  # totals come from the number-and-rate file
        n, m = parse_cell(r["cla_31_march_number"])
        value = fmt_int(n) if n is not None else (m or "x")
        rows.append(make_row("children_looked_after", split_year_ending(int(r["time_period"])), code,
                             names[code], dimension=dim, category=category, numerator=value, value=value))
    return frame(rows)


# ------------------------------------------------------------------------------------------------
# YJB: children cautioned or sentenced
# ------------------------------------------------------------------------------------------------

YJB_REGIONS = {"Eastern": "E12000006", "Yorkshire": "E12000003", "East Midlands": "E12000004",
               "London": LONDON, "North East": "E12000001", "North West": "E12000002",
               "South East": "E12000008", "South West": "E12000009", "West Midlands": "E12000005"}


def convert_yjb(df: pd.DataFrame, name_to_code: dict[str, str], names: dict[str, str]) -> pd.DataFrame:
    rows = []
    sub = df[df["measure"] == "children cautioned or sentenced"]
    for _, r in sub.iterrows():
        yot = str(r["YOT"]).strip()
        code = YJB_REGIONS.get(str(r["Region"]).strip()) if yot == "REGION TOTAL" else name_to_code.get(yot)
        if code is None or code not in names:
            continue  # Wales, and youth justice services covering several LAs
        period = str(r["period"]).strip()
        period = f"{period[:4]}/{period[-2:]}"
        n, _ = parse_cell(r["YOT_Number"])
        pop, _ = parse_cell(r["YOT_Pop"])
        value = fmt(n / pop * 1000, 3) if (n is not None and pop) else "x"
        rows.append(make_row("yjs_cautioned_or_sentenced_rate", period, code, names[code],
                             numerator=fmt_int(n), denominator=fmt_int(pop), value=value))
    return frame(rows)


# ------------------------------------------------------------------------------------------------
# Census 2021: population aged 10-17 by ethnicity, sex, age band
# ------------------------------------------------------------------------------------------------

NOTE_CENSUS = ("Census 2021 cells are perturbed by ONS for disclosure control; small cells are approximate "
               "and breakdowns are sums of perturbed cells.")


def convert_census(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["population"] = df["population"].astype(int)
    code, name = ISLINGTON
    rows = [make_row("population_10_17", "2021", code, name, value=str(int(df["population"].sum())),
                     numerator=str(int(df["population"].sum())), note=NOTE_CENSUS)]
    for dim, col, mapper in (("ethnicity", "ethnicity", lambda s: ethnicity_code(s)[1]),
                             ("sex", "sex", lambda s: str(s).strip().lower()),
                             ("age_band", "age_band", lambda s: str(s).strip())):
        for key, total in df.groupby(col)["population"].sum().items():
            rows.append(make_row("population_10_17", "2021", code, name, dimension=dim, category=mapper(key),
                                 numerator=str(int(total)), value=str(int(total)), note=NOTE_CENSUS))
    return frame(rows)


# ------------------------------------------------------------------------------------------------
# The strategy's own figures (Figures 1-2, section 5 snapshot)
# ------------------------------------------------------------------------------------------------

FIGURE_1 = {  # 2017/18, 2018/19, 2019/20
    "total_notifiable_offences": (31425, 28328, 30273),
    "knife_crime_victims_under_25": (76, 63, 41),
    "knife_crime_offences": (630, 576, 554),
    "gun_crime_offences": (75, 62, 43),
}
FIGURE_2 = {  # 2016/17 .. 2019/20
    "first_time_entrants_count": (75, 60, 58, 61),
    "custodial_sentences": (30, 17, 23, 7),
}
NOTE_CUSTODY_2019 = "Figure 2 gives 7; the strategy's text says 9 for 2019/20."


def convert_strategy() -> pd.DataFrame:
    code, name = ISLINGTON
    rows = []
    for ind_id, values in FIGURE_1.items():
        for period, v in zip(("2017/18", "2018/19", "2019/20"), values, strict=True):
            rows.append(make_row(ind_id, period, code, name, numerator=str(v), value=str(v),
                                 note=f"{STRATEGY}, Figure 1"))
    for ind_id, values in FIGURE_2.items():
        for period, v in zip(("2016/17", "2017/18", "2018/19", "2019/20"), values, strict=True):
            note = f"{STRATEGY}, Figure 2"
            if ind_id == "custodial_sentences" and period == "2019/20":
                note += ". " + NOTE_CUSTODY_2019
            rows.append(make_row(ind_id, period, code, name, numerator=str(v), value=str(v), note=note))
    snap = f"{STRATEGY}, section 5 (January 2020 snapshot)"
    for ind_id, dim, category, v, extra in (
        ("yos_cohort_share", "sen", "ehcp", "16", ""),
        ("yos_cohort_share", "sen", "sen_support", "40", ""),
        ("yos_cohort_share", "looked_after", "looked_after", "22.5",
         "the strategy says a fifth to a quarter (22.5% is the midpoint)"),
        ("secondary_pupils_share", "sen", "ehcp", "2", ""),
        ("secondary_pupils_share", "sen", "sen_support", "14.2", ""),
    ):
        rows.append(make_row(ind_id, "2020-01", code, name, dimension=dim, category=category, value=v,
                             note=snap + (f"; {extra}" if extra else "")))
    return frame(rows)


# ------------------------------------------------------------------------------------------------
# Illustrative series (seeded)
# ------------------------------------------------------------------------------------------------

ILLUSTRATIVE_YEARS = ("2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25")
MAJOR_GROUPS = ("asian", "black", "mixed", "other", "white")
# Share of each youth-justice stage by ethnic group (illustrative; Black and Mixed over-represented
# relative to the Census 10-17 population, rising along the cascade).
STAGE_SHARES = {
    "yj_arrests": (0.07, 0.38, 0.17, 0.09, 0.29),
    "first_time_entrants_count": (0.07, 0.38, 0.18, 0.08, 0.29),
    "yj_court_outcomes": (0.06, 0.43, 0.18, 0.08, 0.25),
    "yj_custody": (0.05, 0.50, 0.17, 0.06, 0.22),
}
STAGE_TOTALS = {  # illustrative totals per year, 2019/20-2024/25
    "yj_arrests": (410, 330, 300, 340, 290, 260),
    "first_time_entrants_count": (61, 40, 35, 44, 33, 25),  # 2019/20 = the strategy's Figure 2
    "yj_court_outcomes": (64, 45, 42, 48, 40, 36),
    "yj_custody": (7, 5, 4, 6, 4, 3),  # 2019/20 = Figure 2's custodial sentences
}


def split_total(rng: np.random.Generator, total: int, shares: tuple[float, ...]) -> list[int]:
    """Split ``total`` into groups (multinomial), so the groups always add up to the total."""
    p = np.asarray(shares, dtype=float)
    return [int(x) for x in rng.multinomial(total, p / p.sum())]


def illustrative_stages(rng: np.random.Generator) -> pd.DataFrame:
    code, name = ISLINGTON
    rows = []
    for ind_id, totals in STAGE_TOTALS.items():
        for period, total in zip(ILLUSTRATIVE_YEARS, totals, strict=True):
            parts = split_total(rng, total, STAGE_SHARES[ind_id])
            real_total = ind_id == "first_time_entrants_count" and period == "2019/20"
            rows.append(make_row(ind_id, period, code, name, numerator=str(total), value=str(total),
                                 note=f"{STRATEGY}, Figure 2" if real_total else ILLUSTRATIVE_NOTE,
                                 illustrative=not real_total))
            for group, n in zip(MAJOR_GROUPS, parts, strict=True):
                rows.append(make_row(ind_id, period, code, name, dimension="ethnicity", category=group,
                                     numerator=str(n), value=str(n), note=ILLUSTRATIVE_NOTE,
                                     illustrative=True))
    return frame(rows)


def disproportionality_from_stages(stages: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """RRI of first time entry, Black/Asian/Mixed/Other combined vs White, using the Census base."""
    code, name = ISLINGTON
    pop = population[(population["dimension"] == "ethnicity")].set_index("category")["value"].astype(int)
    fte = stages[(stages["indicator_id"] == "first_time_entrants_count")
                 & (stages["dimension"] == "ethnicity")]
    rows = []
    for period, g in fte.groupby("period"):
        n = g.set_index("category")["value"].astype(int)
        minority = [c for c in MAJOR_GROUPS if c != "white"]
        a, n_g = int(n[minority].sum()), int(pop[minority].sum())
        c, n_r = int(n["white"]), int(pop["white"])
        rri = (a / n_g) / (c / n_r) if c else float("nan")
        rows.append(make_row("youth_justice_disproportionality", period, code, name, value=fmt(rri, 2),
                             note=ILLUSTRATIVE_NOTE, illustrative=True))
    return frame(rows)


def illustrative_kpis(rng: np.random.Generator) -> pd.DataFrame:
    code, name = ISLINGTON
    rows = []

    years = ILLUSTRATIVE_YEARS
    # NRM: positive conclusive grounds decisions / all decisions (percent).
    dens = rng.integers(14, 32, size=len(years))
    props = np.clip(np.linspace(0.58, 0.78, len(years)) + rng.normal(0, 0.04, len(years)), 0.3, 0.95)
    nums = [int(round(d * p)) for d, p in zip(dens, props, strict=True)]
    for period, nm, d in zip(years, nums, dens, strict=True):
        rows.append(make_row("nrm_positive_outcomes", period, code, name, numerator=str(nm),
                             denominator=str(d),
                             value=fmt(nm / d * 100, 3), note=ILLUSTRATIVE_NOTE, illustrative=True))
    # SEMH first appointment within 4 weeks (percent).
    dens = rng.integers(650, 950, size=len(years))
    props = np.clip(np.linspace(0.61, 0.79, len(years)) + rng.normal(0, 0.03, len(years)), 0.3, 0.98)
    for period, d, p in zip(years, dens, props, strict=True):
        nm = int(round(d * p))
        rows.append(make_row("semh_first_appointment_4_weeks", period, code, name, numerator=str(nm),
                             denominator=str(int(d)), value=fmt(nm / d * 100, 3), note=ILLUSTRATIVE_NOTE,
                             illustrative=True))
    # Serious youth violence (count), 2017/18-2024/25.
    syv_years = ("2017/18", "2018/19") + years
    base = np.array([232, 221, 205, 150, 172, 181, 168, 159], dtype=float)
    syv = np.maximum(0, np.round(base + rng.normal(0, 8, len(base)))).astype(int)
    for period, v in zip(syv_years, syv, strict=True):
        rows.append(make_row("serious_youth_violence", period, code, name, numerator=str(v), value=str(v),
                             note=ILLUSTRATIVE_NOTE, illustrative=True))
    # Knife crime victims under 25 after the strategy's Figure 1.
    kc_base = np.array([30, 36, 39, 34, 31], dtype=float)
    kc = np.maximum(0, np.round(kc_base + rng.normal(0, 3, 5))).astype(int)
    for period, v in zip(years[1:], kc, strict=True):
        rows.append(make_row("knife_crime_victims_under_25", period, code, name, numerator=str(v),
                             value=str(v),
                             note=ILLUSTRATIVE_NOTE, illustrative=True))
    # Attainment gaps (Attainment 8 points behind the Islington average), 2018/19-2024/25.
    gap_years = ("2018/19",) + years
    for ind_id, start, end in (("attainment_gap_black_caribbean", 8.6, 6.1),
                               ("attainment_gap_white_british_disadvantaged", 11.8, 9.7)):
        vals = np.linspace(start, end, len(gap_years)) + rng.normal(0, 0.7, len(gap_years))
        for period, v in zip(gap_years, vals, strict=True):
            rows.append(make_row(ind_id, period, code, name, value=fmt(v, 1), note=ILLUSTRATIVE_NOTE,
                                 illustrative=True))
    return frame(rows)


# ------------------------------------------------------------------------------------------------
# Assembly
# ------------------------------------------------------------------------------------------------

# Output file per source, in priority order: where two sources give the same key, the earlier wins.
PRIORITY = ["strategy", "census2021", "illustrative", "dfe_exclusions_by_ethnicity", "dfe_cla",
            "dfe_nccis_neet", "yjb", "dfe_exclusions_2007_2017", "dfe_lait"]


def dedupe(outputs: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Drop rows whose key a higher-priority source already gives, and duplicates within a source."""
    seen: set[tuple] = set()
    out = {}
    for name in PRIORITY:
        if name not in outputs:
            continue
        df = outputs[name].drop_duplicates(subset=KEY, keep="first")
        keys = list(df[KEY].itertuples(index=False, name=None))
        keep = [k not in seen for k in keys]
        df = df[keep]
        seen.update(keys)
        out[name] = df.sort_values(KEY).reset_index(drop=True)
    return out


def build(source: Path) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    nccis = [pd.read_csv(p, dtype=str, encoding="utf-8-sig")
             for p in sorted((source / "dfe_nccis_neet").glob("neet_la_*.csv"))]
    cla = pd.read_csv(source / "dfe_csc" / "cla_number_and_rate_per_10k_children.csv", dtype=str,
                      encoding="utf-8-sig")
    areas = build_areas(nccis, cla)
    names = area_names(areas)
    numbers = la_number_lookup(nccis, cla)
    name_to_code = {n: c for c, n in names.items()}
    name_to_code.update({"Bristol": "E06000023", "Bristol, City of": "E06000023",
                         "Herefordshire": "E06000019", "Herefordshire, County of": "E06000019",
                         "Kingston upon Hull": "E06000010", "Kingston Upon Hull, City of": "E06000010"})

    outputs: dict[str, pd.DataFrame] = {}
    outputs["dfe_lait"] = convert_lait(read_lait(source), numbers, names)
    outputs["dfe_exclusions_2007_2017"] = convert_exclusions_history(
        pd.read_csv(source / "dfe_exclusions_2007_2017" / "clean_la_data.csv", dtype=str),
        name_to_code, names)
    outputs["dfe_exclusions_by_ethnicity"] = convert_exclusions_by_ethnicity(
        read_commented_csv(next((source / "dfe_exclusions_by_ethnicity").glob("*.csv"))), names)
    outputs["dfe_nccis_neet"] = pd.concat([convert_nccis(df, names) for df in nccis], ignore_index=True)
    outputs["dfe_cla"] = pd.concat([
        convert_cla_numbers(cla, names),
        convert_cla_ethnicity(pd.read_csv(source / "dfe_csc" / "cla_ethnicity_islington_comparators.csv",
                                          dtype=str, encoding="utf-8-sig"), names),
    ], ignore_index=True)
    outputs["yjb"] = convert_yjb(
        pd.read_csv(next((source / "yjb").glob("*.csv")), dtype=str, encoding="utf-8-sig"),
        name_to_code, names)
    census = convert_census(read_commented_csv(next((source / "census2021").glob("*.csv"))))
    outputs["census2021"] = census
    outputs["strategy"] = convert_strategy()
    rng = np.random.default_rng(SEED)
    stages = illustrative_stages(rng)
    outputs["illustrative"] = pd.concat(
        [illustrative_kpis(rng), stages, disproportionality_from_stages(stages, census)], ignore_index=True)
    return areas, dedupe(outputs)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    source = Path(argv[0]) if argv else DEFAULT_SOURCE_DIR
    if not source.is_dir():
        print(f"source folder not found: {source}", file=sys.stderr)
        return 2
    areas, outputs = build(source)
    AREAS_CSV.parent.mkdir(parents=True, exist_ok=True)
    areas.to_csv(AREAS_CSV, index=False, lineterminator="\n")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for old in OUT_DIR.glob("*.csv"):
        old.unlink()
    for name, df in outputs.items():
        df.to_csv(OUT_DIR / f"{name}.csv", index=False, lineterminator="\n")
        print(f"{name}.csv: {len(df)} rows")
    print(f"areas.csv: {len(areas)} areas")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
