"""DfE NCCIS: NEET and not known 16-17 year olds by LA."""

from __future__ import annotations

import pandas as pd

from data.build.common import fmt, fmt_int, frame, make_row, parse_cell
from indicators.areas import ENGLAND

# ------------------------------------------------------------------------------------------------
# NCCIS NEET
# ------------------------------------------------------------------------------------------------

NEET_SEN = (
    ("no_sen", "NEET_NK_noSEN_percent"),
    ("ehcp", "NEET_NK_EHCP_percent"),
    ("sen_support", "NEET_NK_SENDsupport_percent"),
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
        for category, col in NEET_SEN:
            if col not in df.columns:
                continue
            x, m = parse_cell(r[col])
            if x is None and m is None:
                continue
            rows.append(
                make_row(
                    "neet_not_known_16_17",
                    period,
                    code,
                    names[code],
                    dimension="sen",
                    category=category,
                    value=fmt(x, 3) if x is not None else m,
                )
            )
    return frame(rows)
