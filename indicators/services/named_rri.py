"""The strategy's named groups (cohorts.load_named_cohorts) on the disproportionality page: each
group's relative rate index against its comparison group, with a Katz log interval
(disproportionality.population_rri), wherever published data holds both groups with a count and
the group's own population in the same year. A group with no such data gets the plain reason.

Only real (not illustrative) rows of proportion indicators count: a rate of events per child can
count a child twice, which the Katz interval does not allow for. A row whose denominator is the
whole area's (a group's share of all offenders, not a rate in the group) is a composition share,
not a rate, so it is left out. No Streamlit. Viewers read suppressed counts (viewer.observations),
so a hidden count gives no ratio.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from indicators.areas import area_name
from indicators.catalogue import Indicator, load_catalogue
from indicators.cohorts import NamedCohort, load_named_cohorts
from indicators.disproportionality import RELIABLE_EVENTS, population_rri
from indicators.readings import format_bound, format_ratio, format_share
from indicators.services import series, viewer
from indicators.settings import get_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

GROUP, REFERENCE = "group", "reference"
_COMMON_FIRST_WORDS = {"All", "Boys", "Girls", "Children", "Looked-after"}


@dataclass(frozen=True)
class NamedRRI:
    """One named group against one comparison group for one indicator and year."""

    cohort: NamedCohort
    against: NamedCohort
    indicator: Indicator
    period: str
    events: float
    population: float
    ref_events: float
    ref_population: float
    rri: float
    lower: float
    upper: float
    low_reliability: bool
    reading: str


@dataclass(frozen=True)
class NamedRRIs:
    area_name: str
    results: list[NamedRRI]
    reasons: dict[str, str]  # named group name -> why it has no RRI


def _counts(frame: pd.DataFrame, cohort: NamedCohort) -> pd.DataFrame:
    rows = frame[(frame["dimension"] == cohort.dimension) & (frame["category"] == cohort.category)]
    return rows.set_index(["indicator_id", "period"])[["events", "population", "period_start"]]


def _mid_sentence(name: str) -> str:
    """'All boys' -> 'all boys' mid-sentence; 'Black Caribbean boys' keeps its capitals."""
    return name[0].lower() + name[1:] if name.split()[0] in _COMMON_FIRST_WORDS else name


def _reading(r: NamedRRI, area: str) -> str:
    share, ref_share = r.events / r.population * 100, r.ref_events / r.ref_population * 100
    text = (
        f"{r.indicator.title}, {r.period}, {area}: {format_share(share)} of {_mid_sentence(r.cohort.name)} against "
        f"{format_share(ref_share)} of {_mid_sentence(r.against.name)}, a relative rate index of {format_ratio(r.rri)}"
    )
    if pd.isna(r.lower):
        return text + " (no interval: no children in the group are counted)."
    text += f" (95% CI {format_bound(r.lower)} to {format_bound(r.upper)})."
    if r.lower <= 1 <= r.upper:
        text += " The difference is not statistically significant."
    if r.low_reliability:
        text += f" [u] fewer than {RELIABLE_EVENTS} children counted in one of the groups; treat with caution."
    return text


def _pair(frame: pd.DataFrame, everyone: pd.DataFrame, cohort: NamedCohort, against: NamedCohort) -> list[dict]:
    """Every (indicator, period) holding both groups' counts and populations: the latest per indicator."""
    both = _counts(frame, cohort).merge(
        _counts(frame, against), left_index=True, right_index=True, suffixes=("", "_ref")
    )
    both = both.join(everyone, how="left").dropna(subset=["events", "population", "events_ref", "population_ref"])
    rate = (both["events"] <= both["population"]) & (both["events_ref"] <= both["population_ref"])
    # a group's population equal to everyone's: a share of all offenders, not a rate in the group
    own = both["all_population"].isna() | (both["population"] < both["all_population"])
    kept = both[rate & own & (both["population"] > 0)].reset_index().sort_values("period_start")
    return list(kept.groupby("indicator_id", sort=False).tail(1).to_dict("records"))


def named_rris(engine: Engine, role: series.Role, area_code: str | None = None) -> NamedRRIs:
    """Each named group's RRI against the first of its comparison groups that the data holds."""
    area = area_code or get_settings().home_area
    catalogue, named = load_catalogue(), list(load_named_cohorts())
    dims = sorted({c.dimension for n in named for c in (n, *n.comparisons)} | {"all"})
    frame = viewer.observations(engine, role, area_codes=[area], dimensions=dims)
    frame = frame[~frame["illustrative"].astype(bool)]
    proportions = [i.id for i in catalogue.indicators if i.is_proportion]
    frame = frame[frame["indicator_id"].isin(proportions)].assign(
        events=lambda f: pd.to_numeric(f["numerator"], errors="coerce"),
        population=lambda f: pd.to_numeric(f["denominator"], errors="coerce"),
    )
    alls = frame[frame["dimension"] == "all"].set_index(["indicator_id", "period"])["population"]
    everyone = alls.rename("all_population").to_frame()
    results, reasons, place = [], {}, area_name(area)
    for cohort in named:
        found = []
        for against in cohort.comparisons:
            found = [(against, p) for p in _pair(frame, everyone, cohort, against)]
            if found:
                break
        if not found:
            held = not _counts(frame, cohort).dropna(subset=["events", "population"]).empty
            reasons[cohort.name] = (
                f"published counts for {_mid_sentence(cohort.name)} in {place}, but none for a group to "
                "compare them with in the same year"
                if held
                else f"no published counts for {_mid_sentence(cohort.name)} in {place}"
            )
        for against, p in found:
            table = pd.DataFrame({
                "category": [GROUP, REFERENCE],
                "events": [p["events"], p["events_ref"]],
                "population": [p["population"], p["population_ref"]],
            })  # fmt: skip
            row = population_rri(table, reference=REFERENCE, multiplier=100).iloc[0]
            result = NamedRRI(cohort, against, catalogue.get(p["indicator_id"]), p["period"], p["events"],
                              p["population"], p["events_ref"], p["population_ref"], float(row["rri"]),
                              float(row["lower"]), float(row["upper"]), bool(row["low_reliability"]), "")  # fmt: skip
            results.append(NamedRRI(**{**result.__dict__, "reading": _reading(result, place)}))
    return NamedRRIs(place, results, reasons)
