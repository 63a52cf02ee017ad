"""Meeting pack: choose indicators and disproportionality views, download them as one PDF."""

import streamlit as st

from indicators.catalogue import load_catalogue
from indicators.ui import cached, delivery, feedback, navigation, session, widgets

navigation.ensure_navigation()

role = session.current_role()
catalogue = load_catalogue()
version = cached.data_version()
st.title("Meeting pack")
st.markdown(
    "A PDF for the Youth Safety Delivery group: a title page (date, data version, which series are "
    "illustrative), then one chart per page with its plain-English reading and its data table. "
    "Figures are suppressed exactly as on the public pages."
)
feedback.publication_banner(role)
delivery.board_pack_block(role)
st.header("Choose the charts")

kpis = [i.id for i in catalogue.kpis()]
indicator_ids = widgets.choose_many(
    "Indicators", kpis, "ids", kpis[:5], "meeting_pack.indicators", lambda i: catalogue.get(i).title
)

options = cached.disproportionality_options()
views: dict[str, tuple[str, str | None, str | None]] = {
    f"{stage.title}, {options.periods[stage.id][-1]}: relative rate index by ethnicity": (
        "stage_rri",
        stage.id,
        options.periods[stage.id][-1],
    )
    for stage in options.stages
    if "ethnicity" in options.dimensions.get(stage.id, [])
}
views["Special educational needs: youth offending service cohort against secondary pupils"] = (
    "representation",
    None,
    None,
)
chosen_views = st.multiselect(
    "Disproportionality views",
    list(views),
    default=list(views)[:1] + list(views)[-1:],
    key="meeting_pack.views",
)

selection = (tuple(indicator_ids), tuple(views[v] for v in chosen_views), role)
if not indicator_ids and not chosen_views:
    st.info("Choose at least one indicator or view.")
    st.stop()

st.caption(
    f"{len(indicator_ids) + len(chosen_views)} chart pages. Building takes a few seconds: "
    "each chart is drawn by a browser."
)
if st.button("Build the meeting pack", type="primary", key="meeting_pack.build"):
    st.session_state["meeting_pack.built"] = (selection, version)
if st.session_state.get("meeting_pack.built") != (selection, version):
    st.stop()

with st.spinner("Drawing the charts and laying out the PDF…"):
    pdf = cached.meeting_pack_pdf(*selection)
st.success(f"The pack is ready: a title page and {len(indicator_ids) + len(chosen_views)} chart pages.")
st.download_button(
    f"Download the meeting pack (PDF, {len(pdf) / 1024:,.0f} KB)",
    data=pdf,
    file_name=f"youth_safety_meeting_pack_v{version}.pdf",
    mime="application/pdf",
    key="meeting_pack.download",
    on_click="ignore",
)
