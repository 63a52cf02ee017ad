"""What the disproportionality page (and the meeting pack) call: relative rate indices (RRIs) by
stage, their heatmap and trend, and representation ratios, as frames ready for indicators.charts.

No Streamlit. Viewers' tables are built from the viewer's copy of the observations (services.viewer:
primary and secondary suppression against the published totals), then
``viewer.protect_ratios`` hides every ratio built on a hidden count. The trend of a
group's RRI over the years is tested on every year for both roles (``viewer.protect_trends``
withholds its fitted numbers from viewers where a year is [c]).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pandas as pd

from indicators.catalogue import Indicator, load_catalogue
from indicators.cohorts import CATEGORIES, DIMENSIONS, ETHNICITY, category_label, is_minor, major_group
from indicators.disproportionality import (
    RRITrend,
    default_reference,
    population_rri,
    representation_frame,
    roll_up_to_major,
    rri_trend,
    stage_rri,
)
from indicators.errors import CohortError
from indicators.readings import (
    NO_DATA,
    format_number,
    is_missing,
    representation_reading,
)
from indicators.services import series, viewer
from indicators.settings import get_settings
from indicators.stage_readings import stage_phrase, stage_readings
from indicators.store import queries

if TYPE_CHECKING:
    from sqlalchemy import Engine

Basis = Literal["population", "previous_stage"]
BASES: dict[str, str] = {
    "population": "Population-based (per child aged 10-17)",
    "previous_stage": "Stage-to-stage (per child at the previous stage)",
}
# Disproportionality dimensions: ethnicity at two levels, and any other cohort dimension.
ETHNICITY_MAJOR, ETHNICITY_MINOR = "ethnicity", "ethnicity_minor"
RRI_DIMENSIONS: dict[str, str] = {
    ETHNICITY_MAJOR: "Ethnicity (5 major groups)",
    ETHNICITY_MINOR: "Ethnicity (detailed groups)",
    **{d: label for d, label in DIMENSIONS.items() if d not in ("all", "ethnicity")},
}
# (what the stage is, as a verb phrase; what being at it means, for 'once ...')
STAGE_SHORT: dict[str, str] = {
    "yj_arrests": "Arrest",
    "first_time_entrants_count": "First entry",
    "yj_court_outcomes": "Court outcome",
    "yj_custody": "Custody",
}
POPULATION_NOTE = (
    "The population base is the Census 2021 count of children aged 10-17 ({period}); "
    "it is the only year published, so it is used for every year."
)


def _home() -> str:
    return get_settings().home_area


# --------------------------------------------------------------------------------------------
# Disproportionality: which stages, years and dimensions have data
# --------------------------------------------------------------------------------------------


@dataclass
class DisproportionalityOptions:
    stages: list[Indicator]  # stages with breakdown data (the population base excluded)
    periods: dict[str, list[str]]  # stage id -> periods, oldest first
    dimensions: dict[str, list[str]]  # stage id -> RRI dimensions with population data too
    groups: dict[str, list[str]]  # RRI dimension -> groups in the population base
    population: Indicator | None


def _groups_by_dimension(rows: pd.DataFrame) -> dict[str, list[str]]:
    """RRI dimension -> the groups an indicator's rows hold for it, in the canonical order."""
    out: dict[str, list[str]] = {}
    ethnic = set(rows.loc[rows["dimension"] == "ethnicity", "category"])
    majors = {major_group(c) for c in ethnic if c in ETHNICITY}
    if majors:
        out[ETHNICITY_MAJOR] = [c for c in ETHNICITY if c in majors]
    if any(is_minor(c) for c in ethnic):
        out[ETHNICITY_MINOR] = [c for c in ETHNICITY if c in ethnic and is_minor(c)]
    for dimension in RRI_DIMENSIONS:
        if dimension in CATEGORIES:
            held = set(rows.loc[rows["dimension"] == dimension, "category"])
            if held:
                out[dimension] = [c for c in CATEGORIES[dimension] if c in held]
    return out


def disproportionality_options(engine: Engine) -> DisproportionalityOptions:
    """What the disproportionality selectors may offer, from the data held for the home area."""
    cascade = load_catalogue().stages()
    base = cascade[0] if cascade and cascade[0].yj_stage == 0 else None
    with engine.connect() as conn:
        held = queries.observations(conn, indicator_ids=[s.id for s in cascade], area_codes=[_home()])
    held = held[held["dimension"] != "all"]
    groups = _groups_by_dimension(held[held["indicator_id"] == base.id]) if base else {}
    stages, periods, dimensions = [], {}, {}
    for stage in cascade:
        rows = held[held["indicator_id"] == stage.id]
        dims = [d for d in _groups_by_dimension(rows) if d in groups]
        if stage is base or not dims:
            continue
        stages.append(stage)
        periods[stage.id] = list(dict.fromkeys(rows.sort_values("period_start")["period"]))
        dimensions[stage.id] = dims
    return DisproportionalityOptions(stages, periods, dimensions, groups, base)


