"""The disproportionality page's view over time by SEN and care status (real, published counts)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.charts import rri as rri_charts
from indicators.cohorts import category_label
from indicators.readings import format_bound, format_marker, format_number, format_ratio, is_missing
from indicators.services.group_rri import RECIPES, GroupRRI
from indicators.ui import cached, components
from indicators.ui.widgets import choose

DOWNLOAD = ["period", "category", "label", "events", "population", "rate", "rri", "lower", "upper", "significant",
            "low_reliability", "marker"]  # fmt: skip
TREND_WORDS = {
    "narrowing": "narrowing (moving towards 1)",
    "widening": "widening (moving away from 1)",
    "no_significant_change": "not changing significantly",
    "cannot_be_calculated": "too uncertain to test (fewer than 3 years with an interval)",
}


def _ratio(r: pd.Series) -> str:
    if r["reference"]:
        return "1 (reference)"
    if is_missing(r["rri"]):
        return format_marker(r["marker"]) or "[x]"
    text = format_ratio(r["rri"])
    if not is_missing(r["lower"]):
        text += f" ({format_bound(r['lower'])} to {format_bound(r['upper'])})"
    return text + (" [u]" if format_marker(r["marker"]) == "[u]" else "")


def _count(value: object, marker: str) -> str:
    return (marker or "[x]") if is_missing(value) else format_number(float(value), 0)  # type: ignore[arg-type]


def table(result: GroupRRI) -> pd.DataFrame:
    """The chart's data as a table: one row per year and group."""
    rows = []
    for _, r in result.frame.iterrows():
        marker = format_marker(r["marker"])
        rows.append({
            "Year": r["period"],
            "Group": r["label"],
            "Children in the group": _count(r["population"], marker),
            "Of whom counted": _count(r["events"], marker),
            "Rate (%)": "" if is_missing(r["rate"]) else format_number(r["rate"], 1),
            "Relative rate index (95% CI)": _ratio(r),
            "Significant": "yes" if r["significant"] and not r["low_reliability"] else "no",
        })  # fmt: skip
    return pd.DataFrame(rows)


def summary(result: GroupRRI) -> str:
    reference = category_label(result.dimension, RECIPES[result.dimension].reference)
    trends = [f"{category_label(result.dimension, c)}: {TREND_WORDS[t.status]}" for c, t in result.trends.items()]
    lines = [f"- {r}" for r in result.readings]
    lines.append(f"- Against {reference} children, the gap over the years is " + "; ".join(trends) + ".")
    return "\n".join(lines)


def group_rri_view(role: str) -> None:
    """RRIs by SEN status or care status for every year the publishers give counts for."""
    options = cached.group_rri_options(role)
    if not options:
        st.info("No population base by SEN or care status is loaded.")
        return
    dimension = choose(
        "Groups by", options, "trend_by", options[0], "disproportionality.over_time", lambda d: RECIPES[d].label
    )
    result = cached.group_rri_over_time(dimension, role)
    title = f"{result.area_name}: {RECIPES[dimension].label.split(': ', 1)[1]}, relative rate index by year"
    recipe = RECIPES[dimension]
    fig = rri_charts.rri_over_time_chart(
        result.frame[~result.frame["reference"]], title=title, period_type=recipe.period_type
    )
    download = result.frame[[c for c in DOWNLOAD if c in result.frame.columns]]
    components.chart_tabs(fig, table(result), download, summary(result), f"rri_{dimension}_{result.area_code}",
                          key=f"group-rri-{dimension}")  # fmt: skip
    for note in result.notes:
        st.caption(note)
    st.caption(result.source)
