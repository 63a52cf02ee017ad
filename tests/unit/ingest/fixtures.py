"""A Reference for ingest tests: the real catalogue when indicators/catalogue.toml exists, else a small one.

Known areas are fixed here (Islington, London, Inner London, England and some neighbours) so
'unknown area' tests do not depend on data/reference/areas.csv.
"""

from __future__ import annotations

from pathlib import Path

from indicators.catalogue import CATALOGUE_FILE, Catalogue, load_catalogue
from indicators.ingest.reference import Reference

DATA = Path(__file__).resolve().parents[2] / "data"

AREAS: dict[str, str] = {
    "E09000019": "Islington",
    "E12000007": "London",
    "E13000001": "Inner London",
    "E92000001": "England",
    "E09000007": "Camden",
    "E09000012": "Hackney",
    "E09000014": "Haringey",
    "E09000028": "Southwark",
    "E09000022": "Lambeth",
    "E09000033": "Westminster",
    "E09000002": "Barking and Dagenham",
    "E09000003": "Barnet",
    "E12000004": "East Midlands",
}

_SOURCE = {"publisher": "Test", "name": "Test", "url": "https://example.org"}


def _indicator(id_: str, unit: str, period_type: str, **extra) -> dict:
    return {
        "id": id_,
        "title": id_.replace("_", " "),
        "description": "d",
        "definition": "d",
        "polarity": "low_is_good",
        "unit": unit,
        "period_type": period_type,
        "source": _SOURCE,
        "objectives": [1],
        "strands": ["s"],
        **extra,
    }


def small_catalogue() -> Catalogue:
    """The indicators the ingest tests rely on, with the units and period types of catalogue.toml."""
    return Catalogue(
        objectives={1: "o"},
        strands=[{"id": "s", "name": "s"}],
        indicators=[
            _indicator("suspension_rate", "rate_per_100", "academic_year", decimals=2),
            _indicator("permanent_exclusion_rate", "rate_per_100", "academic_year", decimals=2),
            _indicator("neet_16_17", "percent", "calendar_year"),
            _indicator("neet_not_known_16_17", "percent", "calendar_year"),
            _indicator("first_time_entrants", "rate_per_100000", "calendar_year", fingertips_id=10401, decimals=0),
            _indicator("knife_crime_victims_under_25", "count", "financial_year", decimals=0),
            _indicator("youth_justice_disproportionality", "ratio", "financial_year", decimals=2),
            _indicator("attainment_gap_black_caribbean", "gap_points", "academic_year"),
        ],
    )


def make_reference(real: bool | None = None) -> Reference:
    """The test Reference; ``real`` None = the real catalogue when it exists."""
    use_real = CATALOGUE_FILE.exists() if real is None else real
    return Reference(load_catalogue() if use_real else small_catalogue(), dict(AREAS))
