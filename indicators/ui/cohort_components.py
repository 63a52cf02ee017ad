"""Streamlit pieces for the cohort and disproportionality pages: URL-backed selectors, the four
disproportionality views (each a chart, its reading and its table); the meeting view is ui/meeting_view.py."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from indicators import meeting
from indicators.charts import rri as rri_charts
from indicators.charts import style
from indicators.disproportionality import default_reference
from indicators.readings import format_marker, format_ratio, format_share, is_missing
from indicators.services.rri import (
    BASES,
    RRI_DIMENSIONS,
    DisproportionalityOptions,
    group_label,
)
from indicators.stage_readings import heatmap_reading
from indicators.suppression import display_value
from indicators.ui import cached, components, feedback
from indicators.ui.widgets import choose

# A meeting slide's chart height: the slide (navigation, caption, chart, reading) fits 1080 px.
MEETING_CHART_HEIGHT = 470


@dataclass(frozen=True)
class Selection:
    stage_id: str
    stage_title: str
    period: str
    dimension: str
    reference: str
    basis: str
    role: str
    stages: tuple[tuple[str, str], ...]
    periods: dict[str, list[str]]

    def period_for(self, stage_id: str) -> str:
        """The chosen year, or the stage's latest year when it has no figures for it."""
        held = self.periods.get(stage_id, [])
        return self.period if self.period in held or not held else held[-1]


def disproportionality_selectors(options: DisproportionalityOptions, role: str) -> Selection:
    titles = {s.id: s.title for s in options.stages}
    stage_ids = list(titles)
    cols = [*st.columns([3, 1, 2]), *st.columns([2, 3, 1])]
    fte = "first_time_entrants_count"
    stage = choose(
        "Stage",
        stage_ids,
        "stage",
        fte if fte in titles else stage_ids[0],
        "disproportionality.stage",
        titles.get,
        cols[0],
        resets=("period", "dimension", "reference"),
    )
    periods = options.periods[stage]
    period = choose("Year", periods[::-1], "period", periods[-1], f"disproportionality.period.{stage}", where=cols[1])
    dims = options.dimensions[stage]
    dimension = choose(
        "Groups",
        dims,
        "dimension",
        dims[0],
        f"disproportionality.dimension.{stage}",
        RRI_DIMENSIONS.get,
        cols[2],
        resets=("reference",),
    )
    groups = options.groups[dimension]
    reference = choose(
        "Compared with",
        groups,
        "reference",
        default_reference(groups),
        f"disproportionality.reference.{dimension}",
        lambda c: f"{group_label(dimension, c)} children",
        cols[3],
    )
    basis = choose("Basis", list(BASES), "basis", "population", "disproportionality.basis", BASES.get, cols[4])
    return Selection(
        stage, titles[stage], period, dimension, reference, basis, role, tuple(titles.items()), dict(options.periods)
    )


def page_link(page: str, label: str, url_path: str, query_params: dict[str, str] | None = None) -> None:
    """st.page_link, or a plain link when the page runs outside the app's navigation (tests)."""
    try:
        st.page_link(page, label=label, query_params=query_params)
    except st.errors.StreamlitAPIException:
        query = "&".join(f"{k}={v}" for k, v in (query_params or {}).items())
        st.markdown(f"[{label}]({url_path}{'?' + query if query else ''})")


def call_to_action(role: str) -> None:
    """Illustrative stage data: say so, and ask for the real figures."""
    feedback.illustrative_banner()
    if role == "analyst":
        st.markdown(
            "**Replace these with real figures:** upload the youth justice service's figures by "
            "ethnicity (one row per stage, year and group, in the native format)."
        )
        page_link("pages/upload.py", "Upload the youth justice service's figures by ethnicity", "upload")
    else:
        st.markdown(
            "These stage figures are invented to show how the view works. The council's analysts "
            "will replace them when they upload the youth justice service's figures by ethnicity."
        )


# --------------------------------------------------------------------------------------------
# The four views
# --------------------------------------------------------------------------------------------


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


def _download(table: pd.DataFrame) -> pd.DataFrame:
    return table[[c for c in DOWNLOAD_COLUMNS if c in table.columns]]


def _show(
    fig,
    table: pd.DataFrame,
    download: pd.DataFrame,
    readings: list[str],
    notes: list[str],
    stem: str,
    key: str,
    in_meeting: bool,
) -> None:
    summary = "\n".join(f"- {r}" for r in readings) if len(readings) > 1 else "".join(readings)
    if in_meeting:
        st.plotly_chart(style.fit_for_projector(fig, MEETING_CHART_HEIGHT), key=f"meeting-{key}", width="stretch")
        st.markdown(summary)
    else:
        components.chart_tabs(fig, table, download, summary, stem, key=key)
    for note in notes:
        st.caption(note)


def _forest(sel: Selection, stage_id: str, in_meeting: bool) -> None:
    period = sel.period_for(stage_id)
    r = cached.stage_rri_table(stage_id, period, sel.dimension, sel.reference, sel.role, sel.basis)
    title = f"{r.stage.title}, {period}"
    fig = rri_charts.forest_plot(r.table, r.reference_label, title, meeting=in_meeting)
    _show(
        fig,
        rri_display_table(r.table),
        _download(r.table),
        r.readings,
        r.notes,
        f"rri_{stage_id}_{period.replace('/', '-')}",
        f"forest-{stage_id}",
        in_meeting,
    )


def _heatmap(sel: Selection, in_meeting: bool) -> None:
    frame = cached.rri_heatmap_frame(sel.period, sel.dimension, sel.reference, sel.role, sel.basis)
    reading = heatmap_reading(frame, group_label(sel.dimension, sel.reference), sel.basis)
    _show(
        rri_charts.rri_heatmap(frame, meeting=in_meeting),
        rri_display_table(frame),
        _download(frame),
        [reading],
        [f"Year: {sel.period}. {BASES[sel.basis]}."],
        f"rri_stages_{sel.period.replace('/', '-')}",
        "heatmap",
        in_meeting,
    )


def _over_time(sel: Selection, in_meeting: bool) -> None:
    o = cached.rri_over_time(sel.stage_id, sel.dimension, sel.reference, sel.role, sel.basis)
    title = f"{sel.stage_title}: relative rate index over time"
    fig = rri_charts.rri_over_time_chart(o.frame, meeting=in_meeting, title=title)
    _show(
        fig,
        rri_display_table(o.frame),
        _download(o.frame),
        [o.reading],
        o.notes,
        f"rri_{sel.stage_id}_over_time",
        "over-time",
        in_meeting,
    )


def _representation(sel: Selection, in_meeting: bool) -> None:
    rep = cached.representation(sel.role)
    if rep.sen.empty:
        st.info("No figures for special educational needs or care status are held yet.")
        return
    fig = rri_charts.representation_chart(
        rep.sen,
        meeting=in_meeting,
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
    _show(
        fig,
        table,
        rep.sen,
        rep.readings,
        [f"A one-off snapshot ({rep.period_label}), as reported in the strategy (section 5)."],
        "representation_sen",
        "representation",
        in_meeting,
    )


def render(item: meeting.AgendaItem, sel: Selection, in_meeting: bool = False) -> None:
    """One agenda item: its heading, chart, reading, notes (and Table/Download tabs off meeting)."""
    st.header(item.title)
    if item.kind == meeting.FOREST:
        _forest(sel, item.stage_id or sel.stage_id, in_meeting)
    elif item.kind == meeting.HEATMAP:
        _heatmap(sel, in_meeting)
    elif item.kind == meeting.OVER_TIME:
        _over_time(sel, in_meeting)
    else:
        _representation(sel, in_meeting)
