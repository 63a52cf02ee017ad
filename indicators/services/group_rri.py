"""Disproportionality over time by SEN and care status: each group's rate against a reference
group's, year by year, from published counts and their population bases (issue 18).

SEN: 16-17 year olds NEET or whose activity is not known (DfE NCCIS), per SEN group
(young_people_16_17 is the base). Care status: children aged 10-17 convicted or cautioned, looked
after (DfE, children in care a year or more; looked_after_10_17 is the base) against the rest of the
area's children (YJB children cautioned or sentenced and the YJB 10-17 population, less the looked-
after children): only years where both publishers have counts. RRIs with Katz log intervals
(DESIGN §5, disproportionality.population_rri). No Streamlit. Viewers get suppressed counts
(viewer.observations), a ratio on a hidden count is hidden (suppression.suppress_ratio_rows), and a
derived complement whose part is hidden is hidden too, so the part cannot be recovered from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from indicators.areas import area_name
from indicators.catalogue import load_catalogue
from indicators.cohorts import category_label
from indicators.disclosure import round_columns
from indicators.disproportionality import RRITrend, population_rri, rri_trend
from indicators.errors import CohortError
from indicators.readings import NO_DATA, rri_reading
from indicators.services import series, viewer
from indicators.settings import get_settings
from indicators.suppression import suppress_ratio_rows

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass(frozen=True)
class Recipe:
    label: str  # the choice as offered
    outcome: str  # 'to <outcome>' in a reading
    people: str  # who the rate counts, for the rate column
    reference: str
    indicators: tuple[str, ...]  # the sources, for the source line
    period_type: str  # how the years are counted (the chart's axis)


RECIPES: dict[str, Recipe] = {
    "sen": Recipe(
        "Special educational needs: 16-17 year olds NEET or activity not known",
        "be NEET or have an activity the council does not know",
        "% of 16-17 year olds in the group",
        "no_sen",
        ("neet_not_known_16_17", "young_people_16_17"),
        "calendar_year",
    ),
    "looked_after": Recipe(
        "Care status: children aged 10-17 convicted or cautioned",
        "be convicted or cautioned",
        "% of children aged 10-17 in the group",
        "not_looked_after",
        ("cla_convicted_or_cautioned", "looked_after_10_17", "yjs_cautioned_or_sentenced_rate"),
        "financial_year",
    ),
}
COLUMNS = ["period", "period_start", "category", "events", "population", "hidden"]


@dataclass
class GroupRRI:
    dimension: str
    area_code: str
    area_name: str
    frame: pd.DataFrame  # one row per group and year: charts.rri.rri_over_time_chart's frame
    trends: dict[str, RRITrend]
    readings: list[str]
    notes: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def periods(self) -> list[str]:
        """Years with at least one group's RRI and interval (the reference left out)."""
        rows = self.frame[~self.frame["reference"] & self.frame["lower"].notna()]
        return list(dict.fromkeys(rows.sort_values("period_start")["period"]))


