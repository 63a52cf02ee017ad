"""data/reference/areas.csv: England, regions, Inner/Outer London and every upper-tier LA in the sources."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.areas import ENGLAND, INNER_LONDON, LONDON

REGIONS = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
}
SUB_REGIONS = {"E13000001": "Inner London", "E13000002": "Outer London"}

# LAIT names for regions and England. "London (Inner)" is Inner London (E13000001), NOT the London
# region: its 2016/17 suspension rate (3.98) is DfE's published Inner London figure, and LAIT also
# carries "London (Outer)". For exclusions LAIT has no "London" value until 2022/23 and no
# "London (Inner)" value after 2021/22, so the comparator *looks* renamed; we keep the two areas
# apart rather than splice them into one series.
LAIT_REGION_CODES = {
    "England": ENGLAND,
    "London (Inner)": INNER_LONDON,
    "Inner London": INNER_LONDON,
    "London (Outer)": "E13000002",
    "Outer London": "E13000002",
    **{name: code for code, name in REGIONS.items()},
    "Yorkshire and the Humber": "E12000003",
}

# Pre-2019 Dorset authorities that LAIT still carries (old LA number -> GSS code, name).
PRE_2019_LAS = {
    835: ("E10000009", "Dorset (pre-2019 county)", "E12000009"),
    836: ("E06000029", "Poole", "E12000009"),
    837: ("E06000028", "Bournemouth", "E12000009"),
}

# ------------------------------------------------------------------------------------------------
# Areas
# ------------------------------------------------------------------------------------------------


def build_areas(
    nccis: list[pd.DataFrame], cla: pd.DataFrame | None = None, home_neighbours: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """areas.csv: England, regions, Inner/Outer London and every upper-tier LA in the sources."""
    rows: dict[str, dict] = {}
    rows[ENGLAND] = {"code": ENGLAND, "name": "England", "area_type": "country", "region_code": ""}
    for code, name in REGIONS.items():
        rows[code] = {"code": code, "name": name, "area_type": "region", "region_code": ENGLAND}
    for code, name in SUB_REGIONS.items():
        rows[code] = {"code": code, "name": name, "area_type": "sub_region", "region_code": LONDON}
    frames = list(reversed(nccis))  # newest first: newest names win
    if cla is not None:
        frames.append(cla)
    for df in frames:
        las = df[df["geographic_level"] == "Local authority"]
        for _, r in las.iterrows():
            code = str(r["new_la_code"]).strip()
            if not code or code in rows or code == "nan":
                continue
            region = str(r.get("region_code", "") or "")
            if region in SUB_REGIONS:  # the CLA file gives Inner/Outer London as the region
                region = LONDON
            rows[code] = {
                "code": code,
                "name": str(r["la_name"]).strip(),
                "area_type": "local_authority",
                "region_code": region,
            }
    for code, name, region in PRE_2019_LAS.values():
        rows.setdefault(code, {"code": code, "name": name, "area_type": "local_authority", "region_code": region})
    out = pd.DataFrame(list(rows.values()), columns=["code", "name", "area_type", "region_code"])
    out["statistical_neighbour"] = np.where(out["code"].isin(home_neighbours), "true", "false")
    order = {"country": 0, "region": 1, "sub_region": 2, "local_authority": 3}
    out = out.sort_values(["area_type", "code"], key=lambda s: s.map(order) if s.name == "area_type" else s)
    return out.reset_index(drop=True)


def la_number_lookup(nccis: list[pd.DataFrame], cla: pd.DataFrame | None = None) -> dict[int, str]:
    """Old 3-digit LA number -> GSS code (newest file wins)."""
    out: dict[int, str] = {num: code for num, (code, _, _) in PRE_2019_LAS.items()}
    frames = list(nccis) + ([cla] if cla is not None else [])
    for df in frames:  # later (newer) frames overwrite
        las = df[df["geographic_level"] == "Local authority"][["old_la_code", "new_la_code"]].dropna()
        for old, new in las.itertuples(index=False):
            try:
                out[int(float(old))] = str(new).strip()
            except ValueError:
                continue
    return out


def area_names(areas: pd.DataFrame) -> dict[str, str]:
    return dict(zip(areas["code"], areas["name"], strict=True))
