"""An attacker's toolkit: recover counts from 1 to 4 from what a viewer can download or see.

Written from the outside, independently of indicators.suppression / indicators.disclosure: the
exact Poisson limits come from scipy's chi-squared quantiles and the Wilson interval from its
textbook formula, not from indicators.stats. Each attack takes frames as the viewer receives them
(the native CSV of `export --role viewer`, with `c`/`x` markers in the number columns, or a
page's chart data) and returns every count it recovers, so a test can print them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import chi2, norm

THRESHOLD = 5
MULT = {"percent": 100.0, "rate_per_100": 1e2, "rate_per_1000": 1e3, "rate_per_10000": 1e4, "rate_per_100000": 1e5}
POISSON = {"count", "rate_per_100", "rate_per_1000", "rate_per_10000", "rate_per_100000"}
# the public category hierarchy (DfE / ONS): which categories add up to which
SUMS = {
    "sen": [
        ("all", {"ehcp", "sen_support", "no_sen"}),
        ("any_sen", {"ehcp", "sen_support"}),
        ("all", {"any_sen", "no_sen"}),
    ],
    "looked_after": [("all", {"looked_after", "not_looked_after"})],
    "sex": [("all", {"female", "male"})],
    "age_band": [("10-17", {"10-11", "12-14", "15-17"})],
    "disadvantage": [("all", {"disadvantaged", "not_disadvantaged"}), ("all", {"fsm", "not_fsm"})],
    "ethnicity": [("all", {"white", "black", "asian", "mixed", "other"})],
}


@dataclass(frozen=True)
class Recovered:
    attack: str
    where: str
    count: float

    def __str__(self) -> str:
        return f"{self.attack}: {self.where} -> {self.count:.2f}"


def number(x: object) -> float:
    """A shown figure as a float; NaN for a marker, a blank or anything else."""
    try:
        f = float(str(x).replace(",", ""))
    except (TypeError, ValueError):
        return math.nan
    return f if math.isfinite(f) else math.nan


def hidden(x: object) -> bool:
    return str(x).strip().lower() in ("c", "[c]")


def _small(estimate: float) -> bool:
    """A positive figure stands for at least one child: any estimate below 4.5 is a count of 1-4."""
    return 0 < estimate < THRESHOLD - 0.5


def _where(row: pd.Series) -> str:
    return f"{row['indicator_id']} {row['period']} {row['area_code']} {row['dimension']}/{row['category']}"


def prepare(export: pd.DataFrame, units: dict[str, str]) -> pd.DataFrame:
    """The export with parsed numbers (num, den, val, lo, hi) and the unit of each row."""
    out = export.copy()
    out["dimension"] = out["dimension"].fillna("all")
    out["category"] = out["category"].fillna("all")
    for src, dst in (
        ("numerator", "num"),
        ("denominator", "den"),
        ("value", "val"),
        ("lower_ci", "lo"),
        ("upper_ci", "hi"),
    ):
        out[dst] = out[src].map(number) if src in out else math.nan
    out["hidden"] = out["value"].map(hidden) | out["numerator"].map(hidden)
    out["unit"] = out["indicator_id"].map(units)
    return out


# ---------------------------------------------------------------------------------------------
# value x denominator
# ---------------------------------------------------------------------------------------------


class Denominators:
    """The best denominator on show for a row: its own, else the same series' nearest period,
    else that of an indicator seen to share its denominator (the same headcount at the same area,
    period and cohort somewhere: suspensions and permanent exclusions are both per pupil)."""

    def __init__(self, df: pd.DataFrame) -> None:
        with_den = df[df["den"] > 0]
        self.series = {
            k: g.sort_values("period")
            for k, g in with_den.groupby(["indicator_id", "area_code", "dimension", "category"])
        }
        cell = ["area_code", "period", "dimension", "category"]
        self.partners: dict[str, set[str]] = {}
        for _, same in with_den.groupby([*cell, "den"]):
            for ind in set(same["indicator_id"]):
                self.partners.setdefault(ind, set()).update(set(same["indicator_id"]) - {ind})
        self.by_cell = {k: dict(zip(g["indicator_id"], g["den"], strict=False)) for k, g in with_den.groupby(cell)}

    def __call__(self, row: pd.Series) -> float:
        if row["den"] > 0:
            return row["den"]
        g = self.series.get((row["indicator_id"], row["area_code"], row["dimension"], row["category"]))
        if g is not None:
            before, after = g[g["period"] < row["period"]], g[g["period"] > row["period"]]
            return before["den"].iloc[-1] if len(before) else after["den"].iloc[0]
        cell = self.by_cell.get((row["area_code"], row["period"], row["dimension"], row["category"]), {})
        dens = [d for ind, d in cell.items() if ind in self.partners.get(row["indicator_id"], set())]
        return min(dens) if dens else math.nan


def value_times_denominator(df: pd.DataFrame) -> list[Recovered]:
    """A rate or percentage without its count, times the best denominator on show."""
    found: list[Recovered] = []
    rates = df[df["unit"].isin(list(MULT)) & df["num"].isna() & (df["val"] > 0)]
    if rates.empty:
        return found
    denominator = Denominators(df)
    for _, row in rates.iterrows():
        estimate = row["val"] * denominator(row) / MULT[row["unit"]]
        if _small(estimate):
            found.append(Recovered("value x denominator", _where(row), estimate))
    return found


# ---------------------------------------------------------------------------------------------
# inverting intervals
# ---------------------------------------------------------------------------------------------


def exact_poisson(k: int) -> tuple[float, float]:
    return chi2.ppf(0.025, 2 * k) / 2, chi2.ppf(0.975, 2 * k + 2) / 2


def wilson(k: int, n: int) -> tuple[float, float]:
    z = norm.ppf(0.975)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def _close(a: float, b: float, rel: float) -> bool:
    return abs(a - b) <= rel * abs(b)


def interval_inversion(df: pd.DataFrame) -> list[Recovered]:
    """A value and its interval, no count: the count (and for a percentage the denominator too)
    is the one whose exact Poisson or Wilson interval matches what is shown."""
    found: list[Recovered] = []
    rows = df[df["num"].isna() & (df["val"] > 0) & df["lo"].notna() & df["hi"].notna()]
    for _, row in rows.iterrows():
        v, lo, hi = row["val"], row["lo"], row["hi"]
        for k in range(1, THRESHOLD):
            if row["unit"] in POISSON:
                pl, pu = exact_poisson(k)
                if _close(hi / v, pu / k, 0.03) and _close(lo / v, pl / k, 0.05):
                    found.append(Recovered("Byar/exact Poisson interval", _where(row), k))
            elif row["unit"] == "percent":
                n0 = k * 100 / v
                for n in range(max(k, math.floor(n0) - 2), math.ceil(n0) + 3):
                    if abs(100 * k / n - v) > 0.06:
                        continue
                    wl, wu = wilson(k, n)
                    if abs(100 * wl - lo) <= 0.06 and abs(100 * wu - hi) <= 0.06:
                        found.append(Recovered(f"Wilson interval (n={n})", _where(row), k))
    return found


# ---------------------------------------------------------------------------------------------
# complements: the children NOT in the category
# ---------------------------------------------------------------------------------------------


def _wilson_n(v: float, lo: float, hi: float, most: int = 20_000) -> tuple[int, int] | None:
    """(n, k) whose percentage and Wilson interval (textbook formula, every n up to `most`) match
    the shown v, lo, hi to their rounding; None when none does."""
    z = norm.ppf(0.975)
    n = np.arange(1, most + 1, dtype=float)
    k = np.round(v * n / 100)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    ok = (np.abs(100 * p - v) <= 0.06) & (np.abs(100 * (centre - half) - lo) <= 0.06)
    ok &= np.abs(100 * (centre + half) - hi) <= 0.06
    hits = np.flatnonzero(ok)
    return (int(n[hits[0]]), int(k[hits[0]])) if len(hits) else None


def complement(df: pd.DataFrame) -> list[Recovered]:
    """A percentage of children with a denominator on show (its own, the series' nearest, a
    partner's, numerator / value, or the one a Wilson interval pins) gives n - k, the children not
    in the category (97.3% of 37 leaves 1)."""
    found: list[Recovered] = []
    rows = df[(df["unit"] == "percent") & ~df["hidden"] & (df["val"] > 0) & (df["val"] < 100)]
    if rows.empty:
        return found
    denominator = Denominators(df)
    for _, row in rows.iterrows():
        v, k = row["val"], row["num"]
        n = denominator(row)
        how = "n - k"
        if not n > 0 and k > 0:
            n, how = k * 100 / v, "k / p - k"
        if not n > 0 and np.isfinite(row["lo"]) and np.isfinite(row["hi"]) and v > 50:
            pinned = _wilson_n(v, row["lo"], row["hi"])
            if pinned is not None:
                n, k = pinned
                how = f"Wilson n={n} - k"
        if not n > 0:
            continue
        rest = n - (k if k >= 0 else v * n / 100)
        if _small(rest):
            found.append(Recovered(f"complement ({how})", _where(row), rest))
    return found


# ---------------------------------------------------------------------------------------------
# comparator averages
# ---------------------------------------------------------------------------------------------


def neighbour_average(average: pd.DataFrame, df: pd.DataFrame, neighbours: list[str]) -> list[Recovered]:
    """N times the neighbour average minus the N-1 neighbours shown gives the hidden one's value;
    that value times its denominator (or itself, for a count) is the hidden count.

    `average`: indicator_id, period, value (and n_areas when the page gives it) as the viewer gets it."""
    found: list[Recovered] = []
    members = df[df["area_code"].isin(neighbours) & (df["dimension"] == "all") & (df["category"] == "all")]
    groups = {k: g for k, g in members.groupby(["indicator_id", "period"])}  # noqa: C416
    denominator = Denominators(df)
    for _, avg in average.iterrows():
        g = groups.get((avg["indicator_id"], avg["period"]))
        if g is None or not np.isfinite(number(avg["value"])):
            continue
        gone = g[g["hidden"]]
        shown = g[~g["hidden"] & g["val"].notna()]
        if len(gone) != 1:
            continue
        target = gone.iloc[0]
        # how many areas the average is over, when the page says (it does once hidden ones are left out)
        averaged = number(avg.get("n_areas"))
        if averaged == len(shown):
            continue
        recovered_value = number(avg["value"]) * (len(shown) + 1) - shown["val"].sum()
        if target["unit"] == "count":
            estimate = recovered_value
        else:
            estimate = recovered_value * denominator(target) / MULT.get(target["unit"], math.nan)
        if _small(estimate) and (target["den"] > 0) <= (abs(estimate - round(estimate)) < 0.05):
            found.append(Recovered("neighbour average", _where(target), estimate))
    return found


# ---------------------------------------------------------------------------------------------
# ratios
# ---------------------------------------------------------------------------------------------


def ratio_kpi_inversion(
    df: pd.DataFrame,
    ratio_id: str = "youth_justice_disproportionality",
    count_id: str = "yj_offenders_linked",
    base_id: str = "pupils_linked_cohort",
    group: str = "black",
) -> list[Recovered]:
    """The representation ratio r = (g / T) / (Bp / P) (Black offenders' share over Black pupils'
    share) with the offenders' total T and the pupil counts: a hidden g = r T Bp / P, and the
    other groups' count is T - g."""
    found: list[Recovered] = []

    def one(frame: pd.DataFrame, area: str, period: str, dim: str, cat: str) -> float:
        rows = frame[
            (frame["area_code"] == area)
            & (frame["period"] == period)
            & (frame["dimension"] == dim)
            & (frame["category"] == cat)
        ]
        counts = rows["num"].where(rows["num"].notna(), rows["val"]).dropna()
        return counts.iloc[-1] if len(counts) else math.nan

    counts, base = df[df["indicator_id"] == count_id], df[df["indicator_id"] == base_id]
    for _, row in df[(df["indicator_id"] == ratio_id) & (df["val"] > 0)].iterrows():
        area, period, r = row["area_code"], row["period"], row["val"]
        share = one(base, area, period, "ethnicity", group) / one(base, area, period, "all", "all")
        total, g = one(counts, area, period, "all", "all"), one(counts, area, period, "ethnicity", group)
        if not np.isfinite(share):
            continue
        if np.isfinite(total) and not np.isfinite(g):
            g = r * total * share
            if _small(g):
                found.append(Recovered("ratio KPI inversion (group)", _where(row), g))
        elif np.isfinite(g) and not np.isfinite(total):
            total = g / (r * share)
        rest = total - g
        if np.isfinite(rest) and _small(rest):
            found.append(Recovered("ratio KPI inversion (others)", _where(row), rest))
    return found


def rri_inversion(table: pd.DataFrame, reference: str, where: str) -> list[Recovered]:
    """RRI = (a / n_g) / (c / n_r): with the populations and any one group's events shown, every
    hidden events count whose RRI is shown comes back (and the reference's, from any group)."""
    found: list[Recovered] = []
    t = table.assign(
        events=table["events"].map(number), population=table["population"].map(number), rri=table["rri"].map(number)
    )
    ref = t[t["category"] == reference]
    if ref.empty:
        return found
    c, n_r = ref["events"].iloc[0], ref["population"].iloc[0]
    for _, g in t[t["category"] != reference].iterrows():
        a, n_g, rri = g["events"], g["population"], g["rri"]
        if np.isfinite(rri) and rri > 0 and n_g > 0 and n_r > 0:
            if np.isfinite(c) and not np.isfinite(a) and _small(rri * c * n_g / n_r):
                found.append(Recovered("RRI inversion (group)", f"{where} {g['category']}", rri * c * n_g / n_r))
            if np.isfinite(a) and not np.isfinite(c) and _small(a * n_r / (rri * n_g)):
                found.append(Recovered("RRI inversion (reference)", f"{where} {reference}", a * n_r / (rri * n_g)))
    return found


# ---------------------------------------------------------------------------------------------
# differencing
# ---------------------------------------------------------------------------------------------


def _count_column(df: pd.DataFrame) -> pd.Series:
    return df["num"].where(df["num"].notna(), df["val"].where(df["unit"] == "count"))


def differencing(df: pd.DataFrame) -> list[Recovered]:
    """A total minus its shown categories, when exactly one category is hidden, is that category;
    and a hidden category beside categories that are all 0 holds the whole (shown) total."""
    found: list[Recovered] = []
    work = df.assign(cnt=_count_column(df))
    keys = ["indicator_id", "period", "area_code"]
    broken_down = work.loc[(work["dimension"] != "all") & work["hidden"], keys].drop_duplicates()
    work = work.merge(broken_down, on=keys)  # only keys whose breakdown hides something
    for (ind, period, area), g in work.groupby(keys):
        by = {(d, c): r for d, c, r in zip(g["dimension"], g["category"], g.itertuples(), strict=True)}
        for dim, sums in SUMS.items():
            for total_cat, parts in sums:
                total = by.get(("all", "all") if total_cat == "all" else (dim, total_cat))
                rows = [by[(dim, p)] for p in parts if (dim, p) in by]
                if total is None or len(rows) != len(parts) or total.hidden:
                    continue
                gone = [r for r in rows if r.hidden]
                if len(gone) == 1 and all(np.isfinite(r.cnt) for r in rows if not r.hidden) and np.isfinite(total.cnt):
                    rest = total.cnt - sum(r.cnt for r in rows if not r.hidden)
                    if _small(rest):
                        found.append(
                            Recovered("total minus categories", f"{ind} {period} {area} {dim}/{gone[0].category}", rest)
                        )
    return found


def attribute_zeros(df: pd.DataFrame) -> list[Recovered]:
    """'[c] beside zeros': one hidden group and every other group 0 says all the children counted
    were in that group (attribute disclosure), whether or not the total is shown."""
    found: list[Recovered] = []
    keys = ["indicator_id", "period", "area_code", "dimension"]
    work = df[df["dimension"] != "all"]
    if work.empty:
        return found
    work = work.assign(cnt=_count_column(work))
    work = work.merge(work.loc[work["hidden"], keys].drop_duplicates(), on=keys)
    for (ind, period, area, dim), g in work.groupby(keys):
        for _total, parts in SUMS.get(dim, []):
            rows = g[g["category"].isin(parts)]
            if len(rows) != len(parts) or len(rows) < 2:
                continue
            gone = rows[rows["hidden"]]
            if len(gone) == 1 and (rows.loc[~rows["hidden"], "cnt"] == 0).all():
                found.append(
                    Recovered("all in one group", f"{ind} {period} {area} {dim}/{gone['category'].iloc[0]}", 1.0)
                )
    return found


def run_all(df: pd.DataFrame) -> list[Recovered]:
    """Every attack that needs only the export."""
    return [
        *value_times_denominator(df),
        *interval_inversion(df),
        *ratio_kpi_inversion(df),
        *differencing(df),
        *attribute_zeros(df),
        *complement(df),
    ]