def _num(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_numeric(frame[column], errors="coerce")


def _sen_counts(engine: Engine, role: series.Role, area: str) -> pd.DataFrame:
    rows = viewer.observations(
        engine, role, indicator_ids=["neet_not_known_16_17"], area_codes=[area], dimensions=["sen"]
    )
    out = rows.assign(events=_num(rows, "numerator"), population=_num(rows, "denominator"))
    out["hidden"] = out["marker"].fillna("") == "c"
    return out[COLUMNS].reset_index(drop=True)


def _care_counts(engine: Engine, role: series.Role, area: str) -> pd.DataFrame:
    ids = ["cla_convicted_or_cautioned", "looked_after_10_17", "yjs_cautioned_or_sentenced_rate"]
    rows = viewer.observations(engine, role, indicator_ids=ids, area_codes=[area], dimensions=["all"])
    out = []
    for period, g in rows.groupby("period", sort=False):
        by = {i: g[g["indicator_id"] == i] for i in ids}
        if any(f.empty for f in by.values()):
            continue  # one publisher has no figure for the year: no comparison
        cla, base, everyone = (f.iloc[0] for f in by.values())
        la_events, la_pop = pd.to_numeric(cla["numerator"]), pd.to_numeric(base["numerator"])
        all_events, all_pop = pd.to_numeric(everyone["numerator"]), pd.to_numeric(everyone["denominator"])
        la_hidden = "c" in (cla["marker"], base["marker"])
        if pd.isna(all_events) and everyone["marker"] != "c":
            continue  # a published rate without its count (LAIT): no interval, so no comparison
        start = g["period_start"].iloc[0]
        out.append([period, start, "looked_after", la_events, la_pop, la_hidden])
        # the rest of the area's children: hidden with the looked-after group, or it gives it back
        hidden = la_hidden or everyone["marker"] == "c"
        out.append([period, start, "not_looked_after", all_events - la_events, all_pop - la_pop, hidden])
    return pd.DataFrame(out, columns=COLUMNS)


def _year_table(counts: pd.DataFrame, reference: str, role: series.Role) -> pd.DataFrame:
    table = population_rri(counts.drop(columns=["hidden"]), reference=reference, multiplier=100)
    table["marker"] = ["c" if h else None for h in counts["hidden"]]
    table.loc[counts["hidden"].to_numpy(), ["events", "population", "rate", "rri", "lower", "upper"]] = float("nan")
    threshold = get_settings().suppression_threshold if role == "viewer" else 1
    table = suppress_ratio_rows(table, threshold=threshold, reference=reference)
    if role == "viewer":
        table = round_columns(table)
    table["significant"] = table["significant"] & table["rri"].notna()
    table.loc[table["rri"].isna() & (table["marker"] == "u"), "marker"] = "x"
    table.loc[table["rri"].isna() & table["marker"].isna(), "marker"] = "x"
    return table


def group_rri_options(engine: Engine, role: series.Role, area_code: str | None = None) -> list[str]:
    """The dimensions with at least one year of RRIs for the area (SEN first, then care status)."""
    area = area_code or get_settings().home_area
    held = {"sen": _sen_counts, "looked_after": _care_counts}
    return [d for d, read in held.items() if not read(engine, role, area).dropna(subset=["events"]).empty]


def group_rri_over_time(engine: Engine, dimension: str, role: series.Role, area_code: str | None = None) -> GroupRRI:
    """Each group's RRI against the recipe's reference group, for every year with counts."""
    if dimension not in RECIPES:
        raise CohortError(f"'{dimension}' has no population base over time; choose one of {', '.join(RECIPES)}")
    recipe, area = RECIPES[dimension], area_code or get_settings().home_area
    counts = (_sen_counts if dimension == "sen" else _care_counts)(engine, role, area)
    tables = []
    for period, rows in counts.groupby("period", sort=False):
        if recipe.reference not in set(rows["category"]):
            continue
        table = _year_table(
            rows.drop(columns=["period", "period_start"]).reset_index(drop=True), recipe.reference, role
        )
        tables.append(table.assign(period=period, period_start=rows["period_start"].iloc[0]))
    if not tables:
        raise CohortError(f"no year has counts by {dimension} for {area_name(area)}")
    frame = pd.concat(tables, ignore_index=True).sort_values(["period_start", "category"], kind="stable")
    frame["label"] = [category_label(dimension, c) for c in frame["category"]]
    frame["year"] = frame["period_start"].dt.year.astype(float)
    frame["illustrative"] = False
    groups = frame[~frame["reference"]]
    trends = {c: rri_trend(rows) for c, rows in groups.groupby("category", sort=False)}
    reference = category_label(dimension, recipe.reference)
    readings = [
        f"{r['period']}: "
        + rri_reading(
            r["label"],
            reference,
            r["rri"],
            r["lower"],
            r["upper"],
            recipe.outcome,
            bool(r["low_reliability"]),
            r["marker"],
        )  # fmt: skip
        for _, r in groups.iterrows()
    ]
    catalogue = load_catalogue()
    sources = dict.fromkeys(
        f"{catalogue.get(i).source.publisher}: {catalogue.get(i).source.name}" for i in recipe.indicators
    )
    return GroupRRI(
        dimension,
        area,
        area_name(area),
        frame.reset_index(drop=True),
        trends,
        readings or [NO_DATA],
        _notes(dimension, frame),
        "Sources: " + "; ".join(sources) + ".",
    )


def _notes(dimension: str, frame: pd.DataFrame) -> list[str]:
    notes = []
    if dimension == "sen":
        notes.append(
            "DfE publishes percentages to 1 decimal, not counts; a year shows a group only where whole numbers "
            "reproduce both its share of the cohort and its percentage NEET or not known (otherwise [x])."
        )
    else:
        notes.append(
            "Looked-after children here are those in care for a year or more (DfE); everyone else is the YJB's "
            "children cautioned or sentenced and 10-17 population less them. Only years where both publishers "
            "have counts are shown; YJB youth justice service counts after 2021/22 are not held."
        )
    if (frame["marker"] == "u").any():
        notes.append("[u]: fewer than 10 children in the group or the reference group; treat with caution.")
    return notes
