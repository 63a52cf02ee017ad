"""Illustrative series (seeded): labelled as such on every row, never appended to a real series."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.build.common import ILLUSTRATIVE_NOTE, ISLINGTON, STRATEGY, fmt, frame, make_row

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
            rows.append(
                make_row(
                    ind_id,
                    period,
                    code,
                    name,
                    numerator=str(total),
                    value=str(total),
                    note=f"{STRATEGY}, Figure 2" if real_total else ILLUSTRATIVE_NOTE,
                    illustrative=not real_total,
                )
            )
            for group, n in zip(MAJOR_GROUPS, parts, strict=True):
                rows.append(
                    make_row(
                        ind_id,
                        period,
                        code,
                        name,
                        dimension="ethnicity",
                        category=group,
                        numerator=str(n),
                        value=str(n),
                        note=ILLUSTRATIVE_NOTE,
                        illustrative=True,
                    )
                )
    return frame(rows)


def disproportionality_from_stages(stages: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """RRI of first time entry, Black/Asian/Mixed/Other combined vs White, using the Census base."""
    code, name = ISLINGTON
    pop = population[(population["dimension"] == "ethnicity")].set_index("category")["value"].astype(int)
    fte = stages[(stages["indicator_id"] == "first_time_entrants_count") & (stages["dimension"] == "ethnicity")]
    rows = []
    for period, g in fte.groupby("period"):
        n = g.set_index("category")["value"].astype(int)
        minority = [c for c in MAJOR_GROUPS if c != "white"]
        a, n_g = int(n[minority].sum()), int(pop[minority].sum())
        c, n_r = int(n["white"]), int(pop["white"])
        rri = (a / n_g) / (c / n_r) if c else float("nan")
        rows.append(
            make_row(
                "youth_justice_disproportionality",
                period,
                code,
                name,
                value=fmt(rri, 2),
                note=ILLUSTRATIVE_NOTE,
                illustrative=True,
            )
        )
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
        rows.append(
            make_row(
                "nrm_positive_outcomes",
                period,
                code,
                name,
                numerator=str(nm),
                denominator=str(d),
                value=fmt(nm / d * 100, 3),
                note=ILLUSTRATIVE_NOTE,
                illustrative=True,
            )
        )
    # SEMH first appointment within 4 weeks (percent).
    dens = rng.integers(650, 950, size=len(years))
    props = np.clip(np.linspace(0.61, 0.79, len(years)) + rng.normal(0, 0.03, len(years)), 0.3, 0.98)
    for period, d, p in zip(years, dens, props, strict=True):
        nm = int(round(d * p))
        rows.append(
            make_row(
                "semh_first_appointment_4_weeks",
                period,
                code,
                name,
                numerator=str(nm),
                denominator=str(int(d)),
                value=fmt(nm / d * 100, 3),
                note=ILLUSTRATIVE_NOTE,
                illustrative=True,
            )
        )
    # Serious youth violence (count), 2017/18-2024/25.
    syv_years = ("2017/18", "2018/19") + years
    base = np.array([232, 221, 205, 150, 172, 181, 168, 159], dtype=float)
    syv = np.maximum(0, np.round(base + rng.normal(0, 8, len(base)))).astype(int)
    for period, v in zip(syv_years, syv, strict=True):
        rows.append(
            make_row(
                "serious_youth_violence",
                period,
                code,
                name,
                numerator=str(v),
                value=str(v),
                note=ILLUSTRATIVE_NOTE,
                illustrative=True,
            )
        )
    # Knife crime victims under 25 after the strategy's Figure 1.
    kc_base = np.array([30, 36, 39, 34, 31], dtype=float)
    kc = np.maximum(0, np.round(kc_base + rng.normal(0, 3, 5))).astype(int)
    for period, v in zip(years[1:], kc, strict=True):
        rows.append(
            make_row(
                "knife_crime_victims_under_25",
                period,
                code,
                name,
                numerator=str(v),
                value=str(v),
                note=ILLUSTRATIVE_NOTE,
                illustrative=True,
            )
        )
    # Attainment gaps (Attainment 8 points behind the Islington average), 2018/19-2024/25.
    gap_years = ("2018/19",) + years
    for ind_id, start, end in (
        ("attainment_gap_black_caribbean", 8.6, 6.1),
        ("attainment_gap_white_british_disadvantaged", 11.8, 9.7),
    ):
        vals = np.linspace(start, end, len(gap_years)) + rng.normal(0, 0.7, len(gap_years))
        for period, v in zip(gap_years, vals, strict=True):
            rows.append(
                make_row(ind_id, period, code, name, value=fmt(v, 1), note=ILLUSTRATIVE_NOTE, illustrative=True)
            )
    return frame(rows)