# --------------------------------------------------------------------------------------------
# Disproportionality: counts per group, then RRIs
# --------------------------------------------------------------------------------------------


def _counts(
    engine: Engine, indicator_ids: list[str], dimension: str, role: series.Role, periods: list[str] | None = None
) -> pd.DataFrame:
    """Protected counts per indicator, period and group of an RRI dimension.

    Columns: indicator_id, period, period_start, category, events, hidden (1 when suppressed),
    illustrative (1 when any source row is illustrative).
    """
    source = "ethnicity" if dimension.startswith("ethnicity") else dimension
    frame = viewer.observations(
        engine, role, indicator_ids=indicator_ids, area_codes=[_home()], dimensions=[source, "all"], periods=periods
    )
    frame = frame[frame["dimension"] == source]
    counts = pd.DataFrame(
        {
            "indicator_id": frame["indicator_id"],
            "period": frame["period"],
            "period_start": frame["period_start"],
            "category": frame["category"],
            "events": pd.to_numeric(frame["numerator"], errors="coerce").fillna(
                pd.to_numeric(frame["value"], errors="coerce")
            ),
            "hidden": (frame["marker"].fillna("") == "c").astype(float),
            "illustrative": frame["illustrative"].fillna(False).astype(float),
        }
    )
    if dimension == ETHNICITY_MAJOR:
        counts = roll_up_to_major(counts, ["events", "hidden", "illustrative"])
    elif dimension == ETHNICITY_MINOR:
        counts = counts[[is_minor(c) for c in counts["category"]]]
    return counts.reset_index(drop=True)


@dataclass
class RRITable:
    """One stage's relative rate index per group for one year, ready for charts.forest_plot."""

    stage: Indicator
    period: str
    dimension: str
    reference: str
    basis: str
    table: pd.DataFrame
    illustrative: bool
    notes: list[str] = field(default_factory=list)
    readings: list[str] = field(default_factory=list)

    @property
    def reference_label(self) -> str:
        return group_label(self.dimension, self.reference)


def group_label(dimension: str, category: str) -> str:
    return category_label("ethnicity" if dimension.startswith("ethnicity") else dimension, category)


def _previous(stage: Indicator) -> Indicator:
    cascade = load_catalogue().stages()
    position = [s.id for s in cascade].index(stage.id)
    if position == 0:
        raise CohortError(f"{stage.title} is the population base, not a stage")
    return cascade[position - 1]


def _rri(
    events: pd.DataFrame, denominators: pd.DataFrame, column: str, reference: str, role: series.Role
) -> pd.DataFrame:
    """Merge a stage's counts with their denominators, compute RRIs, then suppress for viewers."""
    base = denominators[["category", "events", "hidden"]].rename(
        columns={"events": column, "hidden": "hidden_denominator"}
    )
    merged = events.merge(base, on="category", how="outer")
    merged = merged[merged["category"] != "all"]
    if reference not in set(merged["category"]):
        raise CohortError(f"the reference group '{reference}' has no data for this stage and year")
    compute = population_rri if column == "population" else stage_rri
    table = compute(merged, reference=reference)
    hidden = (merged["hidden"].fillna(0) > 0) | (merged["hidden_denominator"].fillna(0) > 0)
    table["marker"] = [
        "c" if h else ("x" if is_missing(e) or is_missing(d) else None)
        for h, e, d in zip(hidden, table["events"], table[column], strict=True)
    ]
    if column == "previous":
        _drop_impossible(table, reference)
    table = viewer.protect_ratios(table, reference, role)
    table["significant"] = table["significant"] & table["rri"].notna()
    # a ratio that could not be computed (no count or no base) is not available, not unreliable
    table.loc[table["rri"].isna() & (table["marker"] == "u"), "marker"] = "x"
    return table.drop(columns=["hidden", "hidden_denominator"])


