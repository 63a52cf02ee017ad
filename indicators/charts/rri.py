"""Disproportionality charts: forest plot, RRI heatmap, RRI over time, representation ratios.

Pure: DataFrame in, plotly Figure out. Re-exported by indicators.charts. Following DESIGN §5, a
group is coloured only when its difference is statistically significant AND reliable (both counts
at least 10); otherwise it is grey with an open marker, and low-reliability ones say [u].
RRIs are drawn on a log axis so that 0.5 and 2 sit the same distance from 1.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from indicators.charts import palette
from indicators.charts.style import (
    PERIOD_AXIS_TITLE,
    Sizes,
    add_suppressed_row,
    category_rows_layout,
    error_bars,
    group_key,
    in_group_order,
    interval_text,
    is_suppressed,
    period_ticks,
    sizes,
    style,
)
from indicators.readings import MARKER_MEANING, format_marker, format_ratio, format_share, is_missing

SIGNIFICANT_NAME = "Statistically significant difference"
NOT_SIGNIFICANT_NAME = "Not significant, or low reliability [u]"
MARKER_KEY = f"Filled marker: {SIGNIFICANT_NAME.lower()}. Open grey marker: {NOT_SIGNIFICANT_NAME.lower()}."
RRI_TICKS = (0.1, 0.2, 0.25, 0.5, 1, 2, 4, 5, 10, 20)
# The heatmap's colours saturate beyond 4 times (or a quarter) as likely.
HEATMAP_LIMIT = math.log10(4)


def _flag(value: object) -> bool:
    return False if is_missing(value) else bool(value)


def emphasised(row: pd.Series) -> bool:
    """Coloured only when significant and reliable."""
    return _flag(row.get("significant")) and not _flag(row.get("low_reliability"))


def _rri_hover(row: pd.Series, value: str = "rri", short: str = "RRI") -> str:
    text = f"{row['label']}: {short} {format_ratio(row[value])}"
    text += interval_text(row.get("lower"), row.get("upper"), format_ratio)
    text += "<br>Statistically significant" if emphasised(row) else "<br>Not statistically significant"
    if _flag(row.get("low_reliability")):
        text += f"<br>[u] {MARKER_MEANING['u']}"
    return text


def _log_range(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[float]:
    parts = [pd.to_numeric(frame[c], errors="coerce") for c in columns if c in frame]
    values = pd.concat(parts) if parts else pd.Series(dtype=float)
    values = values[values > 0]
    low = min([0.5, *values.tolist()])
    high = max([2.0, *values.tolist()])
    return [math.log10(low / 1.25), math.log10(high * 1.25)]


def _log_ticks(axis_range: list[float]) -> dict:
    ticks = [t for t in RRI_TICKS if axis_range[0] <= math.log10(t) <= axis_range[1]]
    return {"tickmode": "array", "tickvals": ticks, "ticktext": [f"{t:g}" for t in ticks]}


def _add_rri_point(fig: go.Figure, one_row: pd.DataFrame, s: Sizes, short: str = "RRI") -> None:
    row = one_row.iloc[0]
    key = group_key(row)
    strong = emphasised(row)
    colour = palette.group_colour(key) if strong else palette.NOT_SIGNIFICANT
    symbol = palette.group_symbol(key) + ("" if strong else "-open")
    # the reference is 1 by definition: a small reference count is said in the slide's text, not as [u] on it
    low = _flag(row.get("low_reliability")) and not _flag(row.get("reference"))
    fig.add_trace(
        go.Scatter(
            x=one_row["rri"],
            y=one_row["label"],
            name=str(row["label"]),
            showlegend=False,
            mode="markers+text" if low else "markers",
            text=["[u]"] if low else None,
            textposition="top center",
            textfont={"size": s.font, "color": palette.TEXT},
            marker={"color": colour, "symbol": symbol, "size": s.marker + 3, "line": {"color": colour, "width": 2}},
            error_x=error_bars(one_row, "rri", "lower", "upper", colour),
            hovertext=[_rri_hover(row, short=short)],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )


def forest_plot(
    frame: pd.DataFrame, reference_label: str, title: str, meeting: bool = False, representation: bool = False
) -> go.Figure:
    """RRI and 95% CI per group on a log axis, with a reference line at 1 (same rate).

    ``representation=True`` draws representation ratios instead (column ``rri`` holds the ratio):
    1 = the group's share of the cohort equals its share of ``reference_label``.
    """
    s = sizes(meeting)
    data = in_group_order(frame)
    fig = go.Figure()
    for i in range(len(data)):
        if is_suppressed(data.iloc[i], "rri"):
            add_suppressed_row(fig, data.iloc[i], s)
        else:
            _add_rri_point(fig, data.iloc[[i]], s, "Representation ratio" if representation else "RRI")
    fig.add_shape(
        type="line",
        x0=1,
        x1=1,
        y0=0,
        y1=1,
        xref="x",
        yref="paper",
        name="reference_line",
        line={"color": palette.TEXT, "width": max(1.5, s.line * 0.6), "dash": "dash"},
    )
    if representation:
        axis = f"Representation ratio: share of the group against its share of {reference_label} (log scale)"
        subtitle = f"1 = the same share as among {reference_label}; right of 1 = over-represented. "
    else:
        axis = f"Relative rate index compared with {reference_label} (log scale)"
        subtitle = f"1 = the same rate as {reference_label}; right of 1 = more likely. "
    # Said in words, not by legend keys: a key's one shape could not match every group's own symbol.
    subtitle += MARKER_KEY
    style(fig, title, axis, "Group", meeting, subtitle=subtitle)
    category_rows_layout(fig, [str(label) for label in data["label"]], s)
    shown = pd.Series([not is_suppressed(data.iloc[i], "rri") for i in range(len(data))], index=data.index, dtype=bool)
    axis_range = _log_range(data[shown], ("rri", "lower", "upper"))
    fig.update_xaxes(type="log", range=axis_range, **_log_ticks(axis_range))
    return fig


def _heatmap_cell(row: pd.Series | None) -> tuple[float | None, str, str]:
    """(colour value, cell text, hover text) for one group x stage cell."""
    if row is None:
        return None, "", "No data"
    if is_suppressed(row, "rri"):
        symbol = format_marker(row.get("marker")) or "[x]"
        return None, symbol, f"{row['label']}, {row['stage']}: {symbol}"
    low = _flag(row.get("low_reliability")) and not _flag(row.get("reference"))
    # [u] on its own line keeps a cell narrow enough for five stages side by side on a phone.
    text = format_ratio(row["rri"]) + ("<br>[u]" if low else "")
    z = max(-HEATMAP_LIMIT, min(HEATMAP_LIMIT, math.log10(row["rri"]))) if emphasised(row) else 0.0
    return z, text, f"{row['stage']}<br>{_rri_hover(row)}"


def rri_heatmap(frame: pd.DataFrame, meeting: bool = False) -> go.Figure:
    """Groups x youth-justice stages, diverging colour centred on 1 (log), RRI or [c]/[u] in cells."""
    s = sizes(meeting)
    data = in_group_order(frame)
    stages = list(dict.fromkeys(data.sort_values("stage_order", kind="stable")["stage"]))
    labels = list(dict.fromkeys(data["label"]))
    cells = {(r["label"], r["stage"]): r for _, r in data.iterrows()}
    grid = [[_heatmap_cell(cells.get((label, stage))) for stage in stages] for label in labels]
    scale = [[i / (len(palette.DIVERGING) - 1), c] for i, c in enumerate(palette.DIVERGING)]
    ticks = [0.25, 0.5, 1, 2, 4]
    fig = go.Figure(
        go.Heatmap(
            z=[[c[0] for c in r] for r in grid],
            text=[[c[1] for c in r] for r in grid],
            customdata=[[c[2] for c in r] for r in grid],
            x=stages,
            y=labels,
            texttemplate="%{text}",
            textfont={"size": s.font - 4},
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=scale,
            zmin=-HEATMAP_LIMIT,
            zmax=HEATMAP_LIMIT,
            zmid=0,
            xgap=2,
            ygap=2,
            # The colour key lies under the plot, like every legend: at its side it took a third of a phone's width.
            colorbar={
                "title": {"text": "RRI", "side": "right"},
                "tickvals": [math.log10(t) for t in ticks],
                "ticktext": [f"{t:g}" for t in ticks],
                "tickfont": {"size": s.font - 2},
                "orientation": "h",
                "yref": "container",
                "y": 0,
                "yanchor": "bottom",
                "x": 0,
                "xanchor": "left",
                "xref": "container",
                "len": 260,
                "lenmode": "pixels",
                "thickness": 14,
                "ticklabeloverflow": "allow",
            },
        )
    )
    style(
        fig,
        "Relative rate index by group and youth justice stage",
        "Youth justice stage",
        "Group",
        meeting,
        subtitle="Coloured only where the difference is significant and reliable. "
        "[u] low reliability (fewer than 10 events); [c] suppressed.",
    )
    # Room above and below the rows for a title wrapped on a phone, tilted stage names and the colour key.
    fig.update_layout(plot_bgcolor="#F3F2F1", height=int(s.height + 120 + len(labels) * s.font * 2.6))
    fig.update_yaxes(autorange="reversed", showgrid=False)
    return fig


def rri_over_time_chart(
    frame: pd.DataFrame,
    meeting: bool = False,
    title: str = "Relative rate index over time",
    period_type: str = "financial_year",
) -> go.Figure:
    """RRI per group over time on a log axis; open markers where not significant."""
    s = sizes(meeting)
    data = in_group_order(frame.sort_values("period_start", kind="stable"))
    fig = go.Figure()
    for key in dict.fromkeys(data["category"]):
        rows = data[data["category"] == key].sort_values("period_start")
        label, colour = str(rows["label"].iloc[0]), palette.group_colour(str(key))
        symbol = palette.group_symbol(str(key))
        fig.add_trace(
            go.Scatter(
                x=rows["period_start"],
                y=rows["rri"],
                name=label,
                mode="lines+markers",
                connectgaps=False,
                legendgroup=label,
                showlegend=False,
                line={"color": colour, "width": s.line},
                marker={
                    "color": colour,
                    "size": s.marker + 2,
                    "line": {"color": colour, "width": 2},
                    "symbol": [symbol if emphasised(r) else f"{symbol}-open" for _, r in rows.iterrows()],
                },
                error_y=error_bars(rows, "rri", "lower", "upper", colour),
                hovertext=[f"{r['period']}<br>{_rri_hover(r)}" for _, r in rows.iterrows()],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
        # The legend shows the group's own filled symbol, whatever its first point happens to be.
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines+markers",
                name=label,
                legendgroup=label,
                hoverinfo="skip",
                line={"color": colour, "width": s.line},
                marker={"color": colour, "size": s.marker + 2, "symbol": symbol},
            )
        )
    fig.add_shape(
        type="line",
        x0=0,
        x1=1,
        y0=1,
        y1=1,
        xref="paper",
        yref="y",
        name="reference_line",
        line={"color": palette.TEXT, "width": max(1.5, s.line * 0.6), "dash": "dash"},
    )
    style(
        fig,
        title,
        PERIOD_AXIS_TITLE[period_type],
        "Relative rate index (log scale)",
        meeting,
        subtitle="1 = the same rate as the reference group. Open markers: not statistically significant.",
    )
    axis_range = _log_range(data, ("rri", "lower", "upper"))
    fig.update_yaxes(type="log", range=axis_range, **_log_ticks(axis_range))
    period_ticks(fig, data)
    return fig


def _ratio(row: pd.Series) -> float | None:
    if not is_missing(row.get("ratio")):
        return float(row["ratio"])
    if is_missing(row.get("population_share")) or not row["population_share"]:
        return None
    return float(row["cohort_share"]) / float(row["population_share"])


def _add_share_pair(fig: go.Figure, row: pd.Series, s: Sizes, names: tuple[str, str]) -> None:
    label = str(row["label"])
    fig.add_trace(
        go.Scatter(
            x=[row["population_share"], row["cohort_share"]],
            y=[label, label],
            mode="lines",
            line={"color": palette.FOCUS_GREY, "width": s.line * 1.5},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    for column, name, colour, symbol in (
        ("cohort_share", names[0], palette.DARK_BLUE, "circle"),
        ("population_share", names[1], palette.ORANGE, "diamond"),
    ):
        fig.add_trace(
            go.Scatter(
                x=[row[column]],
                y=[label],
                mode="markers",
                name=name,
                legendgroup=name,
                showlegend=not any(t.name == name for t in fig.data),
                marker={"color": colour, "symbol": symbol, "size": s.marker + 4},
                hovertext=[f"{label}<br>{name}: {format_share(row[column])}"],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    ratio = _ratio(row)
    if ratio is not None:
        fig.add_annotation(
            x=max(row["cohort_share"], row["population_share"]),
            y=label,
            xshift=14,
            xanchor="left",
            showarrow=False,
            name="ratio",
            text=f"{format_ratio(ratio)} times",
            font={"size": s.font - 2},
        )


def representation_chart(
    frame: pd.DataFrame,
    meeting: bool = False,
    title: str = "Share of the cohort compared with share of the population",
    cohort_name: str = "the cohort",
    population_name: str = "the population",
) -> go.Figure:
    """Per group: share of a cohort vs share of the population (percentages), ratio annotated."""
    s = sizes(meeting)
    data = in_group_order(frame)
    fig = go.Figure()
    names = (f"Share of {cohort_name}", f"Share of {population_name}")
    for i in range(len(data)):
        row = data.iloc[i]
        if is_suppressed(row, "cohort_share") or is_missing(row.get("population_share")):
            add_suppressed_row(fig, row, s)
        else:
            _add_share_pair(fig, row, s, names)
    style(
        fig,
        title,
        "Share (%)",
        "Group",
        meeting,
        subtitle="Ratio = share of the cohort divided by share of the population.",
    )
    category_rows_layout(fig, [str(label) for label in data["label"]], s)
    top = pd.to_numeric(pd.concat([data["cohort_share"], data["population_share"]]), errors="coerce").max()
    # Room right of the largest share for its "n times" label, even on a phone's narrow plot.
    fig.update_xaxes(range=[0, (0 if is_missing(top) else float(top)) * 1.7 + 1])
    return fig
