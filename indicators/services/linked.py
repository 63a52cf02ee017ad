"""Who offends, against who is at school: representation ratios from the MoJ-DfE linked data.

The linked education, children's social care and offending data give, for the pupils living in an
area in the same KS4 cohorts, the share of all pupils and the share of the children who offended
(or committed a serious violence offence) in each group. A group's representation ratio is its
share of offenders over its share of pupils (DESIGN §5), with a 95% interval from the counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from indicators.areas import ENGLAND, area_name
from indicators.catalogue import load_catalogue
from indicators.cohorts import category_label
from indicators.disproportionality import representation_frame
from indicators.readings import NO_DATA, is_missing, representation_reading
from indicators.services import series
from indicators.settings import get_settings
from indicators.store import queries

if TYPE_CHECKING:
    from sqlalchemy import Engine

BASE = "pupils_linked_cohort"
OFFENCES: dict[str, str] = {
    "yj_offenders_linked": "children who offended",
    "yj_serious_violence_offenders_linked": "children who committed a serious violence offence",
}
# The strategy's high-risk groups (section 5.4) first: ethnicity, then care, SEN, exclusion.
DIMENSION_ORDER = ("ethnicity", "sex", "looked_after", "children_in_need", "sen", "disadvantage", "exclusion",
                   "absence")  # fmt: skip
# How a reading says a child is in the group ("30% of children who offended were Black ...").
PHRASES: dict[tuple[str, str], str] = {
    ("sen", "ehcp"): "had an EHC plan", ("sen", "sen_support"): "had SEN support",
    ("sen", "no_sen"): "had no identified SEN", ("disadvantage", "fsm"): "were eligible for free school meals",
    ("exclusion", "suspended"): "had been suspended",
    ("exclusion", "permanently_excluded"): "had been permanently excluded",
    ("absence", "persistent_absence"): "were persistently absent",
    ("looked_after", "looked_after"): "had been looked after",
    ("children_in_need", "child_in_need"): "had been children in need", ("sex", "male"): "were boys",
    ("sex", "female"): "were girls",
}  # fmt: skip
TABLE_COLUMNS = [
    "dimension", "category", "label", "cohort_count", "cohort_total", "cohort_share", "population_count",
    "population_total", "population_share", "ratio", "lower", "upper", "significant", "low_reliability", "marker",
]  # fmt: skip


@dataclass(frozen=True)
class LinkedOptions:
    areas: dict[str, str]  # code -> name, home area first
    offences: dict[str, str]  # indicator id -> plain name, where the data has rows
    dimensions: list[str]


@dataclass
class LinkedRepresentation:
    area_code: str
    area_name: str
    offence: str
    offence_name: str
    dimension: str
    period: str | None
    table: pd.DataFrame  # TABLE_COLUMNS, in the cohort order
    readings: list[str]
    source: str


def linked_options(engine: Engine) -> LinkedOptions:
    home = get_settings().home_area
    with engine.connect() as conn:
        rows = queries.observations(conn, indicator_ids=[BASE, *OFFENCES], area_codes=[home, ENGLAND])
    present = set(rows["indicator_id"])
    codes = [c for c in (home, ENGLAND) if c in set(rows["area_code"])]
    dims = [d for d in DIMENSION_ORDER if d in set(rows["dimension"])]
    return LinkedOptions({c: area_name(c) for c in codes}, {i: n for i, n in OFFENCES.items() if i in present}, dims)


def _side(frame: pd.DataFrame, indicator_id: str, prefix: str) -> pd.DataFrame:
    rows = frame[frame["indicator_id"] == indicator_id]
    out = rows[["category", "numerator", "denominator", "marker"]].rename(
        columns={"numerator": f"{prefix}_count", "denominator": f"{prefix}_total", "marker": f"{prefix}_marker"}
    )
    return out.reset_index(drop=True)


def linked_representation(
    engine: Engine, offence: str, dimension: str, role: series.Role, area_code: str | None = None
) -> LinkedRepresentation:
    """Representation ratios of each group of ``dimension`` among offenders, for one area.

    Viewers get the counts after suppression, so a ratio or interval built on a hidden count is
    hidden too (DESIGN §6); groups the publisher did not publish ('c') have no ratio.
    """
    area = area_code or get_settings().home_area
    with engine.connect() as conn:
        frame = queries.observations(conn, indicator_ids=[BASE, offence], area_codes=[area], dimensions=[dimension])
    frame = series.protect(frame, role)
    period = frame.sort_values("period_start")["period"].iloc[-1] if len(frame) else None
    frame = frame[frame["period"] == period]
    table = _side(frame, offence, "cohort").merge(_side(frame, BASE, "population"), on="category", how="outer")
    if len(table):
        table = representation_frame(table)
        table["ratio"] = table["representation_ratio"]
        table["significant"] = (table["lower"] > 1) | (table["upper"] < 1)
    else:
        table = pd.DataFrame(columns=TABLE_COLUMNS)
    table["dimension"] = dimension
    table["label"] = [category_label(dimension, c) for c in table["category"]]
    hidden = table["cohort_marker"].isin(["c"]) | table["population_marker"].isin(["c"])
    table["marker"] = hidden.map({True: "c", False: None})
    for column in ("ratio", "lower", "upper", "cohort_share", "population_share"):
        table.loc[hidden, column] = float("nan")
    table["significant"] = table["significant"].fillna(False).astype(bool) & ~hidden
    table = table.reindex(columns=TABLE_COLUMNS).reset_index(drop=True)
    name = OFFENCES.get(offence, offence)
    return LinkedRepresentation(
        area, area_name(area), offence, name, dimension, period, table, _readings(table, name), _source(offence)
    )


def _readings(table: pd.DataFrame, offence_name: str) -> list[str]:
    readings = []
    for _, r in table.iterrows():
        if is_missing(r["ratio"]):
            continue
        readings.append(
            representation_reading(
                r["cohort_share"],
                r["population_share"],
                offence_name,
                "all pupils",
                _phrase(r["dimension"], r["category"], r["label"]),
                r["ratio"],
                r["lower"],
                r["upper"],
                bool(r["low_reliability"]),
            )  # fmt: skip
        )
    return readings or [NO_DATA]


def _phrase(dimension: str, category: str, label: str) -> str:
    if (dimension, category) in PHRASES:
        return PHRASES[(dimension, category)]
    return f"were {label}" if label.istitle() and " " not in label else f"were recorded as '{label}'"


def _source(offence: str) -> str:
    ind = load_catalogue().get(offence)
    return f"Source: {ind.source.publisher} — {ind.source.name}. {ind.note or ''}".strip()
