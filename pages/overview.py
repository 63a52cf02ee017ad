"""Overview: every strategy KPI as a card, filterable by objective and core activity."""

import streamlit as st

from indicators.catalogue import load_catalogue
from indicators.home import current_home
from indicators.services.series import benchmark_names
from indicators.ui import cached, components, delivery, feedback, navigation, session, widgets

navigation.ensure_navigation()

role = session.current_role()
catalogue = load_catalogue()
home = current_home()
st.title(f"{home.strategy_title}: indicators")
# On a phone the first screen must reach the cards' values: one short line, the rest folded away.
st.markdown(f"How {home.name} is doing on the key performance indicators of the Youth Safety Strategy (section 7).")
feedback.publication_banner(role)

objective_names = {"0": "All objectives", **{str(k): f"{k}. {v}" for k, v in catalogue.objectives.items()}}
strand_names = {"all": "All core activities", **{s.id: s.name for s in catalogue.strands}}
params = st.query_params
filtered = params.get("objective", "0") not in ("", "0") or params.get("strand", "all") not in ("", "all")
filters = st.expander("Filter by objective or core activity · about the cards", expanded=filtered)
filters.markdown(
    "Each card shows the latest value, the 2019/20 baseline (the year before the strategy), a target verdict "
    f"where the council has set a target, the recent trend and how {home.name} compares with "
    f"{' and '.join(benchmark_names(home))}. Open a card for the full story."
)
col1, col2 = filters.columns(2)
objective = int(
    widgets.choose(
        "Objective", list(objective_names), "objective", "0", "overview.objective", objective_names.get, col1
    )
)
strand = widgets.choose("Core activity", list(strand_names), "strand", "all", "overview.strand", strand_names.get, col2)

cards = cached.overview_cards(role)  # built once per data version and role
newer = cached.newer_at_publisher()  # a refresh that only looked makes no new version
shown = [c for c in cards if (objective == 0 or objective in c.objectives) and (strand == "all" or strand in c.strands)]
st.subheader("Key performance indicators")
st.caption(f"{len(shown)} of {len(cards)} indicators shown.")
columns = st.columns(3)
for i, card in enumerate(shown):
    with columns[i % 3]:
        components.indicator_card(card, newer.get(card.indicator_id, ""))
delivery.voice_block([objective] if objective else range(1, 9))
feedback.symbols_help()
