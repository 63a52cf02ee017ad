"""The disproportionality page's view of the groups the strategy names (section 5.4): each group's
relative rate index against its comparison group where published counts allow, and for every
other group the plain reason it has none."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.readings import format_bound, format_number, format_ratio
from indicators.services.named_rri import NamedRRIs
from indicators.ui import cached


def _of(events: float, population: float) -> str:
    return f"{format_number(events, 0)} / {format_number(population, 0)}"


def table(result: NamedRRIs) -> pd.DataFrame:
    """One row per named group and indicator with an RRI."""
    rows = []
    for r in result.results:
        ratio = format_ratio(r.rri)
        if not pd.isna(r.lower):
            ratio += f" ({format_bound(r.lower)} to {format_bound(r.upper)})"
        rows.append({
            "Group": r.cohort.name,
            "Compared with": r.against.name,
            "Indicator": r.indicator.title,
            "Year": r.period,
            "Group: counted / children": _of(r.events, r.population),
            "Comparison: counted / children": _of(r.ref_events, r.ref_population),
            "Relative rate index (95% CI)": ratio + (" [u]" if r.low_reliability else ""),
        })  # fmt: skip
    return pd.DataFrame(rows)


def named_rri_view(role: str) -> None:
    result = cached.named_rris(role)
    if result.results:
        st.dataframe(table(result), hide_index=True, width="stretch")
        for r in result.results:
            st.markdown(f"- {r.reading}")
        st.caption(
            "Intervals: Katz log method. Where the comparison group includes the named group (all children), "
            "the interval treats them as independent, so it is wider than it need be."
        )
    else:
        st.info(
            f"No published figures for {result.area_name} give a relative rate index for any group the strategy names."
        )
    if result.reasons:
        st.markdown("**No relative rate index yet:**")
        st.markdown("\n".join(f"- {name}: {why}." for name, why in result.reasons.items()))
