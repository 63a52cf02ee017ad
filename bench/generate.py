"""A seeded national file in the native upload format (DESIGN §4), for the benchmarks.

Every English upper-tier local authority (data/reference/areas.csv, area_type local_authority) plus
England and London (the comparators the overview reads) x the 14 KPIs x 20 periods x 26 cohort
categories = 1,150,240 rows; ``--rows N`` keeps a seeded sample of N of them (file order kept).
``--with-stages`` adds the youth-justice cascade (population base and the four stages) that the
disproportionality page reads.

Every row is valid against the catalogue: the indicator's period type, its unit (percentages in
0-100 with numerator <= denominator, rates per the unit's multiplier, counts as whole numbers) and a
value that agrees with numerator / denominator to the decimals written. About 1% of the rows carry
the marker ``c`` (suppressed at source) instead of a number.

    .venv/bin/python bench/generate.py bench/out/national.csv [--rows 10000] [--seed 2024]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from indicators.areas import ENGLAND, LONDON, load_areas  # noqa: E402
from indicators.catalogue import UNIT_MULTIPLIER, load_catalogue  # noqa: E402
from indicators.ingest.readers import NATIVE_COLUMNS  # noqa: E402

HEADER = list(NATIVE_COLUMNS[:-1])  # the native format without the illustrative flag
N_PERIODS = 20
LAST_YEAR = 2024  # 2024/25 and 2024 are the latest periods
# 26 categories: the whole population, the 5 major ethnic groups and 11 minor ones, SEN, care
# status, sex and disadvantage.
COHORTS: tuple[tuple[str, str], ...] = (
    ("all", "all"),
    *(("ethnicity", c) for c in ("asian", "black", "mixed", "white", "other")),
    *(
        ("ethnicity", c)
        for c in (
            "white_british",
            "white_irish",
            "white_other",
            "mixed_white_black_caribbean",
            "mixed_white_asian",
            "asian_indian",
            "asian_bangladeshi",
            "black_caribbean",
            "black_african",
            "black_other",
            "other_other",
        )
    ),
    ("sen", "ehcp"),
    ("sen", "sen_support"),
    ("sen", "no_sen"),
    ("looked_after", "looked_after"),
    ("looked_after", "not_looked_after"),
    ("sex", "female"),
    ("sex", "male"),
    ("disadvantage", "disadvantaged"),
    ("disadvantage", "not_disadvantaged"),
)
# Rough share of the population in each category, so group sizes look plausible.
_SHARE = {
    "all": 1.0,
    "asian": 0.15,
    "black": 0.12,
    "mixed": 0.08,
    "white": 0.6,
    "other": 0.05,
    "white_british": 0.45,
    "white_irish": 0.01,
    "white_other": 0.12,
    "mixed_white_black_caribbean": 0.02,
    "mixed_white_asian": 0.02,
    "asian_indian": 0.04,
    "asian_bangladeshi": 0.02,
    "black_caribbean": 0.03,
    "black_african": 0.07,
    "black_other": 0.02,
    "other_other": 0.03,
    "ehcp": 0.03,
    "sen_support": 0.12,
    "no_sen": 0.85,
    "looked_after": 0.01,
    "not_looked_after": 0.99,
    "female": 0.49,
    "male": 0.51,
    "disadvantaged": 0.25,
    "not_disadvantaged": 0.75,
}
MARKER_SHARE = 0.01


def national_areas() -> list[tuple[str, str]]:
    """(code, name) of every upper-tier local authority, then England and London."""
    areas = load_areas()
    las = [(a.code, a.name) for a in areas if a.area_type == "local_authority"]
    extra = [(a.code, a.name) for a in areas if a.code in (ENGLAND, LONDON)]
    return las + extra


def indicator_ids(with_stages: bool = False) -> list[str]:
    catalogue = load_catalogue()
    ids = [i.id for i in catalogue.kpis()]
    if with_stages:
        ids += [i.id for i in catalogue.stages() if i.id not in ids]
    return ids


def period_codes(period_type: str, n: int = N_PERIODS) -> list[str]:
    years = range(LAST_YEAR - n + 1, LAST_YEAR + 1)
    if period_type == "calendar_year":
        return [str(y) for y in years]
    if period_type in ("financial_year", "academic_year"):
        return [f"{y}/{(y + 1) % 100:02d}" for y in years]
    raise ValueError(f"the generator has no periods for {period_type}")


def _decimal_text(values: np.ndarray, decimals: np.ndarray) -> pa.Array:
    """Fixed-point text with ``decimals`` places per row (null for NaN), in Arrow's C++ kernels:
    the value is scaled to an integer and the point put back, so no float is printed by Python."""
    nan = np.isnan(values)
    scale = 10 ** decimals.astype(np.int64)
    scaled = np.abs(np.round(np.nan_to_num(values) * scale)).astype(np.int64)
    whole = pc.cast(pa.array(scaled // scale), pa.string())
    frac = pc.cast(pa.array(scaled % scale), pa.string())
    text = whole
    for d in np.unique(decimals[decimals > 0]).tolist():
        joined = pc.binary_join_element_wise(whole, pc.utf8_lpad(frac, int(d), "0"), ".")
        text = pc.if_else(pa.array(decimals == d), joined, text)
    negative = pa.array((np.nan_to_num(values) < 0) & (scaled > 0))
    text = pc.if_else(negative, pc.binary_join_element_wise("-", text, ""), text)
    return pc.if_else(pa.array(nan), pa.scalar(None, pa.string()), text)


def _numbers(seed: int, with_stages: bool, n_periods: int) -> pd.DataFrame:
    """The full grid, numeric: codes for area / indicator / period / cohort, numbers and markers."""
    rng = np.random.default_rng(seed)
    catalogue = load_catalogue()
    areas = national_areas()
    codes = np.array([a[0] for a in areas], dtype=object)
    share = np.array([_SHARE[c] for _, c in COHORTS])
    # A stable population per area (children in the age group); comparators are far bigger.
    area_pop = rng.integers(8_000, 120_000, size=len(areas)).astype(float)
    area_pop[codes == ENGLAND] = 5_500_000
    area_pop[codes == LONDON] = 900_000
    blocks = []
    for k, ind_id in enumerate(indicator_ids(with_stages)):
        ind = catalogue.get(ind_id)
        na, npd, nc = len(areas), n_periods, len(COHORTS)
        n = na * npd * nc
        a_idx = np.repeat(np.arange(na), npd * nc)
        p_idx = np.tile(np.repeat(np.arange(npd), nc), na)
        c_idx = np.tile(np.arange(nc), na * npd)
        numerator = np.full(n, np.nan)
        denominator = np.full(n, np.nan)
        decimals = ind.decimals
        base = area_pop[a_idx] * share[c_idx] * rng.uniform(0.9, 1.1, size=n)
        if ind.unit == "percent":
            denominator = np.maximum(np.round(base * rng.uniform(0.05, 0.2)), 1)
            numerator = rng.binomial(denominator.astype(np.int64), rng.beta(2, 8, size=n)).astype(float)
            value = np.round(numerator / denominator * 100, decimals)
        elif ind.unit in UNIT_MULTIPLIER:  # rates: events per 1,000 / 10,000 / 100,000
            denominator = np.maximum(np.round(base), 1)
            numerator = rng.poisson(denominator * rng.uniform(0.5, 5) / 1000).astype(float)
            value = np.round(numerator / denominator * UNIT_MULTIPLIER[ind.unit], decimals)
        elif ind.unit == "count":
            numerator = rng.poisson(np.maximum(base / 100 if ind.yj_stage != 0 else base, 0.5)).astype(float)
            value = numerator.copy()
            decimals = 0
        elif ind.unit == "ratio":
            value = np.round(rng.lognormal(0.4, 0.4, size=n), decimals)
        else:  # gap_points, score: a value only
            value = np.round(rng.normal(8, 6, size=n), decimals)
        blocks.append(
            pd.DataFrame(
                {
                    "ind": np.full(n, k, dtype=np.int16),
                    "area": a_idx.astype(np.int16),
                    "period": p_idx.astype(np.int16),
                    "cohort": c_idx.astype(np.int16),
                    "numerator": numerator,
                    "denominator": denominator,
                    "value": value,
                    "decimals": np.full(n, decimals, dtype=np.int8),
                    "value_only": np.full(n, ind.unit in ("ratio", "gap_points", "score")),
                    "marked": rng.random(n) < MARKER_SHARE,
                }
            )
        )
    return pd.concat(blocks, ignore_index=True)


def _text(grid: pd.DataFrame, with_stages: bool, n_periods: int) -> pa.Table:
    """The native columns as text for the rows of ``grid``."""
    catalogue = load_catalogue()
    ids = indicator_ids(with_stages)
    areas = national_areas()

    def lookup(labels: list[str], index: pd.Series) -> pa.Array:
        return pc.take(pa.array(labels, pa.string()), pa.array(index.to_numpy()))

    period_table = [period_codes(catalogue.get(i).period_type, n_periods) for i in ids]
    flat_periods = [p for periods in period_table for p in periods]
    period_index = grid["ind"].to_numpy().astype(np.int64) * n_periods + grid["period"].to_numpy()
    names = [f'"{n}"' if "," in n else n for _, n in areas]
    marked, value_only = grid["marked"].to_numpy(), grid["value_only"].to_numpy()
    integers = np.zeros(len(grid), dtype=np.int8)
    numerator = _decimal_text(grid["numerator"].to_numpy(), integers)
    value = _decimal_text(grid["value"].to_numpy(), grid["decimals"].to_numpy())
    numerator = pc.if_else(pa.array(marked & ~value_only), "c", numerator)
    value = pc.if_else(pa.array(marked), pc.if_else(pa.array(value_only), "x", "c"), value)
    empty = pa.array(np.full(len(grid), "", dtype=object), pa.string())
    return pa.table(
        {
            "indicator_id": lookup(ids, grid["ind"]),
            "period": lookup(flat_periods, pd.Series(period_index)),
            "area_code": lookup([c for c, _ in areas], grid["area"]),
            "area_name": lookup(names, grid["area"]),
            "dimension": lookup([d for d, _ in COHORTS], grid["cohort"]),
            "category": lookup([c for _, c in COHORTS], grid["cohort"]),
            "numerator": numerator,
            "denominator": _decimal_text(grid["denominator"].to_numpy(), integers),
            "value": value,
            "lower_ci": empty,
            "upper_ci": empty,
            "note": empty,
        }
    )


def generate_frame(seed: int = 2024, with_stages: bool = False, n_periods: int = N_PERIODS) -> pd.DataFrame:
    """The full grid with numbers (columns ind, area, period, cohort, ...): pass it to sample, then
    write_csv. Cheap: nothing is turned into text until write_csv."""
    grid = _numbers(seed, with_stages, n_periods)
    grid.attrs.update(with_stages=with_stages, n_periods=n_periods)
    return grid


def sample(frame: pd.DataFrame, rows: int | None, seed: int = 2024, keep: pd.Series | None = None) -> pd.DataFrame:
    """``rows`` rows of ``frame`` (all of them when None or larger): every row where ``keep`` is
    True, then a seeded random sample of the others; the file order is kept."""
    if rows is None or rows >= len(frame):
        return frame
    rng = np.random.default_rng(seed + 1)
    kept = np.flatnonzero(keep.to_numpy()) if keep is not None else np.array([], dtype=np.int64)
    others = np.setdiff1d(np.arange(len(frame)), kept)
    extra = max(rows - len(kept), 0)
    chosen = np.concatenate([kept, rng.choice(others, size=min(extra, len(others)), replace=False)])
    out = frame.iloc[np.sort(chosen)].reset_index(drop=True)
    out.attrs.update(frame.attrs)
    return out


def labels(grid: pd.DataFrame) -> pd.DataFrame:
    """indicator_id, area_code, dimension, category of each row (for choosing rows to keep)."""
    ids = indicator_ids(grid.attrs.get("with_stages", False))
    areas = national_areas()
    return pd.DataFrame(
        {
            "indicator_id": np.array(ids, dtype=object)[grid["ind"].to_numpy()],
            "area_code": np.array([c for c, _ in areas], dtype=object)[grid["area"].to_numpy()],
            "dimension": np.array([d for d, _ in COHORTS], dtype=object)[grid["cohort"].to_numpy()],
            "category": np.array([c for _, c in COHORTS], dtype=object)[grid["cohort"].to_numpy()],
        }
    )


def write_csv(grid: pd.DataFrame, path: Path) -> int:
    """Write the rows of ``grid`` as a native CSV (LF line ends); returns the size in bytes."""
    table = _text(grid, grid.attrs.get("with_stages", False), grid.attrs.get("n_periods", N_PERIODS))
    columns = [pc.fill_null(table[c].combine_chunks(), "") for c in HEADER]
    lines = pc.binary_join_element_wise(*columns, ",")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write((",".join(HEADER) + "\n").encode())
        for start in range(0, len(lines), 200_000):
            chunk = lines.slice(start, 200_000).to_pylist()
            fh.write(("\n".join(chunk) + "\n").encode("utf-8"))
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path, nargs="?", default=REPO / "bench" / "out" / "national.csv")
    parser.add_argument("--rows", type=int, default=None, help="keep a seeded sample of this many rows")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--with-stages", action="store_true", help="add the youth-justice cascade indicators")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    grid = sample(generate_frame(args.seed, args.with_stages), args.rows, args.seed)
    size = write_csv(grid, args.output)
    print(
        f"generate: {len(grid):,} rows ({grid['area'].nunique()} areas, "
        f"{grid['ind'].nunique()} indicators, {grid['cohort'].nunique()} cohort categories) "
        f"-> {args.output} ({size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
