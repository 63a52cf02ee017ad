"""Breakdown charts that compare like with like (issue 18): a count breakdown as shares of the
area's own total beside England's share of each group, and minor ethnic groups nested under their
major group. Pure: DataFrame in, Figure out; colours and symbols from palette (colour-blind safe,
and every group also has its own symbol, so nothing rests on colour alone).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators.areas import ENGLAND
from indicators.catalogue import Indicator
from indicators.charts import palette
from indicators.charts.style import (
    Sizes,
    add_suppressed_row,
    category_rows_layout,
    error_bars,
    group_key,
    in_group_order,
    interval_text,
    is_suppressed,
    legend_key,
    sizes,
    style,
    value_axis_title,
)
from indicators.cohorts import ETHNICITY, category_label, is_minor, major_group
from indicators.readings import format_number, format_value, is_missing

ENGLAND_SHARE = "England's share of the same group"
MINOR_INDENT = "    "  # a minor group's label sits under its major group's, indented


def _point(fig: go.Figure, row: pd.Series, label: str, x: str, lower: str, upper: str, text: str, s: Sizes) -> None:
    key = group_key(row)
    colour = palette.group_colour(key)
    one = pd.DataFrame([{x: row[x], lower: row.get(lower), upper: row.get(upper)}])
    fig.add_trace(
        go.Scatter(
            x=one[x],
            y=[label],
            mode="markers",
            name=label.strip(),
            showlegend=False,
            marker={"color": colour, "symbol": palette.group_symbol(key), "size": s.marker + 3},
            error_x=error_bars(one, x, lower, upper, colour),
            text=[text],
            hovertemplate="%{text}<extra></extra>",
        )
    )


def _relabelled(row: pd.Series) -> pd.Series:
    """The row with its axis label (indented for a minor group), for add_suppressed_row."""
    shown = row.copy()
    shown["label"] = row["row_label"]
    return shown


def cohort_share_chart(
    frame: pd.DataFrame, indicator: Indicator, home_name: str = "This council", meeting: bool = False
) -> go.Figure:
    """Each group's share of the area's count (Wilson 95% interval), with England's share of the
    same group as an open diamond: both are percentages of their own area's total, so areas of any
    size sit on one axis fairly. Frame: label, category, share, share_lower, share_upper,
    england_share, marker (services.cohort_shares.add_shares)."""
    s = sizes(meeting)
    data = (
        nested_order(frame)
        if has_nested_groups(frame)
        else in_group_order(frame).assign(row_label=lambda f: f["label"])
    )
    fig = go.Figure()

    def pct(v: object) -> str:
        return f"{format_number(float(v), 1)}%"  # type: ignore[arg-type]

    for _, row in data.iterrows():
        if is_suppressed(row, "share"):
            add_suppressed_row(fig, _relabelled(row), s)
            continue
        text = f"{row['label']}: {pct(row['share'])} of {home_name}'s {indicator.unit_phrase or 'count'}"
        text += f" ({format_value(row['value'], indicator)})"
        text += interval_text(row["share_lower"], row["share_upper"], pct)
        _point(fig, row, str(row["row_label"]), "share", "share_lower", "share_upper", text, s)
    england = data[data["england_share"].notna()] if "england_share" in data else data.iloc[0:0]
    if len(england):
        colour = palette.area_colour(ENGLAND)
        fig.add_trace(
            go.Scatter(
                x=england["england_share"],
                y=england["row_label"],
                mode="markers",
                name=ENGLAND_SHARE,
                showlegend=False,
                marker={"color": colour, "symbol": "diamond-open", "size": s.marker + 3, "line": {"width": 2}},
                text=[f"England: {pct(v)} of its {indicator.unit_phrase or 'count'}" for v in england["england_share"]],
                hovertemplate="%{text}<extra></extra>",
            )
        )
        legend_key(fig, ENGLAND_SHARE, s, colour, symbol="diamond-open")
    style(
        fig,
        f"{indicator.title}: each group's share",
        f"Share of {home_name}'s {indicator.unit_phrase or 'count'} (%)",
        "Group",
        meeting,
        subtitle="Shares of each area's own total, not counts: a dot is a group's share; its line the 95% interval.",
    )
    category_rows_layout(fig, [str(label) for label in data["row_label"]], s)
    fig.update_xaxes(rangemode="tozero", ticksuffix="%")
    return fig


def nested_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Ethnic groups as major group, then its minor groups (indented), in the canonical order.

    Adds 'level' (major | minor), 'major' (the major group's code) and 'row_label'. A major group
    with minor groups but no row of its own gets an empty heading row (value missing, marker 'x').
    """
    rows = frame.copy()
    rows["major"] = [major_group(c) if c in ETHNICITY else c for c in rows["category"]]
    rows["level"] = ["minor" if c in ETHNICITY and is_minor(c) else "major" for c in rows["category"]]
    headings = [
        {"category": m, "label": category_label("ethnicity", m), "value": float("nan"), "marker": "x"}
        for m in dict.fromkeys(rows.loc[rows["level"] == "minor", "major"])
        if m not in set(rows.loc[rows["level"] == "major", "category"])
    ]
    if headings:
        extra = pd.DataFrame(headings).assign(major=lambda f: f["category"], level="major")
        rows = pd.concat([rows, extra], ignore_index=True)
    order = list(ETHNICITY)
    rank = {c: i for i, c in enumerate(order)}
    rows["_major_rank"] = [rank.get(m, len(order)) for m in rows["major"]]
    rows["_rank"] = [rank.get(c, len(order)) for c in rows["category"]]
    rows["_minor"] = rows["level"] == "minor"
    rows = rows.sort_values(["_major_rank", "_minor", "_rank"], kind="stable")
    rows["row_label"] = [
        f"{MINOR_INDENT}{lab}" if lvl == "minor" else str(lab)
        for lab, lvl in zip(rows["label"], rows["level"], strict=True)
    ]
    return rows.drop(columns=["_major_rank", "_rank", "_minor"]).reset_index(drop=True)


