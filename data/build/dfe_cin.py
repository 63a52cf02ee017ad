"""DfE Children in need, table C3: factors identified at the end of assessment (2018-2025).

Counts of assessment episodes with each factor, as the numerator, over the table's own episodes with
any assessment factor, as the denominator: a percentage every year of the file, as `python -m
indicators ingest` reads the same file through mappings/dfe.toml (the table has no child population,
so no rate per 10,000 children is built from another file).
"""

from __future__ import annotations

import pandas as pd

from data.build.common import Context, fmt, fmt_int, frame, make_row, parse_cell, split_year_ending
from indicators.areas import ENGLAND
from indicators.catalogue import UNIT_MULTIPLIER

# Indicator id -> the C3 column.
FACTORS = {
    "cin_factor_gangs": "Gangs",
    "cin_factor_cce": "Child_criminal_exploitation",
    "cin_factor_cse": "Child_sexual_exploitation",
    "cin_factor_trafficking": "Trafficking",
    "cin_factor_going_missing": "Going_missing",
}
PERCENT = UNIT_MULTIPLIER["percent"]
EPISODES = "Episodes_with_assessment_factor"
CCE_FIRST_PERIOD = "2021/22"  # the first reporting year (2022) DfE collected the factor
NOTE_CCE_NOT_COLLECTED = "Child criminal exploitation was not collected as a factor before 2021/22 ('x' at source)."
NOTE_CCE_RECORDING = (
    "Islington recorded 0 child criminal exploitation factors in 2022/23 and 171 in 2023/24: a recording change (how "
    "assessments were recorded), not a real change."
)


def c3_area_code(row: pd.Series) -> str | None:
    level = row["geographic_level"]
    if level == "National":
        return ENGLAND
    if level == "Regional":
        return str(row["region_code"])
    if level == "Local authority":
        return str(row["new_la_code"])
    return None


def convert_cin_factors(df: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    rows = []
    for _, r in df.iterrows():
        code = c3_area_code(r)
        if code is None or code not in ctx.names:
            continue
        period = split_year_ending(int(r["time_period"]))
        episodes, _ = parse_cell(r[EPISODES])
        for ind_id, col in FACTORS.items():
            n, marker = parse_cell(r[col])
            if n is None and marker is None:
                continue
            notes = []
            if ind_id == "cin_factor_cce" and marker == "x" and period < CCE_FIRST_PERIOD:
                notes.append(NOTE_CCE_NOT_COLLECTED)
            if ind_id == "cin_factor_cce" and code == "E09000019" and period in ("2022/23", "2023/24"):
                notes.append(NOTE_CCE_RECORDING)
            if n is not None and episodes:
                num, den, value = fmt_int(n), fmt_int(episodes), fmt(n / episodes * PERCENT, 10)
            elif n is not None:  # no episodes to divide by (suppressed, or none): no share to give
                num, den, value = fmt_int(n), "", "x"
            else:  # suppressed or not collected: the published episodes stay, as ingest keeps them
                num, den, value = "", fmt_int(episodes) if episodes else "", marker
            rows.append(
                make_row(
                    ind_id,
                    period,
                    code,
                    ctx.names[code],
                    numerator=num,
                    denominator=den,
                    value=value,
                    note=" ".join(notes),
                )
            )
    return frame(rows)
