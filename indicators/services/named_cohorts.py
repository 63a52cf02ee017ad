"""The strategy's named groups (cohorts.load_named_cohorts) against a comparison group: value and
95% interval of each (Wilson for percentages, Byar for rates and counts: status.add_intervals), and
a two-sample test of the difference. No Streamlit; viewers read the suppressed dataset
(services.viewer), so a group hidden there is hidden here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from indicators import stats
from indicators.catalogue import Indicator, load_catalogue
from indicators.cohorts import NamedCohort, load_named_cohorts
from indicators.errors import CohortError
from indicators.home import current_home
from indicators.readings import format_bare, format_number, format_value, is_missing
from indicators.services import viewer
from indicators.services.series import Role
from indicators.settings import get_settings
from indicators.status import add_intervals

if TYPE_CHECKING:
    from sqlalchemy import Engine

COLUMNS = ["name", "numerator", "denominator", "value", "lower_ci", "upper_ci", "marker"]


@dataclass
class NamedComparison:
    """One named group and its comparison group for one indicator and period."""

    cohort: NamedCohort
    against: NamedCohort
    indicator: Indicator
    period: str
    rows: pd.DataFrame  # COLUMNS plus period/dimension/category/illustrative: the group, then the comparison
    difference: stats.Difference | None
    illustrative: bool
    reading: str


def _frame(engine: Engine, indicator_id: str, cohorts: list[NamedCohort], role: Role) -> pd.DataFrame:
    ind = load_catalogue().get(indicator_id)
    frame = viewer.observations(
        engine,
        role,
        indicator_ids=[indicator_id],
        area_codes=[get_settings().home_area],
        dimensions=sorted({c.dimension for c in cohorts}),
    )
    return viewer.rounded(add_intervals(frame, ind), role)


def _rows(frame: pd.DataFrame, cohort: NamedCohort) -> pd.DataFrame:
    return frame[(frame["dimension"] == cohort.dimension) & (frame["category"] == cohort.category)]


def available(engine: Engine, indicator_id: str, role: Role) -> dict[str, list[NamedCohort]]:
    """Named group id -> the comparison groups that share a period with it (declared order, so
    the first is the default), for the groups that have any."""
    named = list(load_named_cohorts())
    frame = _frame(engine, indicator_id, [*named, *(a for c in named for a in c.comparisons)], role)
    out = {c.id: [a for a in c.comparisons if _period(frame, c, a) is not None] for c in named}
    return {cid: against for cid, against in out.items() if against}


def _period(frame: pd.DataFrame, cohort: NamedCohort, against: NamedCohort) -> str | None:
    """The latest period holding both groups."""
    both = set(_rows(frame, cohort)["period"]) & set(_rows(frame, against)["period"])
    ordered = frame[frame["period"].isin(both)].sort_values("period_start")["period"]
    return str(ordered.iloc[-1]) if len(ordered) else None


def compare(
    engine: Engine, indicator_id: str, cohort: NamedCohort, against: NamedCohort, role: Role
) -> NamedComparison:
    """The latest period that holds both groups; CohortError when none does."""
    ind = load_catalogue().get(indicator_id)
    frame = _frame(engine, indicator_id, [cohort, against], role)
    period = _period(frame, cohort, against)
    if period is None:
        raise CohortError(f"{ind.title} has no year with figures for both {cohort.name} and {against.name.lower()}")
    at = frame[frame["period"] == period]
    rows = pd.concat([_rows(at, cohort).assign(name=cohort.name), _rows(at, against).assign(name=against.name)])
    rows = rows.reset_index(drop=True)
    difference = _difference(rows, ind)
    illustrative = bool(rows["illustrative"].any())
    reading = named_reading(rows, ind, period, difference, illustrative, current_home().name)
    return NamedComparison(cohort, against, ind, period, rows, difference, illustrative, reading)


def _difference(rows: pd.DataFrame, ind: Indicator) -> stats.Difference | None:
    """Counts when both rows show them (a test on the counts), else the published intervals."""
    first, second = rows.iloc[0], rows.iloc[1]
    counts = [first["numerator"], first["denominator"], second["numerator"], second["denominator"]]
    if not any(is_missing(v) for v in counts):
        x1, n1, x2, n2 = (float(v) for v in counts)
        if ind.is_proportion:
            return stats.compare_proportions(x1, n1, x2, n2)
        if ind.is_rate:
            return stats.compare_rates(x1, n1, x2, n2)
    cells = [first["value"], first["lower_ci"], first["upper_ci"], second["value"], second["lower_ci"]]
    if any(is_missing(v) for v in [*cells, second["upper_ci"]]):
        return None
    return stats.compare_intervals(*(float(v) for v in [*cells, second["upper_ci"]]))


def _p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {format_number(p, 3)}"


def _figure(row: pd.Series, ind: Indicator) -> str:
    if is_missing(row["value"]):
        return "not shown (too few children, or not published)"
    text = format_value(row["value"], ind)
    if not (is_missing(row["lower_ci"]) or is_missing(row["upper_ci"])):
        bounds = f"{format_bare(row['lower_ci'], ind)} to {format_bare(row['upper_ci'], ind)}"
        text += f" (95% confidence interval {bounds})"
    return text


def named_reading(
    rows: pd.DataFrame,
    ind: Indicator,
    period: str,
    difference: stats.Difference | None,
    illustrative: bool,
    area: str,
) -> str:
    """'In 2023/24 in Islington, Black Caribbean boys: 8.33 per 100 (...); all boys: ... .' and the test."""
    first, second = rows.iloc[0], rows.iloc[1]
    text = (
        f"{ind.title}, {period}, {area}. {first['name']}: {_figure(first, ind)}. "
        f"{second['name']}: {_figure(second, ind)}."
    )
    if illustrative:
        return text + " These are illustrative figures, so no comparison is drawn."
    if difference is None:
        return text + " The two groups cannot be compared from what is shown."
    if difference.direction == "similar":
        return text + (
            f" The difference between {first['name']} and {second['name']} could be chance "
            f"({difference.method}, {_p_text(difference.p_value)})."
        )
    return text + (
        f" The figure for {first['name']} is {difference.direction} than for {second['name']}, "
        f"and the difference is unlikely to be chance ({difference.method}, {_p_text(difference.p_value)})."
    )
