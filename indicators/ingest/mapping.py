"""Publisher mappings, declared as data in indicators/ingest/mappings/*.toml (one file per publisher).

A *layout* is one shape of publisher file (a header), recognised by the columns it must have, with
the measures it holds and the catalogue indicator each becomes. The reading itself is generic
(ingest/publisher.py); adding a file shape means adding a table, not code. See mappings/dfe.toml
for the keys.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"


@dataclass(frozen=True)
class Measure:
    """One measure of a layout: which cells become which indicator (and cohort, area) of ours."""

    indicator: str = ""
    indicator_column: str = ""  # the indicator id is in this column (the file already uses our ids)
    where: str = ""  # the layout's measure_column value of this measure's rows; "*" = every row
    value: str = ""
    numerator: str = ""
    denominator: str = ""
    dimension: str = ""
    category: str = ""
    area_code: str = ""
    scale: float = 1.0
    note: str = ""
    period_rule: str = ""


@dataclass(frozen=True)
class Correction:
    """A known publisher error fixed on the way in (and noted on the row)."""

    measure: str
    area_code: str
    scale: float
    note: str


@dataclass(frozen=True)
class Layout:
    publisher: str
    key: str  # the mapping file's name: dfe, lait, mps... ('ees' for Explore Education Statistics files)
    name: str
    detect: tuple[str, ...]
    measures: tuple[Measure, ...] = ()
    holds: str = ""  # for a layout recognised only to explain why nothing in it can be loaded
    period: str = ""
    period_rule: str = "as_written"
    area: str = ""
    area_code: str = ""
    area_name: tuple[str, ...] = ()
    area_name_skip: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    keep: dict[str, tuple[str, ...]] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)
    characteristic: dict = field(default_factory=dict)
    pivot: dict[str, str] = field(default_factory=dict)
    months: str = ""
    measure_column: str = ""
    corrections: tuple[Correction, ...] = ()

    def matches(self, header: list[str]) -> bool:
        names = {h.strip().lower() for h in header}
        return all(any(alt.lower() in names for alt in spec.split("|")) for spec in self.detect)

    def indicator_ids(self) -> list[str]:
        return sorted({m.indicator for m in self.measures if m.indicator})


def _layout(publisher: str, key: str, raw: dict) -> Layout:
    measures = tuple(Measure(**m) for m in raw.get("measure", ()))
    corrections = tuple(Correction(**c) for c in raw.get("corrections", ()))
    simple = {k: v for k, v in raw.items() if k not in {"measure", "corrections"}}
    simple["detect"] = tuple(simple["detect"])
    simple["area_name"] = tuple(simple.get("area_name", ()))
    simple["area_name_skip"] = tuple(simple.get("area_name_skip", ()))
    simple["keep"] = {k: tuple(v) for k, v in simple.get("keep", {}).items()}
    key = "ees" if simple.get("area") == "ees" else key
    return Layout(publisher=publisher, key=key, measures=measures, corrections=corrections, **simple)


@cache
def layouts(directory: Path = MAPPINGS_DIR) -> tuple[Layout, ...]:
    """Every layout of every publisher table, in file order (more specific layouts first within a file)."""
    out: list[Layout] = []
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        out.extend(_layout(data["publisher"], path.stem, raw) for raw in data.get("layout", ()))
    return tuple(out)


@cache
def fingertips_ids(directory: Path = MAPPINGS_DIR) -> dict[str, str]:
    """Fingertips indicator ID (as text) -> our indicator id, from mappings/fingertips.toml."""
    data = tomllib.loads((directory / "fingertips.toml").read_text(encoding="utf-8"))
    return {str(k): v for k, v in data.get("ids", {}).items()}


def find_layout(header: list[str], key: str = "") -> Layout | None:
    """The first layout whose detect columns are all in ``header`` (of mapping ``key`` when given)."""
    return next((layout for layout in layouts() if layout.matches(header) and key in ("", layout.key)), None)
