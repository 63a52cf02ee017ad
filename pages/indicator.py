"""One indicator's story: trend against target and comparators, status, reading, table, download."""

import streamlit as st

from indicators.catalogue import load_catalogue
from indicators.errors import UnknownIndicator
from indicators.home import current_home
from indicators.ui import benchmark, cached, components, delivery, feedback, folds, navigation, session, widgets

navigation.ensure_navigation()

role = session.current_role()
catalogue = load_catalogue()
home = current_home()
indicator_id = st.query_params.get("id", "")
try:
    ind = catalogue.get(indicator_id)
except UnknownIndicator:
    st.title("Indicator not found")
    shown_id = feedback.plain(indicator_id)
    st.error(f"There is no indicator with the id “{shown_id}”." if indicator_id else "No indicator was chosen.")
    st.page_link("pages/overview.py", label="← Back to all indicators")
    choice = st.selectbox(
        "Or choose an indicator",
        catalogue.ids(),
        index=None,
        format_func=lambda i: catalogue.get(i).title,
        key="indicator.choice",
    )
    if choice:
        st.query_params["id"] = choice
        st.rerun()
    st.stop()

head = cached.indicator_head(ind.id, role)  # built once per data version and role
st.page_link("pages/overview.py", label="← All indicators")
st.title(ind.title)
feedback.publication_banner(role)
if ind.illustrative:
    feedback.illustrative_banner()
st.markdown(f"{home.localise(ind.description)}\n\n{head.headline}")  # one element (issue 21: fewer to draw)
components.status_chips(head.chips_html)

available = list(head.comparators)
# No comparators: no widget (a disabled, empty multiselect's faded label fails colour contrast).
shown = (
    widgets.choose_many("Compare with", available, "compare", available, "indicator.comparators", kind="pills")
    if available
    else []
)
components.chart_section(cached.indicator_chart(ind.id, role, tuple(shown)), key=ind.id)
delivery.voice_block(ind.objectives)

# Among all English councils (issue 19): rank, quartile, neighbours, all-areas chart, London tile map, table.
bench = cached.benchmark_view(ind.id, role, st.query_params.get("period"))
if len(bench.periods) > 1:
    picked = widgets.choose("Period for the comparison of councils", bench.periods[::-1], "period", bench.period,
                            "indicator.bench_period", kind="pills")  # fmt: skip
    if picked != bench.period:
        bench = cached.benchmark_view(ind.id, role, picked)
benchmark.rank_section(bench, key=ind.id)

definition = folds.on_request("Definition and source", "definition-open")
if definition is not None:
    current = cached.current_version()
    paragraphs = [
        f"**Definition.** {home.localise(ind.definition)}",
        f"**Source.** {ind.source.publisher}: [{ind.source.name}]({ind.source.url})"
        + (f", released {ind.source.released}" if ind.source.released else ""),
        f"**Note.** {ind.note}" if ind.note else "",
        head.target_note or "",
        f"**Last updated.** Data version {current['id']} ({current['created_at']:%d %B %Y})." if current else "",
    ]
    definition.markdown("\n\n".join(p for p in paragraphs if p))  # one element (issue 21: fewer to draw)
feedback.symbols_help()
