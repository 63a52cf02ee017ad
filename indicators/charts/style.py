"""Shared look of every chart: sizes (screen and projector), fonts, axes, group order, ticks.

Pure: plotly and pandas only. indicators.charts and indicators.rri_charts build on this.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from indicators.catalogue import UNIT_LABEL, Indicator
from indicators.charts import palette
from indicators.cohorts import CATEGORIES, ETHNICITY, MAJOR_ETHNIC_GROUPS
from indicators.readings import format_marker, is_missing

MAX_PERIOD_TICKS = 6
FONT_FAMILY = "Arial, Helvetica, sans-serif"
CI_NAME = "95% confidence interval"

PERIOD_AXIS_TITLE: dict[str, str] = {
    "financial_year": "Financial year (April to March)",
    "academic_year": "Academic year (September to August)",
    "calendar_year": "Calendar year",
    "quarter": "Quarter",
    "month": "Month",
}


@dataclass(frozen=True)
class Sizes:
    font: int
    title: int
    line: float
    marker: int
    height: int


NORMAL = Sizes(font=16, title=20, line=2.5, marker=9, height=480)
# Projector mode: text at least 22px, lines twice as thick.
MEETING = Sizes(font=22, title=28, line=5.0, marker=15, height=620)


def sizes(meeting: bool) -> Sizes:
    return MEETING if meeting else NORMAL


def _group_order() -> dict[str, int]:
    # Each major ethnic group followed by its minor groups; then the other dimensions as declared.
    ethnic = [
        code for major in MAJOR_ETHNIC_GROUPS for code in (major, *(c for c, (_, m) in ETHNICITY.items() if m == major))
    ]
    others = [code for dim, cats in CATEGORIES.items() if dim != "ethnicity" for code in cats]
    return {code: i for i, code in enumerate(dict.fromkeys(["all", *ethnic, *others]))}


GROUP_ORDER = _group_order()
LABEL_ORDER = {label: GROUP_ORDER[code] for cats in CATEGORIES.values() for code, label in cats.items()}


def in_group_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in the fixed cohort order (by category, else label); unknown groups last, as given."""
    rank = frame["category"].map(GROUP_ORDER) if "category" in frame else frame["label"].map(LABEL_ORDER)
    ordered = frame.assign(_rank=rank.fillna(len(GROUP_ORDER))).sort_values("_rank", kind="stable")
    return ordered.drop(columns="_rank").reset_index(drop=True)


def group_key(row: pd.Series) -> str:
    """The category code that picks a group's colour and symbol (the label when there is none)."""
    category = row.get("category")
    return str(row["label"]) if is_missing(category) else str(category)


def is_suppressed(row: pd.Series, value_column: str) -> bool:
    return format_marker(row.get("marker")) == "[c]" or is_missing(row.get(value_column))


def value_axis_title(indicator: Indicator) -> str:
    """'Rate per 100,000 children aged 10-17', 'Percentage (%)', 'Number of children'..."""
    phrase = indicator.unit_phrase
    if indicator.is_rate:
        return f"Rate {phrase or UNIT_LABEL[indicator.unit]}"
    titles = {
        "percent": "Percentage (%)",
        "count": f"Number of {phrase}" if phrase else "Number",
        "ratio": "Ratio",
        "score": "Score (points)",
        "gap_points": "Gap (points)",
    }
    return titles.get(indicator.unit, indicator.title)


# Chart text wraps at these widths so that a title fits a 390 px phone (about 36 characters of 20 px
# Arial); the projector's screen is wide, so meeting titles wrap later.
TITLE_CHARS = {False: 36, True: 60}
SUBTITLE_CHARS = {False: 50, True: 90}
# Axis titles are centred on the plot area, which a phone's tick labels and legend rows leave small.
AXIS_TITLE_CHARS = {False: 24, True: 40}
# Passed to st.plotly_chart: no toolbar to cover the title on a phone, and redrawn at the width given.
PLOTLY_CONFIG = {"displayModeBar": False, "responsive": True}


def wrap(text: str, width: int) -> str:
    """Break chart text into lines of at most ``width`` characters (plotly never wraps by itself)."""
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False)) if text else ""


