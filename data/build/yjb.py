"""YJB youth justice service level data: children cautioned or sentenced."""

from __future__ import annotations

import pandas as pd

from data.build.common import fmt, fmt_int, frame, make_row, parse_cell
from indicators.areas import LONDON

# ------------------------------------------------------------------------------------------------
# YJB: children cautioned or sentenced
# ------------------------------------------------------------------------------------------------

YJB_REGIONS = {
    "Eastern": "E12000006",
    "Yorkshire": "E12000003",
    "East Midlands": "E12000004",
    "London": LONDON,
    "North East": "E12000001",
    "North West": "E12000002",
    "South East": "E12000008",
    "South West": "E12000009",
    "West Midlands": "E12000005",
}


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
        rows.append(
            make_row(
                "yjs_cautioned_or_sentenced_rate",
                period,
                code,
                names[code],
                numerator=fmt_int(n),
                denominator=fmt_int(pop),
                value=value,
            )
        )
    return frame(rows)
