"""DfE Children in need, table C3: factors identified at the end of assessment (2018-2025).

Counts of assessment episodes with each factor, as the numerator; the rate per 10,000 children
uses DfE's own child population (0-17 mid-year estimate) from the children-looked-after
number-and-rate file, which covers 2021-2025 only: earlier years carry the count and no rate.
"""

from __future__ import annotations

import pandas as pd

from data.build.common import Context, fmt, fmt_int, frame, make_row, parse_cell, split_year_ending
from indicators.areas import ENGLAND, INNER_LONDON
from indicators.catalogue import UNIT_MULTIPLIER

# Indicator id -> the C3 column.
FACTORS = {
    "cin_factor_gangs": "Gangs",
    "cin_factor_cce": "Child_criminal_exploitation",
    "cin_factor_cse": "Child_sexual_exploitation",
    "cin_factor_trafficking": "Trafficking",
    "cin_factor_going_missing": "Going_missing",
}
PER_10000 = UNIT_MULTIPLIER["rate_per_10000"]
NOTE_CCE_NOT_COLLECTED = "Child criminal exploitation was not collected as a factor before 2021/22 ('x' at source)."
NOTE_CCE_RECORDING = (
    "Islington recorded 0 child criminal exploitation factors in 2022/23 and 171 in 2023/24: a recording change (how "
    "assessments were recorded), not a real change."
)
NOTE_NO_POPULATION = "No child population in the sources for this year: the count is given, without a rate."


def c3_area_code(row: pd.Series) -> str | None:
    level = row["geographic_level"]
    if level == "National":
        return ENGLAND
    if level == "Regional":
        return str(row["region_code"])
    if level == "Local authority":
        return str(row["new_la_code"])
    return None


def child_population(cla: pd.DataFrame) -> dict[tuple[str, str], float]:
    """(area code, period) -> children aged 0-17, as DfE uses for its rates per 10,000.

    The file has no Inner London row: its population is the sum over the LAs DfE places in
    Inner London (region_code E13000001), every one of which must have a number.
    """
    rows = cla[cla["population_type"] == "Children looked after on 31 March each year"]
    out: dict[tuple[str, str], float] = {}
    inner: dict[str, list[float | None]] = {}
    for _, r in rows.iterrows():
        level = r["geographic_level"]
        code = ENGLAND if level == "National" else str(r["region_code" if level == "Regional" else "new_la_code"])
        period = split_year_ending(int(r["time_period"]))
        pop, _ = parse_cell(r["population_estimate"])
        if pop is not None:
            out[(code, period)] = pop
        if level == "Local authority" and str(r["region_code"]) == INNER_LONDON:
            inner.setdefault(period, []).append(pop)
    for period, pops in inner.items():
        if all(p is not None for p in pops):
            out[(INNER_LONDON, period)] = sum(pops)
    return out


def convert_cin_factors(df: pd.DataFrame, population: dict[tuple[str, str], float], ctx: Context) -> pd.DataFrame:
    rows = []
    for _, r in df.iterrows():
        code = c3_area_code(r)
        if code is None or code not in ctx.names:
            continue
        period = split_year_ending(int(r["time_period"]))
        pop = population.get((code, period))
        for ind_id, col in FACTORS.items():
            n, marker = parse_cell(r[col])
            if n is None and marker is None:
                continue
            notes = []
            if ind_id == "cin_factor_cce" and marker == "x":
                notes.append(NOTE_CCE_NOT_COLLECTED)
            if ind_id == "cin_factor_cce" and code == "E09000019" and period in ("2022/23", "2023/24"):
                notes.append(NOTE_CCE_RECORDING)
            if n is not None and pop:
                num, den, value = fmt_int(n), fmt_int(pop), fmt(n / pop * PER_10000, 3)
            elif n is not None:
                num, den, value = fmt_int(n), "", "x"
                notes.append(NOTE_NO_POPULATION)
            else:
                num, den, value = "", "", marker
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
