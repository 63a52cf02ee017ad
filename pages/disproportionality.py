"""Disproportionality: which groups of children are more likely to reach each youth justice stage.

Relative rate indices with 95% intervals (forest plot), every stage at a glance (heatmap), the gap
over time, and SEN / care status representation; a meeting view steps through them one per screen.
"""

import streamlit as st

from indicators import meeting
from indicators.ui import cached, feedback, navigation, session
from indicators.ui import cohort_components as cc

navigation.ensure_navigation()

role = session.current_role()
options = cached.disproportionality_options()
in_meeting = st.query_params.get("meeting") == "1"

st.title("Disproportionality in youth justice")
if not in_meeting:
    st.markdown(
        "How much more (or less) likely each group of Islington children is to reach each stage of the "
        "youth justice system than a reference group, given its share of the 10-17 population (or of "
        "the previous stage). A relative rate index (RRI) of 1 means the same rate; 2 means twice as "
        "likely. Lines show 95% confidence intervals; a group is coloured only when its difference is "
        "statistically significant and based on at least 10 children."
    )
feedback.publication_banner(role)
if not options.stages:
    st.info("No youth justice stage has figures by group yet.")
    cc.call_to_action(role)
    st.stop()

with st.expander("Choose the stage, year and groups", expanded=not in_meeting):
    selection = cc.disproportionality_selectors(options, role)
on = st.toggle("Meeting view: large type, one chart per screen", value=in_meeting, key="disproportionality.meeting")
if on != in_meeting:
    if on:
        st.query_params.update({"meeting": "1", "view": "1"})
    else:
        for param in ("meeting", "view"):
            st.query_params.pop(param, None)
    st.rerun()

stage_table = cached.stage_rri_table(
    selection.stage_id, selection.period, selection.dimension, selection.reference, role, selection.basis
)
if stage_table.illustrative:
    if in_meeting:
        st.markdown(f"⚠ **{feedback.ILLUSTRATIVE_TEXT}.**")
    else:
        cc.call_to_action(role)

agenda = meeting.build_agenda(list(selection.stages), selection.stage_id)
if in_meeting:
    cc.meeting_view(selection, agenda)
else:
    shown = [item for item in agenda if item.kind != meeting.FOREST or item.stage_id == selection.stage_id]
    for item in sorted(shown, key=lambda i: i.kind != meeting.FOREST):
        cc.render(item, selection)
    feedback.symbols_help()