def style(
    fig: go.Figure, title: str, x_title: str, y_title: str, meeting: bool, subtitle: str | None = None
) -> go.Figure:
    """Title, fonts, white background, legend below the plot and titled axes, at any screen width.

    The legend sits at the foot of the figure (container coordinates), so plotly reserves room for it
    however many rows it wraps into on a narrow screen, below the x-axis title rather than on it. The
    title is anchored just above the plot area and pushes the top margin (``automargin``), so a title
    wrapped onto three lines on a phone never runs into the plot or the legend.
    """
    s = sizes(meeting)
    sub = wrap(subtitle or "", SUBTITLE_CHARS[meeting])
    # Plotly's title margin counts the title's own lines only: the subtitle's lines are padding below it.
    pad = s.font + (sub.count("<br>") + 1) * round((s.font - 2) * 1.4) if sub else 2 * s.font
    fig.update_layout(
        title={
            "text": wrap(title, TITLE_CHARS[meeting]),
            "font": {"size": s.title},
            "x": 0,
            "xanchor": "left",
            "yref": "paper",
            "y": 1,
            "yanchor": "bottom",
            "automargin": True,
            "pad": {"b": pad},
            "subtitle": {"text": sub, "font": {"size": s.font - 2}},
        },
        font={"family": FONT_FAMILY, "size": s.font, "color": palette.TEXT},
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=s.height,
        hoverlabel={"font": {"size": s.font}, "bgcolor": "white"},
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "x": 0,
            "xanchor": "left",
            "font": {"size": s.font - 2},
            "itemwidth": 30,
            "tracegroupgap": 4,
        },
        margin={"l": 10, "r": 10, "t": 10, "b": 10, "autoexpand": True},
    )
    axis = {
        "showline": True,
        "linecolor": palette.SECONDARY_TEXT,
        "ticks": "outside",
        "automargin": True,
        "title": {"font": {"size": s.font - 2, "color": palette.TEXT}, "standoff": 8},
        "tickfont": {"size": s.font - 2, "color": palette.TEXT},
    }
    fig.update_xaxes(title_text=wrap(x_title, AXIS_TITLE_CHARS[meeting]), showgrid=False, **axis)
    fig.update_yaxes(
        title_text=wrap(y_title, AXIS_TITLE_CHARS[meeting]), showgrid=True, gridcolor=palette.GRIDLINE, **axis
    )
    return fig


def period_ticks(fig: go.Figure, *frames: pd.DataFrame | None) -> None:
    """Tick at each period's start date, labelled with its code (at most about 6 labels, so that years
    stand side by side on a phone; plotly tilts them if they still would not fit)."""
    parts = [f[["period_start", "period"]] for f in frames if f is not None and not f.empty]
    if not parts:
        return
    ticks = pd.concat(parts).drop_duplicates("period_start").sort_values("period_start")
    ticks = ticks.iloc[:: max(1, math.ceil(len(ticks) / MAX_PERIOD_TICKS))]
    fig.update_xaxes(tickmode="array", tickvals=list(ticks["period_start"]), ticktext=list(ticks["period"]))


def interval_text(lower: object, upper: object, fmt: Callable[[object], str]) -> str:
    if is_missing(lower) or is_missing(upper):
        return ""
    return f"<br>95% CI {fmt(lower)} to {fmt(upper)}"


def error_bars(data: pd.DataFrame, centre: str, lower: str, upper: str, colour: str) -> dict:
    """Asymmetric error bars; a missing limit leaves that bar out rather than inventing one."""
    return {
        "type": "data",
        "symmetric": False,
        "array": list(data[upper] - data[centre]),
        "arrayminus": list(data[centre] - data[lower]),
        "thickness": 1.5,
        "width": 4,
        "color": colour,
    }


def legend_key(
    fig: go.Figure, name: str, s: Sizes, colour: str, symbol: str | None = None, dash: str | None = None
) -> None:
    """A legend-only entry explaining a mark that has no trace of its own (a line, a style)."""
    mode = "markers" if symbol else "lines"
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode=mode,
            name=name,
            hoverinfo="skip",
            marker={"symbol": symbol, "color": colour, "size": s.marker, "line": {"color": colour, "width": 2}}
            if symbol
            else None,
            line={"color": colour, "dash": dash or "solid", "width": s.line * 0.8} if not symbol else None,
        )
    )


def add_suppressed_row(fig: go.Figure, row: pd.Series, s: Sizes) -> None:
    """Keep the group's row on the category axis with its symbol ([c]) and no point."""
    symbol = format_marker(row.get("marker")) or "[x]"
    fig.add_trace(
        go.Scatter(
            x=[None], y=[row["label"]], mode="markers", name=str(row["label"]), showlegend=False, hoverinfo="skip"
        )
    )
    fig.add_annotation(
        x=0,
        xref="paper",
        xanchor="left",
        xshift=6,
        y=row["label"],
        text=symbol,
        showarrow=False,
        name="suppressed",
        font={"size": s.font},
    )


def category_rows_layout(fig: go.Figure, labels: list[str], s: Sizes) -> None:
    """Groups top to bottom in the fixed order, tall enough for every label."""
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, autorange="reversed", showgrid=False)
    fig.update_xaxes(showgrid=True, gridcolor=palette.GRIDLINE)
    fig.update_layout(height=max(s.height, int(200 + len(labels) * s.font * 2.6)))


def fit_for_projector(fig: go.Figure, height: int) -> go.Figure:
    """A meeting slide's chart: at most ``height`` px, the legend in its own strip under the plot
    (container coordinates, so it can cover neither the title, the subtitle nor the axis title)."""
    fig.update_layout(
        height=min(height, int(fig.layout.height or height)),
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
        margin={"b": 70 if any(t.showlegend is not False for t in fig.data) else 20},
    )
    return fig
