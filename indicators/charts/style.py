"""Shared look of every chart: sizes (screen and projector), fonts, axes, group order, ticks.

Pure: plotly and pandas only. indicators.charts and indicators.rri_charts build on this.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from indicators.catalogue import UNIT_LABEL, Indicator
from indicators.charts import palette
from indicators.cohorts import CATEGORIES, ETHNICITY, MAJOR_ETHNIC_GROUPS
from indicators.readings import format_marker, is_missing

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


NORMAL = Sizes(font=16, title=20, line=2.5, marker=9, height=440)
# Projector mode: text at least 22px, lines twice as thick.
MEETING = Sizes(font=22, title=28, line=5.0, marker=15, height=620)


def sizes(meeting: bool) -> Sizes:
    return MEETING if meeting else NORMAL


def _group_order() -> dict[str, int]:
    # Each major ethnic group followed by its minor groups; then the other dimensions as declared.
    ethnic = [code for major in MAJOR_ETHNIC_GROUPS
              for code in (major, *(c for c, (_, m) in ETHNICITY.items() if m == major))]
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
    titles = {"percent": "Percentage (%)", "count": f"Number of {phrase}" if phrase else "Number",
              "ratio": "Ratio", "score": "Score (points)", "gap_points": "Gap (points)"}
    return titles.get(indicator.unit, indicator.title)


def style(fig: go.Figure, title: str, x_title: str, y_title: str, meeting: bool,
          subtitle: str | None = None) -> go.Figure:
    """Title, fonts, white background, legend below the plot and titled axes."""
    s = sizes(meeting)
    fig.update_layout(
        title={"text": title, "font": {"size": s.title}, "x": 0, "xanchor": "left",
               "subtitle": {"text": subtitle or "", "font": {"size": s.font - 2}}},
        font={"family": FONT_FAMILY, "size": s.font, "color": palette.TEXT},
        paper_bgcolor="white", plot_bgcolor="white", height=s.height,
        hoverlabel={"font": {"size": s.font}, "bgcolor": "white"},
        # Legend above the plot area: below it, it collides with the x-axis title.
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "font": {"size": s.font}},
        margin={"l": 20, "r": 20, "t": (100 if subtitle else 70) + 2 * s.font, "b": 20},
    )
    axis = {"showline": True, "linecolor": palette.SECONDARY_TEXT, "ticks": "outside",
            "automargin": True, "title": {"font": {"size": s.font, "color": palette.TEXT}},
            "tickfont": {"size": s.font, "color": palette.TEXT}}
    fig.update_xaxes(title_text=x_title, showgrid=False, **axis)
    fig.update_yaxes(title_text=y_title, showgrid=True, gridcolor=palette.GRIDLINE, **axis)
    return fig


def period_ticks(fig: go.Figure, *frames: pd.DataFrame | None) -> None:
    """Tick at each period's start date, labelled with its code (at most about 12 labels)."""
    parts = [f[["period_start", "period"]] for f in frames if f is not None and not f.empty]
    if not parts:
        return
    ticks = pd.concat(parts).drop_duplicates("period_start").sort_values("period_start")
    ticks = ticks.iloc[:: max(1, math.ceil(len(ticks) / 12))]
    fig.update_xaxes(tickmode="array", tickvals=list(ticks["period_start"]),
                     ticktext=list(ticks["period"]))


def interval_text(lower: object, upper: object, fmt: Callable[[object], str]) -> str:
    if is_missing(lower) or is_missing(upper):
        return ""
    return f"<br>95% CI {fmt(lower)} to {fmt(upper)}"


def error_bars(data: pd.DataFrame, centre: str, lower: str, upper: str, colour: str) -> dict:
    """Asymmetric error bars; a missing limit leaves that bar out rather than inventing one."""
    return {"type": "data", "symmetric": False, "array": list(data[upper] - data[centre]),
            "arrayminus": list(data[centre] - data[lower]), "thickness": 1.5, "width": 4,
            "color": colour}


def legend_key(fig: go.Figure, name: str, s: Sizes, colour: str, symbol: str | None = None,
               dash: str | None = None) -> None:
    """A legend-only entry explaining a mark that has no trace of its own (a line, a style)."""
    mode = "markers" if symbol else "lines"
    fig.add_trace(go.Scatter(
        x=[None], y=[None], mode=mode, name=name, hoverinfo="skip",
        marker={"symbol": symbol, "color": colour, "size": s.marker,
                "line": {"color": colour, "width": 2}} if symbol else None,
        line={"color": colour, "dash": dash or "solid", "width": s.line * 0.8} if not symbol else None))


def add_suppressed_row(fig: go.Figure, row: pd.Series, s: Sizes) -> None:
    """Keep the group's row on the category axis with its symbol ([c]) and no point."""
    symbol = format_marker(row.get("marker")) or "[x]"
    fig.add_trace(go.Scatter(x=[None], y=[row["label"]], mode="markers", name=str(row["label"]),
                             showlegend=False, hoverinfo="skip"))
    fig.add_annotation(x=0, xref="paper", xanchor="left", xshift=6, y=row["label"], text=symbol,
                       showarrow=False, name="suppressed", font={"size": s.font})


def category_rows_layout(fig: go.Figure, labels: list[str], s: Sizes) -> None:
    """Groups top to bottom in the fixed order, tall enough for every label."""
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels,
                     autorange="reversed", showgrid=False)
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
