"""The cohorts page's section on the groups the strategy names (section 5.4): pick a group and
what to compare it with (URL-backed: ?group= and ?against=), see both figures with their 95%
intervals, a reading and a table."""

from __future__ import annotations

import streamlit as st

from indicators.catalogue import Indicator
from indicators.cohorts import load_named_cohorts
from indicators.errors import CohortError
from indicators.ui import cached, components, feedback
from indicators.ui.widgets import choose

TABLE = ["label", "numerator", "denominator", "value", "lower_ci", "upper_ci"]


def named_cohort_section(ind: Indicator, role: str) -> None:
    st.header("Groups the strategy names")
    names = {c.id: c.name for c in load_named_cohorts()}
    available = cached.named_cohorts_available(ind.id, role)
    if not available:
        st.caption(
            f"{ind.title} has no figures yet for the groups the strategy names "
            f"({', '.join(names.values())}) together with a group to compare them with."
        )
        return
    ids = list(available)
    cols = st.columns([1, 1])
    cohort_id = choose(
        "Group", ids, "group", ids[0], f"cohorts.group.{ind.id}", names.get, cols[0], resets=("against",)
    )
    against = [a.name for a in available[cohort_id]]
    chosen = choose(
        "Compared with", against, "against", against[0], f"cohorts.against.{ind.id}.{cohort_id}", where=cols[1]
    )
    try:
        comparison = cached.named_comparison(ind.id, cohort_id, chosen, role)
    except CohortError as exc:
        st.info(feedback.plain(str(exc)))
        return
    if comparison.illustrative:
        feedback.illustrative_banner()
    st.markdown(comparison.reading)
    table = components.display_table(comparison.rows.assign(label=comparison.rows["name"]), ind, TABLE)
    st.dataframe(table, hide_index=True, width="stretch")
