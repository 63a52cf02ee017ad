"""The disproportionality page's opening view: who offends against who is at school (real, linked data)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from indicators.charts import rri as rri_charts
from indicators.cohorts import DIMENSIONS
from indicators.readings import format_bound, format_marker, format_ratio, format_share, is_missing
from indicators.ui import cached, components
from indicators.ui.widgets import choose

DOWNLOAD = ["dimension", "category", "label", "cohort_count", "cohort_total", "population_count", "population_total",
            "ratio", "lower", "upper", "significant", "low_reliability", "marker"]  # fmt: skip


def _cell(value: object, marker: object, fmt: Callable[[float | None], str]) -> str:
    return "[c]" if format_marker(marker) == "[c]" else fmt(value)  # type: ignore[arg-type]


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, r in frame.iterrows():
        ratio = _cell(r["ratio"], r["marker"], format_ratio)
        if not is_missing(r["lower"]) and not is_missing(r["ratio"]):
            ratio += f" ({format_bound(r['lower'])} to {format_bound(r['upper'])})"
        rows.append({
            "Group": r["label"],
            "Share of the children who offended": _cell(r["cohort_share"], r["marker"], format_share),
            "Share of all pupils": _cell(r["population_share"], r["marker"], format_share),
            "Representation ratio (95% CI)": ratio,
            "Significant": "yes" if r["significant"] and not r["low_reliability"] else "no",
        })  # fmt: skip
    return pd.DataFrame(rows)


def linked_view(role: str) -> None:
    """Representation ratios by group, for the home area or England, all offenders or serious violence."""
    options = cached.linked_options()
    if not options.offences:
        st.info("The MoJ-DfE linked education and offending data is not loaded.")
        return
    area_names, dims = options.areas, options.dimensions
    cols = st.columns(3)
    area = choose("Area", list(area_names), "area", next(iter(area_names)), "disproportionality.area",
                  area_names.get, cols[0])  # fmt: skip
    offence = choose("Children who", list(options.offences), "offenders", next(iter(options.offences)),
                     "disproportionality.offenders", lambda o: options.offences[o].removeprefix("children who "),
                     cols[1])  # fmt: skip
    dimension = choose("Groups by", dims, "by", dims[0], "disproportionality.by", DIMENSIONS.get, cols[2])
    rep = cached.linked_representation(offence, dimension, role, area)
    title = f"{rep.area_name}: {rep.offence_name} against all pupils, by {DIMENSIONS[dimension].lower()}"
    fig = rri_charts.forest_plot(rep.table.rename(columns={"ratio": "rri"}), "all pupils", title, representation=True)
    summary = "\n".join(f"- {r}" for r in rep.readings) if len(rep.readings) > 1 else "".join(rep.readings)
    download = rep.table[[c for c in DOWNLOAD if c in rep.table.columns]]
    components.chart_tabs(fig, _table(rep.table), download, summary, f"linked_{area}_{offence}_{dimension}",
                          key=f"linked-{offence}-{dimension}")  # fmt: skip
    st.caption(
        "Pupils in the key stage 4 cohorts 2012/13 to 2017/18 living in the area, pooled (shown as 2017/18). "
        "Counts are the published whole percentages of the published totals, so ratios near 1 are uncertain "
        "beyond their intervals. A group is marked significant only when its interval excludes 1 and both "
        "counts are at least 10. [c]: not published by MoJ/DfE or suppressed (fewer than 5 children)."
    )
    st.caption(rep.source)
