"""The Delivery group's blocks: the explain-or-change register (disproportionality page), young
people's voice (indicator page, overview, action plan), the quarterly cycle (action plan) and a
board's pack (meeting-pack page). Viewers see suppressed, read-only blocks; the forms are drawn
for signed-in analysts only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from indicators.catalogue import load_catalogue
from indicators.errors import IndicatorError
from indicators.ingest.problems import IngestRejected
from indicators.services import actions as tracker
from indicators.services import delivery, disparities
from indicators.services import voice as voice_service
from indicators.ui import cached, session
from indicators.voice import KINDS, MAX_TEXT, VoiceInput, escape_markdown

REGISTER_COLUMNS = {
    "id": "Entry", "stage": "Stage", "group_label": "Group", "basis": "Basis", "period": "Period",
    "interval": "Ratio (95% CI)", "explanation": "Explanation", "evidence": "Evidence", "actions": "Plan actions",
    "local_action": "Local action", "owner": "Owner", "review_date": "Review by", "version": "Version",
}  # fmt: skip


def _write(fn, *args) -> bool:  # noqa: ANN001 - a service write and its arguments
    """Run a write; show a refusal in place, or clear the caches and say it was recorded."""
    try:
        fn(cached.engine(), *args)
    except IngestRejected as exc:
        st.error(f"Nothing was recorded: {len(exc.errors)} problem(s).")
        st.dataframe(tracker.problems_frame(exc.problems), hide_index=True, width="stretch")
        return False
    except IndicatorError as exc:
        st.error(f"Nothing was recorded: {exc}")
        return False
    cached.clear_delivery()
    st.success("Recorded. The change is versioned and in the audit log.")
    return True


# --------------------------------------------------------------------------- the register


def register_section(role: str) -> None:
    st.header("Explain or change: the disparity register")
    st.markdown(
        "Every reliable, significant ratio beyond the threshold (real data only) opens an entry. The Delivery "
        "group records an explanation with its evidence, or links actions that change practice, with an owner "
        "and a review date. An entry closes when the ratio is no longer significant for two periods or when "
        "its linked actions are complete. A ratio of 1 means the same rate as the reference group; the 95% "
        "interval is the range the true ratio is likely to lie in; [c] marks a ratio built on a small count."
    )
    entries = cached.register(role)
    if entries.empty:
        st.info("No entry is open: no real, reliable ratio is significantly beyond the threshold.")
    else:
        table = entries.rename(columns=REGISTER_COLUMNS).reindex(columns=list(REGISTER_COLUMNS.values()))
        st.dataframe(table, hide_index=True, width="stretch")
    if role == "analyst" and not entries.empty:
        _register_forms(entries)


def _register_forms(entries: pd.DataFrame) -> None:
    user = session.current_user()
    labels = {int(r.id): f"#{r.id} {r.group_label}, {r.stage}, {r.period}" for r in entries.itertuples()}
    entry_id = st.selectbox("Entry", list(labels), format_func=labels.get, key="register.entry")
    review = date.today() + timedelta(days=91)
    explain, act = st.tabs(["Record an explanation", "Link actions"])
    with explain, st.form("register.explain"):
        text = st.text_area("Explanation", max_chars=2000)
        evidence = st.text_area("Evidence (reports, data, analysis)", max_chars=2000)
        owner = st.text_input("Owner", max_chars=120, key="register.explain.owner")
        when = st.date_input("Review by", value=review, key="register.explain.review")
        if st.form_submit_button("Record the explanation", type="primary"):
            _write(disparities.record_explanation, entry_id, text, evidence, owner, when, user)
    with act, st.form("register.link"):
        plan = tracker.action_plan_frame(cached.engine())
        texts = dict(zip(plan["action_id"], plan["action"], strict=True))
        ids = st.multiselect("Actions of the plan", list(texts), format_func=lambda i: f"{i}: {texts[i][:80]}")
        local = st.text_input("Or a new local action", max_chars=500)
        owner = st.text_input("Owner", max_chars=120, key="register.link.owner")
        when = st.date_input("Review by", value=review, key="register.link.review")
        if st.form_submit_button("Link", type="primary"):
            _write(disparities.link_actions, entry_id, ids, local, owner, when, user)
    with st.expander(f"History of entry #{entry_id}"):
        history = disparities.history(cached.engine(), entry_id)
        st.dataframe(history.drop(columns=["snapshot"]), hide_index=True, width="stretch")


# --------------------------------------------------------------------------- young people's voice


def voice_block(objectives: Iterable[int], heading: str = "What young people said") -> None:
    """Quotes and survey results for these objectives, newest quarter first (text shown literally)."""
    wanted = set(objectives)
    items = cached.voice()
    items = items[items["objective"].isin(wanted)] if len(items) else items
    if items.empty:
        return
    st.subheader(heading)
    st.caption("Consented, anonymous quotes and survey results from young people, by objective and quarter.")
    for row in items.head(6).itertuples():
        source = f", {escape_markdown(row.source)}" if row.source else ""
        st.markdown(f"> {escape_markdown(row.text)}\n\n{KINDS[row.kind]} · objective {row.objective} · "
                    f"{row.quarter}{source}")  # fmt: skip


def voice_form() -> None:
    user = session.current_user()
    objectives = load_catalogue().objectives
    with st.expander("Add young people's voice (analysts)"):
        st.markdown(
            f"Short quotes or survey results (at most {MAX_TEXT} characters), consented and anonymous. "
            "Refused: a capitalised word that is not the first of a sentence and not a place, day, month, "
            "ethnic group or service (it may be a name); a title (Mr, Ms…), e-mail, @handle or phone number."
        )
        with st.form("voice.typed"):
            objective = st.selectbox("Objective", list(objectives), format_func=lambda k: f"{k}. {objectives[k]}")
            quarter = st.text_input("Quarter (YYYY-QN)", value=delivery.current_quarter(), max_chars=7)
            kind = st.selectbox("Kind", list(KINDS), format_func=KINDS.get)
            text = st.text_area("Text", max_chars=MAX_TEXT)
            source = st.text_input("Source (e.g. youth forum, survey name)", max_chars=120)
            consent = st.checkbox("The young person consented and the item is anonymous")
            if st.form_submit_button("Add", type="primary"):
                _write(voice_service.add_item, VoiceInput(objective, quarter, kind, text, source, consent), user)
        st.download_button("Voice template (CSV)", voice_service.template_csv(), file_name="voice.csv",
                           mime="text/csv", key="voice.template")  # fmt: skip
        file = st.file_uploader("Voice CSV", type=["csv"], key="voice.file")
        if file is not None and st.button("Add the file's items", key="voice.commit"):
            _write(voice_service.add_csv, file.getvalue(), file.name, user)


# --------------------------------------------------------------------------- the quarterly cycle


def quarter_blocks(frame: pd.DataFrame, role: str) -> None:
    """What changed this quarter, what is overdue, and what each action serves."""
    st.header("Quarterly cycle")
    quarter = st.query_params.get("quarter", delivery.current_quarter())
    try:
        previous = delivery.previous_quarter(quarter)
    except IndicatorError:
        quarter = delivery.current_quarter()
        previous = delivery.previous_quarter(quarter)
    st.markdown(f"Reporting quarter **{quarter}** (status updates belong to the quarter of their date).")
    changed = cached.changes_in_quarter(quarter)
    st.subheader(f"Changed since {previous}")
    if changed.empty:
        st.markdown(f"No action's status changed in {quarter}.")
    else:
        st.dataframe(changed.drop(columns=["quarter"]), hide_index=True, width="stretch")
    st.subheader("Overdue")
    overdue = frame[frame["overdue"]][["action_id", "action", "timescale", "latest_status"]]
    st.markdown(f"{len(overdue)} action(s) are past their timescale and not complete.")
    if len(overdue):
        st.dataframe(overdue, hide_index=True, width="stretch")
    st.subheader("What each action serves")
    links = cached.action_links()
    st.dataframe(links.rename(columns={"kpis": "KPIs (through its objectives)",
                                       "open_register_entries": "Open register entries"}),
                 hide_index=True, width="stretch")  # fmt: skip
    if role == "analyst":
        voice_form()


# --------------------------------------------------------------------------- a board's pack


def board_pack_block(role: str) -> None:
    st.header("A board's quarterly pack")
    st.markdown(
        "For one board: its actions and their status, what changed since the previous pack, the register's "
        "open entries, young people's voice, then one page per KPI its actions serve (chart and table together)."
    )
    boards = cached.boards()
    board = st.selectbox("Board", boards, key="board_pack.board")
    quarter = st.text_input("Quarter (YYYY-QN)", value=delivery.current_quarter(), max_chars=7, key="board_pack.q")
    if st.button("Build the board's pack", key="board_pack.build"):
        st.session_state["board_pack.built"] = (board, quarter)
    if st.session_state.get("board_pack.built") != (board, quarter):
        return
    with st.spinner("Drawing the charts and laying out the PDF…"):
        pdf = cached.board_pack_pdf(board, quarter, role)
    st.download_button(f"Download the {board} pack (PDF, {len(pdf) / 1024:,.0f} KB)", data=pdf,
                       file_name=f"pack_{quarter}_{board.lower().replace(' ', '_')}.pdf", mime="application/pdf",
                       key="board_pack.download", on_click="ignore")  # fmt: skip
