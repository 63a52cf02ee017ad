"""DfE NCCIS: NEET and not known 16-17 year olds by LA."""

from __future__ import annotations

import math

import pandas as pd

from data.build.common import fmt, fmt_int, frame, make_row, parse_cell
from indicators.areas import ENGLAND

# ------------------------------------------------------------------------------------------------
# NCCIS NEET
# ------------------------------------------------------------------------------------------------

# (category, share of the cohort with that SEN status, share of that group NEET or not known)
NEET_SEN = (
    ("no_sen", "cohort_noSEN_percent", "NEET_NK_noSEN_percent"),
    ("ehcp", "cohort_EHCP_percent", "NEET_NK_EHCP_percent"),
    ("sen_support", "cohort_SENDsupport_percent", "NEET_NK_SENDsupport_percent"),
)


def nccis_area_code(r: pd.Series) -> str | None:
    level = r["geographic_level"]
    if level == "National":
        return ENGLAND
    if level == "Regional":
        return str(r["region_code"])
    if level == "Local authority":
        return str(r["new_la_code"])
    return None


NOTE_DERIVED = (
    "DfE publishes the percentage (1 decimal) and the cohort; the number is the percentage of the cohort, "
    "rounded, so it may differ from DfE's own count by 1 or 2."
)


NOTE_GROUP = (
    "DfE publishes each SEN group's share of the cohort and its percentage NEET or not known (1 decimal); the "
    "numbers are the whole numbers that reproduce both, so they may differ from DfE's own counts by 1 or 2."
)


def neet_count(percent: float | None, cohort: float | None) -> tuple[str, str]:
    """(numerator, note): the number of young people the published percentage stands for.

    NCCIS files give no NEET count, only the percentage (1 decimal) and the cohort it is a share
    of. The count nearest to percent x cohort is given only when it reproduces the published
    percentage to its decimal; in a small cohort no whole number may do so (Rutland 2024: 0.4% of
    666 lies between 2 and 3 young people), and then no count is given.
    """
    if percent is None or not cohort:
        return "", ""
    n = round(percent / 100 * cohort)
    if abs(n / cohort * 100 - percent) > 0.05 + 1e-9:
        return "", ""
    return str(n), NOTE_DERIVED


def sen_group(percent: float | None, share: float | None, cohort: float | None) -> tuple[str, str]:
    """(group size, number NEET or not known) for one SEN group, from the published percentages.

    DfE gives the group's share of the cohort and the group's percentage NEET or not known, each to
    1 decimal. Every whole group size the share allows is tried, nearest to share x cohort first;
    the first that, with the count nearest to percent x size, reproduces the published percentage
    gives both numbers. When none does, the size is share x cohort rounded and no count is given.

    >>> sen_group(5.8, 4.6, 3347)  # Islington 2022, EHC plan
    ('154', '9')
    >>> sen_group(5.1, 4.9, 3505)  # Islington 2024, EHC plan: 9 of 170-173 is 5.2-5.3%, 8 is 4.6-4.7%
    ('172', '')
    """
    if share is None or not cohort:
        return "", ""
    centre = share / 100 * cohort
    sizes = range(math.ceil((share - 0.05) / 100 * cohort), math.floor((share + 0.05) / 100 * cohort) + 1)
    for n in sorted((n for n in sizes if n > 0), key=lambda n: abs(n - centre)):
        k = round(percent / 100 * n) if percent is not None else None
        if k is not None and abs(k / n * 100 - percent) <= 0.05 + 1e-9:
            return str(n), str(k)
    return str(round(centre)), ""


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
        for ind_id, col in (("neet_16_17", "NEET_percent"), ("neet_not_known_16_17", "NEET_not_known_percent")):
            x, m = parse_cell(r[col])
            if x is None and m is None:
                continue
            num, note = neet_count(x, cohort)
            rows.append(
                make_row(
                    ind_id,
                    period,
                    code,
                    names[code],
                    numerator=num,
                    denominator=den,
                    value=fmt(x, 3) if x is not None else m,
                    note=note,
                )
            )
        rows += _sen_rows(r, period, code, names[code], cohort)
    return frame(rows)


def _sen_rows(r: pd.Series, period: str, code: str, name: str, cohort: float | None) -> list[dict[str, str]]:
    """By SEN status: the young people in each group (young_people_16_17, the population base) and
    the share of them NEET or not known, with counts where the published percentages give them."""
    rows = []
    for category, share_col, col in NEET_SEN:
        if col not in r.index:
            continue
        share, share_m = parse_cell(r[share_col]) if share_col in r.index else (None, None)
        x, m = parse_cell(r[col])
        group, num = sen_group(x, share, cohort)
        note = NOTE_GROUP if group else ""
        if share is not None or share_m is not None:
            rows.append(
                make_row(
                    "young_people_16_17",
                    period,
                    code,
                    name,
                    dimension="sen",
                    category=category,
                    numerator=group,
                    denominator=fmt_int(cohort) if group else "",
                    value=group or share_m or "x",
                    note=note,
                )
            )
        if x is None and m is None:
            continue
        rows.append(
            make_row(
                "neet_not_known_16_17",
                period,
                code,
                name,
                dimension="sen",
                category=category,
                numerator=num,
                denominator=group if num else "",
                value=fmt(x, 3) if x is not None else m,
                note=note if num else "",
            )
        )
    return rows
