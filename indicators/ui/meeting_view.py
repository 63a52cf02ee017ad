"""The disproportionality meeting view (``?meeting=1``): one slide per 1920x1080 screen.

Previous / Next sit above the slide so they are always on screen, and the arrow keys press them.
Every slide restates which group is compared with which and what the interval means, flags
itself as illustrative only when its own figures are, says why when the reference group's count
is small, and a slide whose figures would all be suppressed is skipped (the slide list says so).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators import meeting
from indicators.catalogue import ILLUSTRATIVE_TEXT, load_catalogue
from indicators.services.rri import group_label
from indicators.ui import cached, feedback
from indicators.ui import cohort_components as cc

MEETING_CSS = """<style>
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {font-size: 1.3rem;
 line-height: 1.3;}
h1 {font-size: 2.2rem !important; padding: 0 !important;}
h2 {font-size: 1.9rem !important; padding: 0.2rem 0 !important;}
[data-testid="stBaseButton-secondary"] p {font-size: 1.3rem;} [data-testid="stCaptionContainer"] {font-size: 1.05rem;}
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display: none;}
[data-testid="stMainBlockContainer"] {max-width: 96vw; padding-top: 0.8rem; padding-bottom: 0.5rem;}
[data-testid="stVerticalBlock"] {gap: 0.45rem;}
</style>"""
# Presses the Previous / Next buttons on the arrow keys (not while typing in a field).
KEYS_SCRIPT = """<script>
const doc = document;
if (!doc.ysdMeetingKeys) {
  doc.ysdMeetingKeys = true;
  doc.addEventListener("keydown", (event) => {
    const t = event.target;
    if (t && (["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName) || t.isContentEditable)) return;
    const label = {ArrowRight: "Next", ArrowLeft: "Previous"}[event.key];
    if (!label) return;
    const button = [...doc.querySelectorAll("button")].find((b) => b.innerText.includes(label) && !b.disabled);
    if (button) { event.preventDefault(); button.click(); }
  });
}
</script>"""
INTERVAL = (
    "Lines show 95% confidence intervals: the range the true ratio is likely to lie in. A group is coloured only "
    "when its interval excludes 1 and it rests on at least 10 children; [u] marks fewer than 10."
)


def _table(item: meeting.AgendaItem, sel: cc.Selection) -> pd.DataFrame | None:
    """The figures a slide would show (None for the representation slide)."""
    if item.kind == meeting.FOREST:
        stage = item.stage_id or sel.stage_id
        return cached.stage_rri_table(stage, sel.period_for(stage), sel.dimension, sel.reference, sel.role,
                                      sel.basis).table  # fmt: skip
    if item.kind == meeting.HEATMAP:
        return cached.rri_heatmap_frame(sel.period, sel.dimension, sel.reference, sel.role, sel.basis)
    if item.kind == meeting.OVER_TIME:
        return cached.rri_over_time(sel.stage_id, sel.dimension, sel.reference, sel.role, sel.basis).frame
    return None


def _all_suppressed(item: meeting.AgendaItem, sel: cc.Selection) -> bool:
    if item.kind == meeting.REPRESENTATION:
        sen = cached.representation(sel.role).sen
        return sen.empty or sen["ratio"].isna().all()
    table = _table(item, sel)
    others = table[~table["reference"].astype(bool)] if "reference" in table else table
    return others.empty or bool((others["marker"].fillna("") == "c").all())


def _illustrative(item: meeting.AgendaItem, sel: cc.Selection) -> bool:
    if item.kind == meeting.REPRESENTATION:
        catalogue = load_catalogue()
        return any(catalogue.get(i).illustrative for i in ("yos_cohort_share", "secondary_pupils_share"))
    table = _table(item, sel)
    return bool(table is not None and "illustrative" in table and table["illustrative"].fillna(0).gt(0).any())


def _comparison(item: meeting.AgendaItem, sel: cc.Selection) -> str:
    if item.kind == meeting.REPRESENTATION:
        return ("Compared with: secondary pupils. A ratio of 1 means the same share as among secondary pupils; "
                "a one-off snapshot, so no interval is shown.")  # fmt: skip
    reference = group_label(sel.dimension, sel.reference)
    text = f"Compared with: {reference} children (1 = the same rate). {INTERVAL}"
    table = _table(item, sel)
    ref = table[table["reference"].astype(bool)] if table is not None and "reference" in table else None
    if ref is not None and len(ref) and pd.to_numeric(ref["events"], errors="coerce").lt(10).any():
        text += f" Fewer than 10 {reference} children are counted here, so every ratio on this slide is [u]."
    return text


def _go(index: int) -> None:
    st.query_params["view"] = str(index + 1)


def meeting_view(sel: cc.Selection, agenda: list[meeting.AgendaItem]) -> None:
    st.markdown(MEETING_CSS, unsafe_allow_html=True)
    skipped = [item for item in agenda if _all_suppressed(item, sel)]
    slides = [item for item in agenda if item not in skipped] or agenda[:1]
    index, message = meeting.parse_view(st.query_params.get("view"), len(slides))
    if message:
        st.warning(feedback.plain(message, limit=300))
    left, middle, right = st.columns([1, 3, 1], vertical_alignment="center")
    left.button("← Previous", key="disproportionality.previous", disabled=index == 0, on_click=_go,
                args=(meeting.step(index, -1, len(slides)),), width="stretch")  # fmt: skip
    position, listing = middle.columns([1, 1], vertical_alignment="center")
    position.markdown(f"<p style='text-align:center'>{meeting.position(index, len(slides))}</p>",
                      unsafe_allow_html=True)  # fmt: skip
    with listing.popover("Slide list", width="stretch"):
        st.markdown("\n".join(f"{n}. {s.title}" for n, s in enumerate(slides, start=1)))
        if skipped:
            st.markdown("Skipped, every figure suppressed [c]: " + "; ".join(s.title for s in skipped) + ".")
    right.button("Next →", key="disproportionality.next", disabled=index == len(slides) - 1, on_click=_go,
                 args=(meeting.step(index, 1, len(slides)),), width="stretch")  # fmt: skip
    item = slides[index]
    skip_note = f" {len(skipped)} slide(s) skipped: every figure suppressed (see the slide list)." if skipped else ""
    st.caption(_comparison(item, sel) + skip_note)
    if _illustrative(item, sel):
        st.markdown(f"⚠ **{ILLUSTRATIVE_TEXT}.**")
    cc.render(item, sel, in_meeting=True)
    st.html(KEYS_SCRIPT, unsafe_allow_javascript=True)
