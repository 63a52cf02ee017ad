"""Areas: Islington, its comparators and every English upper-tier local authority.

The list lives in data/reference/areas.csv (code,name,area_type,region_code,statistical_neighbour);
every LA's 10 children's services statistical neighbours (DfE / NFER model, May 2025, the groups LAIT
uses) live in data/reference/statistical_neighbours.csv (area_code,rank,neighbour_code,closeness).
Both are built from the publishers' files by data/build_default.py.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"
AREAS_FILE = REFERENCE_DIR / "areas.csv"
NEIGHBOURS_FILE = REFERENCE_DIR / "statistical_neighbours.csv"

ISLINGTON = "E09000019"
INNER_LONDON = "E13000001"
LONDON = "E12000007"
ENGLAND = "E92000001"
# Pseudo-area for the mean of the statistical neighbours with data (computed, never stored).
NEIGHBOUR_AVERAGE = "NEIGHBOURS"

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


@cache
def load_neighbours(path: Path = NEIGHBOURS_FILE) -> dict[str, tuple[str, ...]]:
    """Every LA's statistical neighbours, closest first."""
    ranked: dict[str, list[tuple[int, str]]] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            ranked.setdefault(row["area_code"], []).append((int(row["rank"]), row["neighbour_code"]))
    return {code: tuple(n for _, n in sorted(pairs)) for code, pairs in ranked.items()}


def neighbours_of(area_code: str) -> list[str]:
    """The LA's 10 statistical neighbours, closest first ([] for an area that is not an LA)."""
    return list(load_neighbours().get(area_code, ()))


# Islington's statistical neighbours, closest first (code -> name).
STATISTICAL_NEIGHBOURS: dict[str, str] = {code: area_name(code) for code in neighbours_of(ISLINGTON)}
