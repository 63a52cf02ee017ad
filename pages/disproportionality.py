"""Disproportionality: which groups of children are over-represented among those who offend.

Opens on real, published data: representation ratios with 95% intervals from the MoJ-DfE linked
education, social care and offending data, by ethnicity, sex, care, SEN, free school meals and
exclusion. The stage-by-stage relative rate indices (forest plot, heatmap, over time) run on an
illustrative cascade until the youth justice service's figures are uploaded, so they are shown only
on request (``?show=example``) or in the meeting view.
"""

import streamlit as st

from indicators import meeting
from indicators.home import current_home
from indicators.ui import (
    cached,
    delivery,
    feedback,
    folds,
    group_rri,
    linked,
    meeting_view,
    named_rri,
    navigation,
    session,
    widgets,
)
from indicators.ui import cohort_components as cc

navigation.ensure_navigation()

role = session.current_role()
in_meeting = st.query_params.get("meeting") == "1"

st.title("Disproportionality in youth justice")
feedback.publication_banner(role)
VIEWS = {
    "linked": "Published data: who offends, against all pupils",
    "over_time": "Published data: SEN and care status over time",
    "named": "Published data: the groups the strategy names",
    "example": "Example: each stage (illustrative)",
}
if not in_meeting:
    # Pills, not a select: four views, all in view, and no select code for the example view to fetch.
    shown = widgets.choose("View", list(VIEWS), "show", "linked", "disproportionality.show", VIEWS.get, kind="pills")
    if shown == "linked":
        st.markdown(
            "Which groups of children are over-represented among the children who offended, compared with "
            "their share of all pupils in the same school years. A representation ratio of 1 means the same "
            "share; 1.5 means one and a half times their share. Lines show 95% confidence intervals; a group "
            "is coloured only when the difference is statistically significant and based on at least 10 children."
        )
        linked.linked_view(role)
        delivery.register_section(role)
        feedback.symbols_help()
        st.stop()
    if shown == "over_time":
        st.markdown(
            "How much more (or less) likely children with special educational needs, or children in care, are "
            "than other children of the same age to have each outcome, year by year, from published counts and "
            "population bases. A relative rate index of 1 means the same rate; lines show 95% confidence "
            "intervals; open markers are not statistically significant."
        )
        group_rri.group_rri_view(role)
        feedback.symbols_help()
        st.stop()
    if shown == "named":
        st.markdown(
            "The groups the Youth Safety Strategy names (section 5.4), each against a comparison group: how much "
            "more (or less) likely children in the group are to be counted by an indicator, from published counts. "
            "A relative rate index of 1 means the same rate; brackets give the 95% confidence interval."
        )
        named_rri.named_rri_view(role)
        feedback.symbols_help()
        st.stop()
    st.markdown(
        "How much more (or less) likely each group of children is to reach each stage of the youth justice "
        "system (arrest, first entry, court, custody) than a reference group, given its share of the 10-17 "
        "population (or of the previous stage). No stage-by-stage figures by ethnicity are published for "
        f"{current_home().name}, so this runs on an invented example until the youth justice service's figures are "
        "uploaded."
    )

options = cached.disproportionality_options()
if not options.stages:
    st.info("No youth justice stage has figures by group yet.")
    cc.call_to_action(role)
    st.stop()

# The five selectors are drawn only while their expander is open (issue 21: they were a fifth of the
# browser's work on this page); closed, the choices still come from the URL and are named above it.
shown_choices = st.empty()
chooser = folds.on_request("Change the stage, year or groups", "disproportionality.choose")
if chooser is not None:
    with chooser:
        selection = cc.disproportionality_selectors(options, role)
else:
    selection = cc.disproportionality_selectors(options, role, draw=False)
if not in_meeting:  # a slide names its comparison in its own caption, and must fit 1080 px
    shown_choices.markdown(selection.summary())
widgets.switch("Meeting view: large type, one chart per screen", {"meeting": "1", "view": "1"},
               "disproportionality.meeting")  # fmt: skip

stage_table = cached.stage_rri_table(
    selection.stage_id, selection.period, selection.dimension, selection.reference, role, selection.basis
)
if stage_table.illustrative and not in_meeting:  # a meeting slide flags itself
    cc.call_to_action(role)

agenda = meeting.build_agenda(list(selection.stages), selection.stage_id)
if in_meeting:
    meeting_view.meeting_view(selection, agenda)
else:
    shown = [item for item in agenda if item.kind != meeting.FOREST or item.stage_id == selection.stage_id]
    for item in sorted(shown, key=lambda i: i.kind != meeting.FOREST):
        cc.render(item, selection)
    feedback.symbols_help()
