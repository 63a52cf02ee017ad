"""Action plan: the strategy's 57 actions, their latest status, and the outcomes each objective serves."""

import html
from datetime import date

import streamlit as st

from indicators.catalogue import load_catalogue
from indicators.home import current_home
from indicators.services import actions as tracker
from indicators.services.series import benchmark_names
from indicators.ui import action_editor, cached, components, delivery, downloads, navigation, session, widgets

navigation.ensure_navigation()

role = session.current_role()
catalogue = load_catalogue()
home = current_home()
st.title("Action plan")
st.markdown(
    "The strategy's action plan: what each of the eight core activities will do, who leads it, which "
    "board oversees it and its latest reported status. An action is **overdue** when its timescale "
    "has passed and it is not complete. Below the summary, each objective lists the indicators that "
    "show whether the actions are making a difference."
)
if message := st.session_state.pop("action_plan.message", None):
    st.success(message)

frame = cached.action_plan(date.today().isoformat())
if frame.empty:
    st.info(
        f"No action plan is loaded for {home.name}: the 57 actions belong to Islington's Youth Safety "
        'Strategy (loaded with strategy = "islington" in config.toml), and another council\'s plan starts empty.'
    )
options = tracker.filter_options(frame)
CHOICES = {
    "strand": {"": "All core activities", **tracker.STRAND_NAMES},
    "objective": {"": "All objectives", **{str(k): f"{k}. {v}" for k, v in catalogue.objectives.items()}},
    "lead": {"": "All lead services", **{s: s for s in options["lead"]}},
    "governance": {"": "All governance groups", **{g: g for g in options["governance"]}},
    "status": {"": "All statuses", **tracker.STATUS_LABELS},
}
LABELS = {
    "strand": "Core activity",
    "objective": "Objective",
    "lead": "Lead service",
    "governance": "Governance group",
    "status": "Latest status",
}
picked: dict[str, str] = {}
columns = st.columns(3) + st.columns(3)
for col, (name, choices) in zip(columns, CHOICES.items(), strict=False):
    picked[name] = widgets.choose(LABELS[name], list(choices), name, "", f"action_plan.{name}", choices.get, col)
overdue_only = widgets.switch("Only overdue actions", {"overdue": "1"}, "action_plan.overdue", columns[5], "checkbox")

shown = tracker.filter_actions(
    frame,
    strand=picked["strand"] or None,
    objective=int(picked["objective"] or 0) or None,
    lead=picked["lead"] or None,
    governance=picked["governance"] or None,
    status=picked["status"] or None,
    overdue_only=overdue_only,
)
m1, m2, m3, m4 = st.columns(4)
m1.metric("Actions shown", f"{len(shown)} of {len(frame)}")
m2.metric("Overdue", int(shown["overdue"].sum()))
m3.metric("Complete", int((shown["latest_status"] == "complete").sum()))
m4.metric("No update yet", int((shown["latest_status"] == tracker.NOT_REPORTED).sum()))

st.header("Progress by core activity")
summary = tracker.strand_summary(shown) if len(shown) else tracker.strand_summary(frame).iloc[0:0]
st.dataframe(
    summary.drop(columns=["strand"]).rename(
        columns={"strand_name": "Core activity", "actions": "Actions", "overdue": "Overdue"}
    ),
    hide_index=True,
    width="stretch",
)

st.header("Outcomes: the indicators each objective serves")
st.caption(
    "Status chips as on the overview: on/off track against the target, the recent trend, and "
    f"{home.name} against {' and '.join(benchmark_names(home))} for the latest period."
)
objectives = tracker.kpis_by_objective(cached.overview(role))
for item in objectives:
    if picked["objective"] and str(item.objective) != picked["objective"]:
        continue
    count = f"{len(item.kpis)} indicator" + ("" if len(item.kpis) == 1 else "s")
    label = f"Objective {item.objective}: {item.name} ({count})"
    with st.expander(label, expanded=bool(picked["objective"])):
        if not item.kpis:
            st.markdown("No strategy indicator is linked to this objective yet.")
        for kpi in item.kpis:
            link = f'<a href="./indicator?id={html.escape(kpi.indicator_id)}">{html.escape(kpi.title)}</a>'
            chips = " ".join(components.chip_html(status, prefix) for prefix, status in kpi.chips)
            st.markdown(f"{link} — latest: {html.escape(kpi.latest)}<br>{chips}", unsafe_allow_html=True)

st.header("Actions")
st.dataframe(
    tracker.display_frame(shown),
    hide_index=True,
    width="stretch",
    column_config={"What we will do": st.column_config.TextColumn(width="large")},
)
downloads.csv_download(shown, "action_plan.csv", "Download these actions", key="action_plan.download")
delivery.quarter_blocks(frame, role)

if role == "analyst":
    # Rendered for signed-in analysts only: a viewer's page has no editor and no upload at all.
    action_editor.status_editor(frame)
