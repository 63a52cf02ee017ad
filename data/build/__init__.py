"""Regenerate the committed default dataset (data/default/*.csv) and data/reference/areas.csv.

Usage: python data/build_default.py [SOURCE_DIR]   (or: python -m data.build [SOURCE_DIR])

SOURCE_DIR defaults to ../shared/data-sources relative to the repository root. Every source has
one module here with small converters returning DataFrames in the native long format (DESIGN.md
section 4, plus our optional ``illustrative`` column); the output is one CSV per source.

Known problems in the sources (README "Known problems") and where they are handled:
- LAIT FirstYJS England values are 10x too large ............ dfe_lait.fix_first_time_entrants_england()
- LAIT 'London (Inner)' / 'London' labels for exclusions ...... areas.LAIT_REGION_CODES (two areas)
- LAIT text values, float artefacts, '-', 'x', 'c' ............ common.parse_cell() / common.fmt()
- ReoffYO labelled '10-14 year olds' in the dictionary ........ catalogue definition + dfe_lait.NOTE_REOFF
- Census 2021 perturbation .................................... census.convert_census() note column
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from data.build.areas import area_names, build_areas, la_number_lookup
from data.build.census import convert_census
from data.build.common import ISLINGTON, KEY, SEED, Context, read_commented_csv, read_csv
from data.build.dfe_cin import convert_cin_factors
from data.build.dfe_cla import convert_cla_convictions, convert_cla_ethnicity, convert_cla_numbers
from data.build.dfe_cla_missing import combine_releases, convert_cla_missing
from data.build.dfe_exclusions import convert_exclusions_by_ethnicity, convert_exclusions_history
from data.build.dfe_eyfsp import convert_eyfsp
from data.build.dfe_lait import attainment_gaps, convert_lait, read_lait
from data.build.illustrative import illustrative_kpis, illustrative_stages
from data.build.linked import convert_linked
from data.build.mps import convert_mps, read_months
from data.build.nccis import convert_nccis
from data.build.neighbours import convert_neighbours
from data.build.strategy import convert_strategy
from data.build.yjb import convert_yjb

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE_DIR = REPO.parent / "shared" / "data-sources"
OUT_DIR = REPO / "data" / "default"
AREAS_CSV = REPO / "data" / "reference" / "areas.csv"
NEIGHBOURS_CSV = REPO / "data" / "reference" / "statistical_neighbours.csv"

# ------------------------------------------------------------------------------------------------
# Assembly
# ------------------------------------------------------------------------------------------------

# Output file per source, in priority order: where two sources give the same key, the earlier wins.
PRIORITY = [
    "strategy",
    "census2021",
    "dfe_moj_offending_linked",
    "illustrative",
    "dfe_exclusions_by_ethnicity",
    "dfe_eyfsp_2022",
    "dfe_cla_missing",
    "dfe_cla",
    "dfe_cin",
    "mps_borough_crime",
    "dfe_nccis_neet",
    "yjb",
    "dfe_exclusions_2007_2017",
    "dfe_lait",
]


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


NAME_ALIASES = {  # spellings of LA names in older files -> GSS code
    "Bristol": "E06000023",
    "Bristol, City of": "E06000023",
    "Herefordshire": "E06000019",
    "Herefordshire, County of": "E06000019",
    "Kingston upon Hull": "E06000010",
    "Kingston Upon Hull, City of": "E06000010",
}


@dataclass
class Build:
    areas: pd.DataFrame  # data/reference/areas.csv
    neighbours: pd.DataFrame  # data/reference/statistical_neighbours.csv
    outputs: dict[str, pd.DataFrame]  # data/default/<name>.csv


def reference(source: Path) -> tuple[pd.DataFrame, pd.DataFrame, Context]:
    """areas.csv, statistical_neighbours.csv and the lookups the converters share."""
    nccis = [
        pd.read_csv(p, dtype=str, encoding="utf-8-sig")
        for p in sorted((source / "dfe_nccis_neet").glob("neet_la_*.csv"))
    ]
    cla = pd.read_csv(source / "dfe_csc" / "cla_number_and_rate_per_10k_children.csv", dtype=str, encoding="utf-8-sig")
    numbers = la_number_lookup(nccis, cla)
    neighbours = convert_neighbours(source / "dfe_lait" / "sn_may_2025.xlsx", numbers)
    home = frozenset(neighbours.loc[neighbours["area_code"] == ISLINGTON[0], "neighbour_code"])
    areas = build_areas(nccis, cla, home)
    names = area_names(areas)
    missing = set(neighbours["area_code"]) | set(neighbours["neighbour_code"])
    missing -= set(names)
    if missing:
        raise ValueError(f"sn_may_2025.xlsx: areas {sorted(missing)} are not in areas.csv")
    ctx = Context(names=names, numbers=numbers, name_to_code={n: c for c, n in names.items()} | NAME_ALIASES)
    return areas, neighbours, ctx


def build(source: Path) -> Build:
    areas, neighbours, ctx = reference(source)
    names = ctx.names
    nccis = [
        pd.read_csv(p, dtype=str, encoding="utf-8-sig")
        for p in sorted((source / "dfe_nccis_neet").glob("neet_la_*.csv"))
    ]
    cla = pd.read_csv(source / "dfe_csc" / "cla_number_and_rate_per_10k_children.csv", dtype=str, encoding="utf-8-sig")
    lait = convert_lait(read_lait(source), ctx.numbers, names)
    outputs: dict[str, pd.DataFrame] = {
        "dfe_lait": pd.concat([lait, attainment_gaps(lait)], ignore_index=True),
        "dfe_exclusions_2007_2017": convert_exclusions_history(
            pd.read_csv(source / "dfe_exclusions_2007_2017" / "clean_la_data.csv", dtype=str), ctx.name_to_code, names
        ),
        "dfe_exclusions_by_ethnicity": convert_exclusions_by_ethnicity(
            read_commented_csv(next((source / "dfe_exclusions_by_ethnicity").glob("*.csv"))), names
        ),
        "dfe_nccis_neet": pd.concat([convert_nccis(df, names) for df in nccis], ignore_index=True),
        "dfe_cla": pd.concat(
            [
                convert_cla_numbers(cla, names),
                convert_cla_ethnicity(
                    pd.read_csv(
                        source / "dfe_csc" / "cla_ethnicity_islington_comparators.csv", dtype=str, encoding="utf-8-sig"
                    ),
                    names,
                ),
                convert_cla_convictions(read_csv(source / "dfe_csc" / "la_conviction_health_outcome_cla.csv"), names),
            ],
            ignore_index=True,
        ),
        "dfe_cla_missing": convert_cla_missing(
            combine_releases([(p.name, read_csv(p)) for p in sorted((source / "dfe_cla_missing").glob("*.csv"))]), ctx
        ),
        "dfe_cin": convert_cin_factors(read_csv(next((source / "dfe_cin_assessment_factors").glob("*.csv"))), ctx),
        "dfe_eyfsp_2022": convert_eyfsp(read_csv(next((source / "dfe_eyfsp_2022").glob("*.csv"))), ctx),
        "mps_borough_crime": convert_mps(read_months(source / "mps_borough_crime"), ctx),
        "dfe_moj_offending_linked": convert_linked(
            read_commented_csv(next((source / "dfe_moj_offending_linked").glob("*.csv"))).fillna(""), ctx
        ),
        "yjb": convert_yjb(
            pd.read_csv(next((source / "yjb").glob("*.csv")), dtype=str, encoding="utf-8-sig"), ctx.name_to_code, names
        ),
        "census2021": convert_census(read_commented_csv(next((source / "census2021").glob("*.csv")))),
        "strategy": convert_strategy(),
    }
    rng = np.random.default_rng(SEED)
    outputs["illustrative"] = pd.concat([illustrative_kpis(rng), illustrative_stages()], ignore_index=True)
    return Build(areas, neighbours, dedupe(outputs))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    source = Path(argv[0]) if argv else DEFAULT_SOURCE_DIR
    if not source.is_dir():
        print(f"source folder not found: {source}", file=sys.stderr)
        return 2
    result = build(source)
    AREAS_CSV.parent.mkdir(parents=True, exist_ok=True)
    result.areas.to_csv(AREAS_CSV, index=False, lineterminator="\n")
    result.neighbours.to_csv(NEIGHBOURS_CSV, index=False, lineterminator="\n")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for old in OUT_DIR.glob("*.csv"):
        old.unlink()
    for name, df in result.outputs.items():
        df.to_csv(OUT_DIR / f"{name}.csv", index=False, lineterminator="\n")
        print(f"{name}.csv: {len(df)} rows")
    print(f"areas.csv: {len(result.areas)} areas; statistical_neighbours.csv: {len(result.neighbours)} rows")
    return 0
