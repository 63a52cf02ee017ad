"""Streamlit pieces for the cohort and disproportionality pages: URL-backed selectors, the four
disproportionality views (each a chart, its reading and its table); the meeting view is ui/meeting_view.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from indicators import meeting
from indicators.disproportionality import default_reference
from indicators.services.rri import (
    BASES,
    RRI_DIMENSIONS,
    DisproportionalityOptions,
    group_label,
)
from indicators.ui import cached, components, feedback, rendered
from indicators.ui.widgets import choose, chosen


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

    def summary(self) -> str:
        """The choices in one sentence, for when their selectors are folded away."""
        groups = RRI_DIMENSIONS.get(self.dimension, self.dimension).lower()
        reference = group_label(self.dimension, self.reference)
        return (
            f"**Showing:** {self.stage_title}, {self.period}, {groups} compared with {reference} children; "
            f"{BASES[self.basis][0].lower()}{BASES[self.basis][1:]}."
        )

    def period_for(self, stage_id: str) -> str:
        """The chosen year, or the stage's latest year when it has no figures for it."""
        held = self.periods.get(stage_id, [])
        return self.period if self.period in held or not held else held[-1]


def disproportionality_selectors(options: DisproportionalityOptions, role: str, draw: bool = True) -> Selection:
    """The stage, year, groups, reference group and basis from the URL, with their selectors when
    ``draw`` (the page draws them only while their expander is open: issue 21)."""
    titles = {s.id: s.title for s in options.stages}
    stage_ids = list(titles)
    slots: list[Any] = [*st.columns([3, 1, 2]), *st.columns([2, 3, 1])] if draw else [None] * 6

    def pick(label: str, choices: list[str], param: str, default: str, key: str, slot: int, fmt: Any = str,
             resets: tuple[str, ...] = ()) -> str:  # fmt: skip
        if not draw:
            return chosen(label, choices, param, default, fmt)
        return choose(label, choices, param, default, key, fmt, slots[slot], resets=resets)

    fte = "first_time_entrants_count"
    default_stage = fte if fte in titles else stage_ids[0]
    stage = pick("Stage", stage_ids, "stage", default_stage, "disproportionality.stage", 0, titles.get,
                 ("period", "dimension", "reference"))  # fmt: skip
    periods = options.periods[stage]
    period = pick("Year", periods[::-1], "period", periods[-1], f"disproportionality.period.{stage}", 1)
    dims = options.dimensions[stage]
    dimension = pick("Groups", dims, "dimension", dims[0], f"disproportionality.dimension.{stage}", 2,
                     RRI_DIMENSIONS.get, ("reference",))  # fmt: skip
    groups = options.groups[dimension]

    def children(c: str) -> str:
        return f"{group_label(dimension, c)} children"

    reference = pick("Compared with", groups, "reference", default_reference(groups),
                     f"disproportionality.reference.{dimension}", 3, children)  # fmt: skip
    basis = pick("Basis", list(BASES), "basis", "population", "disproportionality.basis", 4, BASES.get)
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


def _show(view: rendered.ChartParts | None, key: str, in_meeting: bool) -> None:
    if view is None:
        st.info("No figures for special educational needs or care status are held yet.")
        return
    if not in_meeting:
        components.chart_parts(view, key=key)
        return
    st.plotly_chart(view.figure, key=f"meeting-{key}", width="stretch")
    st.markdown(view.summary)
    for note in view.notes:
        st.caption(note)


def render(item: meeting.AgendaItem, sel: Selection, in_meeting: bool = False) -> None:
    """One agenda item: its heading, chart, reading, notes (and Table/Download tabs off meeting).
    Each view is built once per data version and selection (ui.cached, ui.stage_views)."""
    st.header(item.title)
    common = (sel.dimension, sel.reference, sel.role, sel.basis, in_meeting)
    if item.kind == meeting.FOREST:
        stage_id = item.stage_id or sel.stage_id
        _show(cached.forest_chart(stage_id, sel.period_for(stage_id), *common), f"forest-{stage_id}", in_meeting)
    elif item.kind == meeting.HEATMAP:
        _show(cached.heatmap_chart(sel.period, *common), "heatmap", in_meeting)
    elif item.kind == meeting.OVER_TIME:
        _show(cached.over_time_chart(sel.stage_id, sel.stage_title, *common), "over-time", in_meeting)
    else:
        _show(cached.representation_chart(sel.role, in_meeting), "representation", in_meeting)
