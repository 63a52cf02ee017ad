"""Action plan: the strategy's 57 actions, their latest status, and the outcomes each objective serves."""

import html
from datetime import date

import streamlit as st

from indicators.catalogue import load_catalogue
from indicators.errors import IndicatorError
from indicators.home import current_home
from indicators.ingest.problems import IngestRejected
from indicators.services import actions as tracker
from indicators.services.series import benchmark_names
from indicators.ui import cached, components, delivery, downloads, feedback, navigation, session

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
    wanted = st.query_params.get(name, "")
    picked[name] = col.selectbox(
        LABELS[name],
        list(choices),
        format_func=choices.get,
        index=list(choices).index(wanted) if wanted in choices else 0,
        key=f"action_plan.{name}",
    )
overdue_only = columns[5].checkbox(
    "Only overdue actions", value=st.query_params.get("overdue") == "1", key="action_plan.overdue"
)
for name, value in {**picked, "overdue": "1" if overdue_only else ""}.items():
    if value:
        st.query_params[name] = value
    elif name in st.query_params:
        del st.query_params[name]

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


def record(fn, *args) -> None:  # noqa: ANN001 - a tracker write function and its arguments
    """Run a status write; show every problem of a rejected update, or rerun to show the new status."""
    try:
        result = fn(cached.engine(), *args)
    except IngestRejected as exc:
        st.error(f"Nothing was recorded: {len(exc.errors)} problem(s).")
        st.dataframe(tracker.problems_frame(exc.problems), hide_index=True, width="stretch")
        return
    except IndicatorError as exc:
        st.error(str(exc))
        return
    cached.data_version.clear()
    st.session_state["action_plan.message"] = result.message
    st.rerun()


if role == "analyst":
    # Rendered for signed-in analysts only: a viewer's page has no editor and no upload at all.
    user = session.current_user()
    with st.expander("Update action statuses (analysts)"):
        st.markdown(
            "Each update is a new version: it appears on the *Versions* page and a rollback "
            "to an earlier version hides it again. Earlier updates are kept as history."
        )
        with st.form("action_plan.editor"):
            ids = frame["action_id"].tolist()
            texts = dict(zip(ids, frame["action"], strict=True))
            action_id = st.selectbox("Action", ids, format_func=lambda i: f"{i}: {texts[i][:90]}")
            status = st.selectbox("Status", tracker.STATUSES, format_func=tracker.STATUS_LABELS.get)
            when = st.date_input("Status date", value=date.today(), max_value=date.today())
            note = st.text_input("Note (optional)", max_chars=500)
            if st.form_submit_button("Record status", type="primary"):
                record(tracker.add_status, action_id, status, when, note, user)

        st.markdown(
            "**Upload status updates** as a CSV with the columns `action_id,status,date,note` "
            "(dates as yyyy-mm-dd; statuses: " + ", ".join(tracker.STATUSES) + ")."
        )
        st.download_button(
            "Status template (CSV)",
            tracker.template_csv(),
            file_name="action_status.csv",
            mime="text/csv",
            key="action_plan.template",
        )
        file = st.file_uploader("Status CSV", type=["csv", "txt"], key="action_plan.file")
        if file is not None:
            updates, problems = feedback.run(tracker.check_status_csv, cached.engine(), file.getvalue(), file.name)
            if problems:
                errors = [p for p in problems if p.is_error]
                (st.error if errors else st.warning)(
                    f"{len(errors)} error(s) in {feedback.plain(file.name)}."
                    + (" Nothing will be recorded." if errors else "")
                )
                st.dataframe(tracker.problems_frame(problems), hide_index=True, width="stretch")
            if (
                updates
                and not any(p.is_error for p in problems)
                and st.button(f"Record {len(updates)} status update(s)", type="primary", key="action_plan.commit")
            ):
                record(tracker.commit_status_updates, file.getvalue(), file.name, user)
