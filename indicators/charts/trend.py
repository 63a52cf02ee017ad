"""Plotly figures for the dashboard: DataFrame in, Figure out (pure: no Streamlit, no I/O).

Accessibility habits on every chart: a title, axis titles with units, hover text with the same
formatted numbers the readings use, marker symbols and line dashes as well as colours, and
suppressed or missing values left as gaps labelled with their GSS symbol ([c], [x]...), never
drawn as zero or interpolated. ``meeting=True`` gives projector sizes (22px+ text, thick lines).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from indicators.areas import ENGLAND, INNER_LONDON, LONDON, NEIGHBOUR_AVERAGE
from indicators.catalogue import Indicator
from indicators.charts import palette
from indicators.charts.cohorts import like_for_like_chart
from indicators.charts.style import (
    CI_NAME,
    PERIOD_AXIS_TITLE,
    Sizes,
    add_suppressed_row,
    category_rows_layout,
    error_bars,
    group_key,
    in_group_order,
    interval_text,
    is_suppressed,
    legend_key,
    period_ticks,
    sizes,
    style,
    value_axis_title,
)
from indicators.readings import format_marker, format_value, is_missing

ILLUSTRATIVE_NAME = "Illustrative (not published data)"
TRAJECTORY_NAME = "Target trajectory"
_COMPARATOR_ORDER = (LONDON, INNER_LONDON, NEIGHBOUR_AVERAGE, ENGLAND)


def _point_text(row: pd.Series, indicator: Indicator) -> str:
    if is_missing(row["value"]):
        return f"{row['period']}: {format_marker(row.get('marker')) or '[x]'} no published value"
    text = f"{row['period']}: {format_value(row['value'], indicator)}"
    text += interval_text(row.get("lower_ci"), row.get("upper_ci"), lambda v: format_value(v, indicator))
    if row.get("illustrative") is True:
        text += "<br>Illustrative (not published data)"
    return text


def _prepare_series(series: pd.DataFrame) -> pd.DataFrame:
    data = series.sort_values("period_start").reset_index(drop=True)
    for column in ("lower_ci", "upper_ci"):
        if column not in data:
            data[column] = float("nan")
    data["marker"] = data["marker"] if "marker" in data else ""
    data["illustrative"] = data["illustrative"].fillna(False).astype(bool) if "illustrative" in data else False
    return data


def _has_ci_gaps(data: pd.DataFrame) -> bool:
    ci = data[["value", "lower_ci", "upper_ci"]]
    return bool(ci.isna().any(axis=None))


def _add_ci_band(fig: go.Figure, data: pd.DataFrame) -> None:
    common = {
        "x": data["period_start"],
        "mode": "lines",
        "line": {"width": 0},
        "hoverinfo": "skip",
        "legendgroup": "ci",
    }
    fig.add_trace(go.Scatter(y=data["upper_ci"], showlegend=False, name=f"{CI_NAME} (upper)", **common))
    fig.add_trace(go.Scatter(y=data["lower_ci"], fill="tonexty", fillcolor=palette.CI_FILL, name=CI_NAME, **common))


def _add_home(fig: go.Figure, data: pd.DataFrame, name: str, indicator: Indicator, s: Sizes, show_errors: bool) -> None:
    symbols = ["circle-open" if flag else "circle" for flag in data["illustrative"]]
    fig.add_trace(
        go.Scatter(
            x=data["period_start"],
            y=data["value"],
            name=name,
            mode="lines+markers",
            connectgaps=False,
            line={"color": palette.DARK_BLUE, "width": s.line, "dash": "solid"},
            marker={
                "size": s.marker,
                "symbol": symbols,
                "color": palette.DARK_BLUE,
                "line": {"width": 2, "color": palette.DARK_BLUE},
            },
            error_y=error_bars(data, "value", "lower_ci", "upper_ci", palette.DARK_BLUE) if show_errors else None,
            text=[_point_text(row, indicator) for _, row in data.iterrows()],
            hovertemplate=f"%{{text}}<extra>{name}</extra>",
        )
    )
    shown = data[data["illustrative"] & data["value"].notna()]
    if not shown.empty:
        fig.add_trace(
            go.Scatter(
                x=shown["period_start"],
                y=shown["value"],
                name=ILLUSTRATIVE_NAME,
                mode="markers",
                marker={
                    "size": s.marker + 4,
                    "symbol": "circle-open",
                    "color": palette.DARK_BLUE,
                    "line": {"width": 2.5},
                },
                hoverinfo="skip",
            )
        )


def _add_comparators(fig: go.Figure, comparators: pd.DataFrame | None, indicator: Indicator, s: Sizes) -> None:
    if comparators is None or comparators.empty:
        return
    codes = list(dict.fromkeys(comparators["area_code"]))
    codes.sort(key=lambda c: _COMPARATOR_ORDER.index(c) if c in _COMPARATOR_ORDER else 99)
    for code in codes:
        rows = comparators[comparators["area_code"] == code].sort_values("period_start")
        name = str(rows["area_name"].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=rows["period_start"],
                y=rows["value"],
                name=name,
                mode="lines+markers",
                connectgaps=False,
                line={"color": palette.area_colour(code), "width": s.line * 0.8, "dash": palette.area_dash(code)},
                marker={"size": s.marker - 1, "symbol": palette.area_symbol(code), "color": palette.area_colour(code)},
                text=[
                    f"{p}: {format_value(v, indicator)}{_left_out(r)}"
                    for p, v, (_, r) in zip(rows["period"], rows["value"], rows.iterrows(), strict=True)
                ],
                hovertemplate="%{text}<extra>" + name + "</extra>",
            )
        )


def _left_out(row: pd.Series) -> str:
    """A comparator average that leaves suppressed areas out says so (issue 16)."""
    hidden = row.get("n_hidden")
    return f" ({row['note']})" if isinstance(hidden, (int, float)) and hidden > 0 and "note" in row else ""


def _add_trajectory(fig: go.Figure, trajectory: pd.DataFrame | None, indicator: Indicator, s: Sizes) -> None:
    if trajectory is None or trajectory.empty:
        return
    rows = trajectory.sort_values("period_start")
    fig.add_trace(
        go.Scatter(
            x=rows["period_start"],
            y=rows["expected"],
            name=TRAJECTORY_NAME,
            mode="lines",
            line={"color": palette.DARK_GREY, "width": s.line * 0.8, "dash": "longdash"},
            text=[f"Target trajectory: {format_value(v, indicator)}" for v in rows["expected"]],
            hovertemplate="%{text}<extra></extra>",
        )
    )


def _mark_gaps(fig: go.Figure, data: pd.DataFrame, s: Sizes) -> None:
    for _, row in data[data["value"].isna()].iterrows():
        symbol = format_marker(row.get("marker"))
        if symbol:
            fig.add_annotation(
                x=row["period_start"],
                y=0,
                yref="paper",
                yanchor="bottom",
                text=symbol,
                showarrow=False,
                name="gap_marker",
                font={"size": s.font, "color": palette.TEXT},
            )


def _mark_launch(fig: go.Figure, launch_date: date | None, s: Sizes) -> None:
    if launch_date is None:
        return
    when = pd.Timestamp(launch_date)
    fig.add_shape(
        type="line",
        x0=when,
        x1=when,
        y0=0,
        y1=1,
        yref="paper",
        name="strategy_launch",
        line={"color": palette.DARK_GREY, "width": max(1.5, s.line * 0.6), "dash": "dot"},
    )
    fig.add_annotation(
        x=when,
        y=1,
        yref="paper",
        xanchor="left",
        yanchor="top",
        showarrow=False,
        text=f"Strategy launched ({when:%b %Y})",
        name="strategy_launch",
        bgcolor="rgba(255,255,255,0.85)",
        font={"size": s.font - 2},
    )


def _mark_baseline(fig: go.Figure, data: pd.DataFrame, baseline_period: str | None, s: Sizes) -> None:
    rows = data[data["period"] == baseline_period] if baseline_period else data.iloc[0:0]
    if rows.empty:
        return
    row = rows.iloc[0]
    text = f"Baseline ({baseline_period})"
    if is_missing(row["value"]):
        fig.add_annotation(
            x=row["period_start"],
            y=0.9,
            yref="paper",
            text=text,
            showarrow=False,
            name="baseline",
            font={"size": s.font - 2},
        )
    else:
        fig.add_annotation(
            x=row["period_start"],
            y=row["value"],
            text=text,
            showarrow=True,
            arrowhead=2,
            ax=0,
            ay=-45,
            name="baseline",
            font={"size": s.font - 2},
            bgcolor="rgba(255,255,255,0.85)",
        )


def trend_chart(
    series: pd.DataFrame,
    indicator: Indicator,
    comparators: pd.DataFrame | None = None,
    trajectory: pd.DataFrame | None = None,
    baseline_period: str | None = None,
    launch_date: date | None = date(2020, 11, 1),
    meeting: bool = False,
    home_name: str | None = None,
) -> go.Figure:
    """The council over time with its 95% CI, comparators, target trajectory, baseline and launch."""
    s = sizes(meeting)
    data = _prepare_series(series)
    fig = go.Figure()
    has_ci = bool(data[["lower_ci", "upper_ci"]].notna().any(axis=None))
    gaps = _has_ci_gaps(data)
    if has_ci and not gaps:
        _add_ci_band(fig, data)
    name = home_name or (str(data["area_name"].iloc[0]) if "area_name" in data and len(data) else "This council")
    _add_home(fig, data, name, indicator, s, show_errors=has_ci and gaps)
    _add_comparators(fig, comparators, indicator, s)
    _add_trajectory(fig, trajectory, indicator, s)
    _mark_gaps(fig, data, s)
    _mark_launch(fig, launch_date, s)
    _mark_baseline(fig, data, baseline_period, s)
    subtitle = CI_NAME + (" shown as error bars" if gaps and has_ci else " shaded") if has_ci else None
    style(
        fig,
        indicator.title,
        PERIOD_AXIS_TITLE.get(indicator.period_type, "Period"),
        value_axis_title(indicator),
        meeting,
        subtitle,
    )
    period_ticks(fig, data, comparators)
    if indicator.unit not in ("gap_points", "score"):
        fig.update_yaxes(rangemode="tozero")
    return fig


def _reference_line(fig: go.Figure, x: float, name: str, colour: str, dash: str, s: Sizes) -> None:
    fig.add_shape(
        type="line",
        x0=x,
        x1=x,
        y0=0,
        y1=1,
        yref="paper",
        name=name,
        line={"color": colour, "width": s.line * 0.8, "dash": dash},
    )
    legend_key(fig, name, s, colour, dash=dash)


def _add_group_point(fig: go.Figure, one_row: pd.DataFrame, indicator: Indicator, s: Sizes) -> None:
    # One trace per group so that its interval takes its colour too.
    row = one_row.iloc[0]
    key = group_key(row)
    colour = palette.group_colour(key)
    text = f"{row['label']}: {format_value(row['value'], indicator)}"
    text += interval_text(row.get("lower_ci"), row.get("upper_ci"), lambda v: format_value(v, indicator))
    fig.add_trace(
        go.Scatter(
            x=one_row["value"],
            y=one_row["label"],
            mode="markers",
            name=str(row["label"]),
            showlegend=False,
            marker={"color": colour, "symbol": palette.group_symbol(key), "size": s.marker + 3},
            error_x=error_bars(one_row, "value", "lower_ci", "upper_ci", colour),
            text=[text],
            hovertemplate="%{text}<extra></extra>",
        )
    )


def cohort_chart(
    frame: pd.DataFrame,
    indicator: Indicator,
    total: float | None = None,
    england: float | None = None,
    meeting: bool = False,
    home_name: str = "This council",
) -> go.Figure:
    """Dot and 95% interval per group, with the council's total and England as reference lines;
    a count breakdown as shares (charts.cohorts), minor ethnic groups nested in their major group."""
    if (chart := like_for_like_chart(frame, indicator, home_name, meeting)) is not None:
        return chart
    if indicator.unit == "count":  # a total's count would dwarf its groups, England's more so
        total = england = None
    s = sizes(meeting)
    data = in_group_order(frame)
    fig = go.Figure()
    for i in range(len(data)):
        if is_suppressed(data.iloc[i], "value"):
            add_suppressed_row(fig, data.iloc[i], s)
        else:
            _add_group_point(fig, data.iloc[[i]], indicator, s)
    if not is_missing(total):
        _reference_line(
            fig,
            float(total),
            f"{home_name}, all children ({format_value(total, indicator)})",
            palette.DARK_GREY,
            "solid",
            s,
        )
    if not is_missing(england):
        _reference_line(
            fig,
            float(england),
            f"England ({format_value(england, indicator)})",
            palette.area_colour(ENGLAND),
            "dash",
            s,
        )
    style(
        fig,
        f"{indicator.title}: by group",
        value_axis_title(indicator),
        "Group",
        meeting,
        subtitle="Each dot is a group's value; its line is the 95% confidence interval.",
    )
    category_rows_layout(fig, [str(label) for label in data["label"]], s)
    if indicator.unit not in ("gap_points", "score"):
        fig.update_xaxes(rangemode="tozero")
    return fig


def cohort_trend_chart(frame: pd.DataFrame, indicator: Indicator, meeting: bool = False) -> go.Figure:
    """One line per group over time (fixed colour and symbol per group), 95% CIs as error bars."""
    s = sizes(meeting)
    data = in_group_order(frame.sort_values("period_start", kind="stable"))
    fig = go.Figure()
    for key in dict.fromkeys(data["category"]):
        rows = data[data["category"] == key].sort_values("period_start")
        label = str(rows["label"].iloc[0])
        colour = palette.group_colour(str(key))
        fig.add_trace(
            go.Scatter(
                x=rows["period_start"],
                y=rows["value"],
                name=label,
                mode="lines+markers",
                connectgaps=False,
                line={"color": colour, "width": s.line},
                marker={"color": colour, "symbol": palette.group_symbol(str(key)), "size": s.marker},
                error_y=error_bars(rows, "value", "lower_ci", "upper_ci", colour),
                text=[_point_text(row, indicator) for _, row in rows.iterrows()],
                hovertemplate="%{text}<extra>" + label + "</extra>",
            )
        )
    style(
        fig,
        f"{indicator.title}: by group over time",
        PERIOD_AXIS_TITLE.get(indicator.period_type, "Period"),
        value_axis_title(indicator),
        meeting,
    )
    period_ticks(fig, data)
    if indicator.unit not in ("gap_points", "score"):
        fig.update_yaxes(rangemode="tozero")
    return fig
