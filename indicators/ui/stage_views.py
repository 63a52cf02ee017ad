"""The four disproportionality views (forest plot, stage heatmap, over time, SEN representation), each
built once per data version and selection (ui.cached.stage_chart keeps it; issue 21).

Building the four Plotly figures was three quarters of each rerun of /disproportionality?show=example
(py-spy: Plotly's update_layout path walking), and the browser cannot start drawing a chart before the
server has sent it. Here they become frozen views that a page only hands to Streamlit. Nothing here
draws, and nothing reads the database.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from indicators.charts import rri as rri_charts
from indicators.charts import style
from indicators.readings import format_marker, format_ratio, format_share, is_missing
from indicators.services.rri import BASES, group_label
from indicators.stage_readings import heatmap_reading
from indicators.suppression import display_value
from indicators.ui.rendered import ChartParts

# A meeting slide's chart height: the slide (navigation, caption, chart, reading) fits 1080 px.
MEETING_CHART_HEIGHT = 470

DOWNLOAD_COLUMNS = [
    "stage",
    "period",
    "category",
    "label",
    "events",
    "population",
    "previous",
    "rate",
    "rri",
    "lower",
    "upper",
    "low_reliability",
    "significant",
    "reference",
    "marker",
]


def rri_display_table(table: pd.DataFrame) -> pd.DataFrame:
    """Group, counts, RRI and 95% CI as text, with [c], [x] and [u] where they apply."""
    denominator = "population" if "population" in table else "previous"
    rows = []
    for _, r in table.iterrows():
        marker = r.get("marker")
        hidden = format_marker(marker) == "[c]"
        rri_marker = marker if marker in ("c", "u", "x") else (None if not is_missing(r["rri"]) else "x")
        ci = "" if is_missing(r["lower"]) else f"{format_ratio(r['lower'])} to {format_ratio(r['upper'])}"
        rows.append(
            {
                "Stage": r.get("stage", ""),
                "Year": r.get("period", ""),
                "Group": r["label"],
                "Count": display_value(r["events"], "c" if is_missing(r["events"]) and hidden else None, 0),
                "Population" if denominator == "population" else "Previous stage": display_value(
                    r[denominator], None, 0
                ),
                "RRI": "1 (reference)" if r["reference"] else display_value(r["rri"], rri_marker, 2),
                "95% CI": "[c]" if hidden else ci,
                "Significant": "Yes" if r["significant"] else "No",
            }
        )
    return pd.DataFrame(rows)


def _download(table: pd.DataFrame) -> pd.DataFrame:
    return table[[c for c in DOWNLOAD_COLUMNS if c in table.columns]]


def _view(
    fig: go.Figure, table: pd.DataFrame, download: pd.DataFrame, readings: list[str], notes: list[str], stem: str,
    meeting: bool,
) -> ChartParts:  # fmt: skip
    summary = "\n".join(f"- {r}" for r in readings) if len(readings) > 1 else "".join(readings)
    if meeting:
        fig = style.fit_for_projector(fig, MEETING_CHART_HEIGHT)
    return ChartParts(fig, summary, tuple(notes), table, download, stem)


def forest(r: Any, stage_id: str, period: str, meeting: bool) -> ChartParts:
    """One stage's RRI per group with 95% intervals (``r``: services.rri.stage_rri_table)."""
    fig = rri_charts.forest_plot(r.table, r.reference_label, f"{r.stage.title}, {period}", meeting=meeting)
    stem = f"rri_{stage_id}_{period.replace('/', '-')}"
    return _view(fig, rri_display_table(r.table), _download(r.table), r.readings, r.notes, stem, meeting)


def heatmap(frame: pd.DataFrame, period: str, dimension: str, reference: str, basis: str, meeting: bool) -> ChartParts:
    """Every stage against every group in one year (``frame``: services.rri.rri_heatmap_frame)."""
    reading = heatmap_reading(frame, group_label(dimension, reference), basis)
    return _view(
        rri_charts.rri_heatmap(frame, meeting=meeting),
        rri_display_table(frame),
        _download(frame),
        [reading],
        [f"Year: {period}. {BASES[basis]}."],
        f"rri_stages_{period.replace('/', '-')}",
        meeting,
    )


def over_time(o: Any, stage_id: str, stage_title: str, meeting: bool) -> ChartParts:
    """One stage's RRI per group, year by year (``o``: services.rri.rri_over_time)."""
    title = f"{stage_title}: relative rate index over time"
    fig = rri_charts.rri_over_time_chart(o.frame, meeting=meeting, title=title)
    stem = f"rri_{stage_id}_over_time"
    return _view(fig, rri_display_table(o.frame), _download(o.frame), [o.reading], o.notes, stem, meeting)


def representation(rep: Any, meeting: bool) -> ChartParts | None:
    """SEN in the youth offending cohort against secondary pupils (``rep``: services.rri.representation);
    None when no such figures are held."""
    if rep.sen.empty:
        return None
    fig = rri_charts.representation_chart(
        rep.sen,
        meeting=meeting,
        cohort_name="the youth offending service cohort",
        population_name="secondary pupils",
        title=f"SEN in the youth offending service cohort and in secondary schools ({rep.period_label})",
    )
    table = pd.DataFrame(
        {
            "Group": rep.sen["label"],
            "Share of the YOS cohort": [format_share(v) for v in rep.sen["cohort_share"]],
            "Share of secondary pupils": [format_share(v) for v in rep.sen["population_share"]],
            "Representation ratio": [format_ratio(v) for v in rep.sen["ratio"]],
        }
    )
    note = f"A one-off snapshot ({rep.period_label}), as reported in the strategy (section 5)."
    return _view(fig, table, rep.sen, rep.readings, [note], "representation_sen", meeting)