def nested_ethnicity_chart(frame: pd.DataFrame, indicator: Indicator, meeting: bool = False) -> go.Figure:
    """Minor ethnic groups nested under their major group: the major group's value (large marker)
    heads a block of its minor groups (indented, smaller, the major's colour with their own symbol),
    each with its 95% interval. A shaded band marks every other major block."""
    s = sizes(meeting)
    data = nested_order(frame)
    fig = go.Figure()
    for _, row in data.iterrows():
        label = str(row["row_label"])
        if is_suppressed(row, "value"):
            add_suppressed_row(fig, _relabelled(row), s)
            continue
        text = f"{row['label']}: {format_value(row['value'], indicator)}"
        text += interval_text(row.get("lower_ci"), row.get("upper_ci"), lambda v: format_value(v, indicator))
        if row["level"] == "minor":
            text += f"<br>within {category_label('ethnicity', row['major'])}"
        _point(fig, row, label, "value", "lower_ci", "upper_ci", text, s)
        if row["level"] == "major":
            fig.data[-1].marker.size = s.marker + 7
    for i, (_, block) in enumerate(data.groupby("major", sort=False)):
        if i % 2 == 0:
            fig.add_hrect(
                y0=block.index.min() - 0.5, y1=block.index.max() + 0.5, fillcolor=palette.GRIDLINE, opacity=0.35,
                line_width=0, layer="below",
            )  # fmt: skip
    style(
        fig,
        f"{indicator.title}: ethnic groups within their major group",
        value_axis_title(indicator),
        "Ethnic group",
        meeting,
        subtitle="Each major group (large marker) is followed by its detailed groups (indented).",
    )
    category_rows_layout(fig, list(data["row_label"]), s)
    if indicator.unit not in ("gap_points", "score"):
        fig.update_xaxes(rangemode="tozero")
    return fig


def has_nested_groups(frame: pd.DataFrame) -> bool:
    """True when an ethnicity breakdown holds minor groups (so the nested chart applies)."""
    cats = [c for c in frame.get("category", pd.Series(dtype=str)) if not is_missing(c)]
    return any(c in ETHNICITY and is_minor(c) for c in cats)


def like_for_like_chart(
    frame: pd.DataFrame, indicator: Indicator, home_name: str, meeting: bool = False
) -> go.Figure | None:
    """The breakdown chart this frame needs instead of the plain one: shares for a count breakdown
    (services.cohort_shares.add_shares), nesting for minor ethnic groups; None for neither."""
    if "share" in frame.columns:
        return cohort_share_chart(frame, indicator, home_name, meeting)
    if has_nested_groups(frame):
        return nested_ethnicity_chart(frame, indicator, meeting)
    return None
