"""Cohorts: any indicator with breakdowns, by group, against the council's total and England."""

import streamlit as st

from indicators.catalogue import load_catalogue
from indicators.cohorts import dimension_label
from indicators.home import current_home
from indicators.ui import cached, components, feedback, folds, navigation, session
from indicators.ui.cohort_components import page_link
from indicators.ui.named_cohorts import named_cohort_section
from indicators.ui.widgets import choose

navigation.ensure_navigation()

role = session.current_role()
catalogue = load_catalogue()
options = cached.cohort_options()

st.title("Cohorts: how groups of children compare")
st.markdown(
    "Any indicator that is published by group (ethnicity, special educational needs, disadvantage, "
    "sex, age, or a mix such as Black Caribbean boys), for one year, with 95% confidence intervals, "
    f"against the figure for all {current_home().name} children and for England; then each group's trend. "
    "Overlapping intervals mean a difference may be chance."
)
feedback.publication_banner(role)
if options.empty:
    st.info("No indicator has figures by group yet.")
    st.stop()

held = set(options["indicator_id"])
ids = [i for i in catalogue.ids() if i in held]
cols = st.columns([2, 1, 1])
# A real published breakdown first (DfE suspensions by ethnicity), not an illustrative one.
default_id = "suspension_rate" if "suspension_rate" in held else ids[0]
indicator_id = choose(
    "Indicator",
    ids,
    "indicator",
    default_id,
    "cohorts.indicator",
    lambda i: catalogue.get(i).title,
    cols[0],
    resets=("dimension", "period"),
)
rows = options[options["indicator_id"] == indicator_id]
dimensions = list(dict.fromkeys(rows["dimension"]))
dimension = choose(
    "Groups",
    dimensions,
    "dimension",
    dimensions[0],
    f"cohorts.dimension.{indicator_id}",
    dimension_label,
    cols[1],
    resets=("period",),
)
periods = list(rows[rows["dimension"] == dimension]["period"])[::-1]
period = choose("Period", periods, "period", periods[0], f"cohorts.period.{indicator_id}.{dimension}", where=cols[2])

view = cached.cohort_view(indicator_id, dimension, period, role)
ind = view.indicator
st.markdown(f"**{ind.title}.** {ind.description}")
if view.illustrative:
    feedback.illustrative_banner()

groups, over_time = cached.cohort_charts(indicator_id, dimension, period, role)  # built once per version
st.header(f"By {dimension_label(dimension).lower()}, {period}")
components.chart_parts(groups, key=f"cohort-{groups.file_stem}")
st.header("Each group over time")
components.chart_parts(over_time, key=f"cohort-trend-{indicator_id}-{dimension}")

named_cohort_section(ind, role)

definition = folds.on_request("Definition and source", "definition-open")
if definition is not None:
    definition.markdown(
        f"**Definition.** {ind.definition}\n\n**Source.** {ind.source.publisher}: [{ind.source.name}]({ind.source.url})"
        + (f"\n\n**Note.** {ind.note}" if ind.note else "")
    )
if ind.kpi:
    page_link("pages/indicator.py", f"Open {ind.title}: trend against target", "indicator", {"id": ind.id})
feedback.symbols_help()