def _more_than_previous(table: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(table["events"], errors="coerce") > pd.to_numeric(table["previous"], errors="coerce")


def _drop_impossible(table: pd.DataFrame, reference: str) -> None:
    """A group with more children at this stage than at the previous one is not a subset of it
    (different years or counting rules), so it has no stage-to-stage ratio: [x]."""
    bad = _more_than_previous(table)
    if bad[table["category"] == reference].any():
        bad = pd.Series(True, index=table.index)
    table.loc[bad, ["rate", "rri", "lower", "upper"]] = float("nan")
    table.loc[bad, "significant"] = False
    table.loc[bad & (table["marker"] != "c"), "marker"] = "x"


def _build_tables(
    engine: Engine,
    stage: Indicator,
    dimension: str,
    reference: str | None,
    role: series.Role,
    basis: str,
    periods: list[str] | None,
) -> tuple[list[pd.DataFrame], list[str], str]:
    if basis not in BASES:
        raise CohortError(f"'{basis}' is not a basis; choose population or previous_stage")
    if dimension not in RRI_DIMENSIONS:
        raise CohortError(f"'{dimension}' is not a dimension for disproportionality")
    denominator = _previous(stage) if basis == "previous_stage" else load_catalogue().stages()[0]
    population_based = denominator.yj_stage == 0
    stage_counts = _counts(engine, [stage.id], dimension, role, periods)
    # the population is published for one year only, so all of its years are read
    base_counts = _counts(engine, [denominator.id], dimension, role, None if population_based else periods)
    notes: list[str] = []
    if population_based and not base_counts.empty:
        base_period = base_counts.sort_values("period_start")["period"].iloc[-1]
        base_counts = base_counts[base_counts["period"] == base_period]
        notes.append(POPULATION_NOTE.format(period=base_period))
    elif not population_based:
        notes.append(
            f"Stage-to-stage: each group's count divided by its count at the previous stage "
            f"({denominator.title.lower()}) in the same year."
        )
    reference = reference or default_reference(base_counts["category"])
    column = "population" if population_based else "previous"
    tables = []
    for period, rows in stage_counts.groupby("period", sort=False):
        denominators = base_counts if population_based else base_counts[base_counts["period"] == period]
        table = _rri(rows.drop(columns=["indicator_id"]), denominators, column, reference, role)
        table["period"], table["period_start"] = period, rows["period_start"].iloc[0]
        table["label"] = [group_label(dimension, c) for c in table["category"]]
        table["stage"], table["stage_order"], table["stage_id"] = stage.title, stage.yj_stage, stage.id
        tables.append(table)
    if column == "previous" and any(_more_than_previous(t).any() for t in tables):
        notes.append(
            "[x] where a group has more children at this stage than at the previous stage in "
            "the same year: the counts do not nest, so no stage-to-stage ratio is given."
        )
    return tables, notes, reference


def stage_rri_table(
    engine: Engine,
    stage_id: str,
    period: str,
    dimension: str,
    reference: str | None,
    role: series.Role,
    basis: Basis = "population",
) -> RRITable:
    """RRI per group for one stage and year, against ``reference`` (default: disproportionality's)."""
    stage = load_catalogue().get(stage_id)
    tables, notes, reference = _build_tables(engine, stage, dimension, reference, role, basis, [period])
    if not tables:
        raise CohortError(f"{stage.title} has no breakdown for {period}")
    table = tables[0]
    illustrative = bool(table["illustrative"].fillna(0).gt(0).any())
    if (table["marker"] == "c").any():
        notes.append(
            "[c] marks groups whose numbers are too small to publish (or whose ratio is built "
            "on one); [u] marks ratios based on fewer than 10 events: treat with caution."
        )
    out = RRITable(stage, period, dimension, reference, basis, table, illustrative, notes)
    out.readings = stage_readings(out.table, out.reference_label, stage_phrase(out.stage, basis))
    return out


def rri_heatmap_frame(
    engine: Engine, period: str, dimension: str, reference: str | None, role: series.Role, basis: Basis = "population"
) -> pd.DataFrame:
    """Groups x stages for one year (charts.rri_heatmap frame); stages without data are left out."""
    frames = []
    options = disproportionality_options(engine)
    for stage in options.stages:
        if period in options.periods[stage.id] and dimension in options.dimensions[stage.id]:
            frames.append(stage_rri_table(engine, stage.id, period, dimension, reference, role, basis).table)
    if not frames:
        raise CohortError(f"no youth justice stage has a breakdown for {period}")
    frame = pd.concat(frames, ignore_index=True)
    # short column headings: the stage titles are too long for a heatmap's axis
    frame["stage"] = [STAGE_SHORT.get(i, t) for i, t in zip(frame["stage_id"], frame["stage"], strict=True)]
    return frame


@dataclass
class RRIOverTime:
    frame: pd.DataFrame  # charts.rri_over_time_chart frame, one row per group and year
    trends: dict[str, RRITrend]  # category -> trend of its RRI
    reading: str
    illustrative: bool
    notes: list[str]


def _over_time_frame(tables: list[pd.DataFrame]) -> pd.DataFrame:
    frame = pd.concat(tables, ignore_index=True).sort_values("period_start", kind="stable")
    frame["year"] = frame["period_start"].dt.year.astype(float)
    return frame[~frame["reference"]].reset_index(drop=True)


def rri_over_time(
    engine: Engine,
    stage_id: str,
    dimension: str,
    reference: str | None,
    role: series.Role,
    basis: Basis = "population",
) -> RRIOverTime:
    """Each group's RRI for every year of a stage, with whether it is narrowing or widening."""
    stage = load_catalogue().get(stage_id)
    tables, notes, reference = _build_tables(engine, stage, dimension, reference, role, basis, None)
    if not tables:
        raise CohortError(f"{stage.title} has no breakdown by group")
    frame = _over_time_frame(tables)
    # tested on every year for both roles (a viewer's verdict is the analyst's); viewer.protect_trends
    # then withholds the fitted numbers of a group with a [c] year
    full = (
        frame
        if role == "analyst"
        else _over_time_frame(_build_tables(engine, stage, dimension, reference, "analyst", basis, None)[0])
    )
    trends = {c: rri_trend(rows) for c, rows in full.groupby("category", sort=False)}
    trends = {c: trends[c] for c in dict.fromkeys(frame["category"]) if c in trends}
    hidden = (frame["marker"] == "c").groupby(frame["category"], sort=False).any()
    trends = viewer.protect_trends(trends, hidden.to_dict(), role)
    words = {
        "narrowing": "narrowing (moving towards 1)",
        "widening": "widening (moving away from 1)",
        "no_significant_change": "not changing significantly",
        "cannot_be_calculated": "too uncertain to test (fewer than 3 years with an interval)",
    }
    parts = [f"{group_label(dimension, c)}: {words[t.status]}" for c, t in trends.items()]
    reading = f"Compared with {group_label(dimension, reference)} children, the gap is " + "; ".join(parts) + "."
    if hidden.any():
        reading += " Years shown as [c] count in the test; only their figures are withheld."
    illustrative = bool(frame["illustrative"].fillna(0).gt(0).any())
    return RRIOverTime(frame, trends, reading, illustrative, notes)


# --------------------------------------------------------------------------------------------
# Representation: the strategy's January 2020 snapshot of the youth offending service cohort
# --------------------------------------------------------------------------------------------


@dataclass
class Representation:
    sen: pd.DataFrame  # charts.representation_chart frame: ehcp, sen_support
    looked_after_share: float | None
    period: str | None
    readings: list[str]
    kpi: pd.DataFrame  # youth_justice_disproportionality (home area, dimension all)

    @property
    def period_label(self) -> str:
        """'January 2020' for a month code such as '2020-01'."""
        if self.period and len(self.period) == 7 and self.period[4] == "-":
            return pd.Timestamp(f"{self.period}-01").strftime("%B %Y")
        return self.period or ""


def representation(engine: Engine, role: series.Role) -> Representation:
    """SEN shares of the YOS cohort against secondary pupils (ratios 16/2.0 and 40/14.2)."""
    ids = ["yos_cohort_share", "secondary_pupils_share", "youth_justice_disproportionality"]
    frame = viewer.observations(engine, role, indicator_ids=ids, area_codes=[_home()])
    cohort, base = (frame[frame["indicator_id"] == i] for i in ids[:2])
    period = cohort.sort_values("period_start")["period"].iloc[-1] if len(cohort) else None
    cohort, base = cohort[cohort["period"] == period], base[base["period"] == period]
    sen = cohort[cohort["dimension"] == "sen"][["category", "value"]]
    sen = sen.rename(columns={"value": "cohort_share"})
    sen = sen.merge(
        base[base["dimension"] == "sen"][["category", "value"]].rename(columns={"value": "population_share"}),
        on="category",
        how="left",
    )
    sen = representation_frame(sen) if len(sen) else sen.assign(ratio=[], lower=[], upper=[])
    sen = viewer.rounded_ratios(sen, role)
    if "representation_ratio" in sen:  # the name disproportionality.representation_frame gives it
        sen["ratio"] = sen["representation_ratio"]
    sen["label"] = [category_label("sen", c) for c in sen["category"]]
    phrases = {"ehcp": "had an EHC plan", "sen_support": "had SEN support"}
    readings = [
        representation_reading(
            r["cohort_share"],
            r["population_share"],
            "the youth offending service cohort",
            "secondary pupils",
            phrases.get(r["category"], f"were in {r['label']}"),
            r["ratio"],
        )
        for _, r in sen.iterrows()
    ]
    la = cohort[(cohort["dimension"] == "looked_after") & (cohort["category"] == "looked_after")]
    la_share = None if la.empty or is_missing(la["value"].iloc[0]) else float(la["value"].iloc[0])
    if la_share is not None:
        readings.append(
            f"Between a fifth and a quarter of the cohort were looked after (recorded as "
            f"{format_number(la_share, 1)}%, the midpoint); no matching population share is "
            "held, so no ratio is given."
        )
    kpi = frame[(frame["indicator_id"] == ids[2]) & (frame["dimension"] == "all")].reset_index(drop=True)
    return Representation(sen, la_share, period, readings or [NO_DATA], kpi)
