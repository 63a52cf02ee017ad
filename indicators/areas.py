"""Areas: Islington, its comparators and every English upper-tier local authority.

The list lives in data/reference/areas.csv (code,name,area_type,region_code,statistical_neighbour),
built from ONS's upper-tier local authority list by data/build_default.py.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

AREAS_FILE = Path(__file__).resolve().parent.parent / "data" / "reference" / "areas.csv"

ISLINGTON = "E09000019"
INNER_LONDON = "E13000001"
LONDON = "E12000007"
ENGLAND = "E92000001"
# Pseudo-area for the mean of the statistical neighbours with data (computed, never stored).
NEIGHBOUR_AVERAGE = "NEIGHBOURS"

# Islington's 10 statistical neighbours (NFER / DfE children's services statistical neighbours, 2025).
STATISTICAL_NEIGHBOURS: dict[str, str] = {
    "E09000007": "Camden",
    "E09000028": "Southwark",
    "E09000022": "Lambeth",
    "E09000033": "Westminster",
    "E09000012": "Hackney",
    "E09000013": "Hammersmith and Fulham",
    "E09000023": "Lewisham",
    "E09000014": "Haringey",
    "E09000011": "Greenwich",
    "E08000003": "Manchester",
}

AREA_TYPES = ("local_authority", "region", "sub_region", "country")


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    area_type: str
    region_code: str = ""
    statistical_neighbour: bool = False


@cache
def load_areas(path: Path = AREAS_FILE) -> tuple[Area, ...]:
    with open(path, newline="", encoding="utf-8") as fh:
        return tuple(
            Area(
                code=row["code"],
                name=row["name"],
                area_type=row["area_type"],
                region_code=row.get("region_code", "") or "",
                statistical_neighbour=row.get("statistical_neighbour", "").lower() == "true",
            )
            for row in csv.DictReader(fh)
        )


def area_codes() -> frozenset[str]:
    return frozenset(a.code for a in load_areas())


def area_name(code: str) -> str:
    if code == NEIGHBOUR_AVERAGE:
        return "Statistical neighbours (average)"
    return next((a.name for a in load_areas() if a.code == code), code)
