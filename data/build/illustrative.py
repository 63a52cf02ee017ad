"""Illustrative series (seeded): labelled as such on every row, never appended to a real series."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.build.common import ILLUSTRATIVE_NOTE, ISLINGTON, fmt, frame, make_row

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


def split_total(total: int, shares: tuple[float, ...]) -> list[int]:
    """Split ``total`` in proportion to ``shares`` (largest remainder), so the groups add up to it.

    Deterministic, so the example does not change with the random-number library's version.
    """
    p = np.asarray(shares, dtype=float) / sum(shares)
    raw = p * total
    parts = np.floor(raw).astype(int)
    for i in np.argsort(-(raw - parts), kind="stable")[: total - int(parts.sum())]:
        parts[i] += 1
    return [int(x) for x in parts]


def illustrative_stages() -> pd.DataFrame:
    code, name = ISLINGTON
    rows = []
    for ind_id, totals in STAGE_TOTALS.items():
        for period, total in zip(ILLUSTRATIVE_YEARS, totals, strict=True):
            parts = split_total(total, STAGE_SHARES[ind_id])
            # first_time_entrants_count's totals are real to 2019/20 (strategy.py); an invented total
            # is never appended to them: only its example breakdown by ethnicity is illustrative.
            if ind_id != "first_time_entrants_count":
                rows.append(
                    make_row(
                        ind_id,
                        period,
                        code,
                        name,
                        numerator=str(total),
                        value=str(total),
                        note=ILLUSTRATIVE_NOTE,
                        illustrative=True,
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
    return frame(rows)
