"""The indicator catalogue: the strategy's KPIs and context measures, read from catalogue.toml.

The TOML file is the single place an indicator is declared; everything else (loader, validation,
pages, CLI) asks this module.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from indicators.errors import UnknownIndicator
from indicators.periods import PeriodType, is_valid, parse_period

CATALOGUE_FILE = Path(__file__).with_name("catalogue.toml")
# How an invented series is labelled wherever it appears (pages, charts, PDF).
ILLUSTRATIVE_TEXT = "Illustrative figures — not published data"

Polarity = Literal["high_is_good", "low_is_good", "no_judgement"]
Unit = Literal[
    "count",
    "percent",
    "rate_per_100",
    "rate_per_1000",
    "rate_per_10000",
    "rate_per_100000",
    "ratio",
    "score",
    "gap_points",
]

# How many units a rate or percentage counts per one event/population: value = n / d * multiplier.
# A percentage counts people, each at most once (so it cannot pass 100); a rate_per_ unit counts
# events (suspensions, offences, entrants), so 130 suspensions per 100 pupils is a valid rate.
UNIT_MULTIPLIER: dict[str, float] = {
    "percent": 100.0,
    "rate_per_100": 100.0,
    "rate_per_1000": 1_000.0,
    "rate_per_10000": 10_000.0,
    "rate_per_100000": 100_000.0,
}

UNIT_LABEL: dict[str, str] = {
    "count": "",
    "percent": "%",
    "rate_per_100": "per 100",
    "rate_per_1000": "per 1,000",
    "rate_per_10000": "per 10,000",
    "rate_per_100000": "per 100,000",
    "ratio": "",
    "score": "points",
    "gap_points": "points",
}


class Source(BaseModel):
    publisher: str
    name: str
    url: str
    released: str = ""  # the last release held (YYYY-MM)
    next_release: str = Field(default="unknown", pattern=r"^(unknown|\d{4}-\d{2}(-\d{2})?)$")  # never guessed


class Indicator(BaseModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    description: str
    definition: str
    polarity: Polarity
    unit: Unit
    period_type: PeriodType
    source: Source
    objectives: list[int]
    strands: list[str]
    illustrative: bool = False
    kpi: bool = False
    decimals: int = 1
    # Plain-English unit phrase for readings, e.g. "per 100,000 children aged 10-17".
    unit_phrase: str = ""
    note: str = ""
    fingertips_id: int | None = None
    # Youth-justice stage order for the disproportionality cascade (0 = population base).
    yj_stage: int | None = None
    # Periods that start a new series (a definition or framework change, e.g. the 2021/22 EYFS
    # reform): no comparison, target verdict or trend spans one.
    breaks: list[str] = []

    @field_validator("objectives")
    @classmethod
    def _objectives_in_range(cls, v: list[int]) -> list[int]:
        if any(not 1 <= o <= 8 for o in v):
            raise ValueError("objectives must be between 1 and 8")
        return v

    @model_validator(mode="after")
    def _breaks_are_periods(self) -> Indicator:
        bad = [b for b in self.breaks if not is_valid(b, self.period_type)]
        if bad:
            raise ValueError(f"breaks {bad} are not {self.period_type} periods")
        return self

    @property
    def multiplier(self) -> float | None:
        return UNIT_MULTIPLIER.get(self.unit)

    @property
    def is_proportion(self) -> bool:
        return self.unit == "percent"

    @property
    def is_rate(self) -> bool:
        """A rate of events (Poisson: Byar intervals, Poisson tests), never a proportion."""
        return self.unit.startswith("rate_per_")

    @property
    def compares_across_areas(self) -> bool:
        """A count depends on the area's size, so it is compared with itself over time only."""
        return self.unit != "count"

    def series_of(self, period_start: date) -> int:
        """Which series (0, 1, ...) a period belongs to: how many breaks start on or before it."""
        return sum(parse_period(b, self.period_type).start <= period_start for b in self.breaks)


class Strand(BaseModel):
    id: str
    name: str
    description: str = ""


class Catalogue(BaseModel):
    objectives: dict[int, str]
    strands: list[Strand]
    indicators: list[Indicator]

    def get(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise UnknownIndicator(f"'{indicator_id}' is not an indicator in the catalogue")

    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    def kpis(self) -> list[Indicator]:
        return [i for i in self.indicators if i.kpi]

    def stages(self) -> list[Indicator]:
        """The youth-justice stage cascade, in order."""
        return sorted((i for i in self.indicators if i.yj_stage is not None), key=lambda i: i.yj_stage or 0)


@cache
def load_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    return Catalogue(
        objectives={int(k): v for k, v in raw["objectives"].items()},
        strands=raw["strand"],
        indicators=raw["indicator"],
    )
