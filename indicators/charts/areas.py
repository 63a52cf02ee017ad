"""Every council on one chart: the all-areas chart (sorted or grouped by region) and London's tile map.

Pure: a benchmark frame (services.benchmark COLUMNS) in, a plotly Figure out. Colour never carries
meaning alone: the home council and its neighbours differ by marker symbol and are named in the
legend; each tile carries its borough's abbreviation and quartile letter.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators.catalogue import Indicator
from indicators.charts import palette
from indicators.charts.style import sizes, style, value_axis_title
from indicators.readings import format_value
from indicators.suppression import display_value

# ColorBrewer PuOr, 4 classes (colour-blind safe): purple = better quarters, orange = worse.
QUARTILE_COLOURS = {"A": "#5E3C99", "B": "#B2ABD2", "C": "#FDB863", "D": "#E66101"}
NO_BAND_COLOUR = "#FFFFFF"
OTHER_COLOUR = "#949494"  # every other council: 3:1 on white
ROLE_STYLE = {  # role_in_view -> (colour, symbol, size factor)
    "home": (palette.DARK_BLUE, "diamond", 1.8),
    "neighbour": (palette.ORANGE, "triangle-up", 1.4),
    "": (OTHER_COLOUR, "circle", 0.8),
}

# The London squares layout (a 7-row, 8-column grid): borough -> (row from the top, column).
LONDON_TILES: dict[str, tuple[str, int, int]] = {
    "E09000010": ("Enf", 0, 4),
    "E09000015": ("Hrw", 1, 2),
    "E09000003": ("Brn", 1, 3),
    "E09000014": ("Hgy", 1, 4),
    "E09000031": ("WFo", 1, 5),
    "E09000017": ("Hdn", 2, 0),
    "E09000009": ("Eal", 2, 1),
    "E09000005": ("Brt", 2, 2),
    "E09000007": ("Cmd", 2, 3),
    "E09000019": ("Isl", 2, 4),
    "E09000012": ("Hck", 2, 5),
    "E09000026": ("Rdb", 2, 6),
    "E09000016": ("Hav", 2, 7),
    "E09000018": ("Hns", 3, 0),
    "E09000013": ("HmF", 3, 1),
    "E09000020": ("KnC", 3, 2),
    "E09000033": ("Wst", 3, 3),
    "E09000001": ("Cty", 3, 4),
    "E09000030": ("TwH", 3, 5),
    "E09000025": ("Nwm", 3, 6),
    "E09000002": ("BaD", 3, 7),
    "E09000027": ("Rch", 4, 1),
    "E09000032": ("Wns", 4, 2),
    "E09000022": ("Lam", 4, 3),
    "E09000028": ("Sth", 4, 4),
    "E09000023": ("Lsh", 4, 5),
    "E09000011": ("Gnw", 4, 6),
    "E09000004": ("Bxl", 4, 7),
    "E09000021": ("Kng", 5, 2),
    "E09000024": ("Mrt", 5, 3),
    "E09000008": ("Cry", 5, 4),
    "E09000006": ("Brm", 5, 5),
    "E09000029": ("Stn", 6, 3),
}


def _legend_names(home_name: str) -> dict[str, str]:
    return {"home": home_name, "neighbour": "Statistical neighbours", "": "Other councils"}


def _hover(row: pd.Series, indicator: Indicator) -> str:
    value = display_value(row["value"], row["marker"] if row["marker"] else None, indicator.decimals)
    rank = f"rank {int(row['rank'])}" if pd.notna(row["rank"]) else "not ranked"
    band = f", quartile {row['quartile']}" if isinstance(row["quartile"], str) else ""
    return f"{row['area_name']}: {value} ({rank}{band})"


def all_areas_chart(
    frame: pd.DataFrame,
    indicator: Indicator,
    period: str,
    home_name: str,
    england: float | None,
    by_region: bool = False,
    meeting: bool = False,
) -> go.Figure:
    """Every council's value (and 95% interval where published), best first or grouped by region."""
    s = sizes(meeting)
    data = frame.dropna(subset=["value"]).copy()
    if by_region:
        data = data.sort_values(["region_name", "value"], kind="stable")
    data["x"] = range(1, len(data) + 1)
    fig = go.Figure()
    names = _legend_names(home_name)
    for role in ("", "neighbour", "home"):  # the home council drawn last, on top
        part = data[data["role_in_view"] == role]
        if part.empty:
            continue
        colour, symbol, factor = ROLE_STYLE[role]
        has_ci = part["lower_ci"].notna().any()
        fig.add_trace(
            go.Scatter(
                x=part["x"],
                y=part["value"],
                mode="markers",
                name=names[role],
                marker={
                    "color": colour,
                    "symbol": symbol,
                    "size": s.marker * factor,
                    "line": {"width": 1, "color": "white"},
                },
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": part["upper_ci"] - part["value"],
                    "arrayminus": part["value"] - part["lower_ci"],
                    "color": colour,
                    "thickness": 1,
                }
                if has_ci
                else None,
                text=[_hover(r, indicator) for _, r in part.iterrows()],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    if england is not None:
        fig.add_hline(
            y=england,
            line={"color": palette.DARK_PINK, "dash": "dot", "width": s.line},
            annotation_text=f"England {format_value(england, indicator)}",
            annotation_position="top left",
            annotation_font={"color": palette.DARK_PINK},
        )
    x_title = "Councils grouped by region, then by value" if by_region else "Councils, best to worst"
    if by_region:
        _region_labels(fig, data, s.font)
    title = f"{indicator.title}: every council, {period}"
    style(fig, title, x_title, value_axis_title(indicator), meeting)
    fig.update_xaxes(showticklabels=by_region)
    return fig


def _region_labels(fig: go.Figure, data: pd.DataFrame, font: int) -> None:
    """A tick at the middle of each region's run of councils and a thin line between regions."""
    spans = data.groupby("region_name", sort=False)["x"].agg(["min", "max"])
    fig.update_xaxes(
        tickmode="array",
        tickvals=list((spans["min"] + spans["max"]) / 2),
        ticktext=list(spans.index),
        tickangle=-45,
        tickfont={"size": font - 4},
    )
    for start in spans["min"].iloc[1:]:
        fig.add_vline(x=start - 0.5, line={"color": palette.GRIDLINE, "width": 1})


def _text_colour(background: str) -> str:
    return "#FFFFFF" if palette.contrast_ratio("#FFFFFF", background) >= 4.5 else palette.TEXT


def london_tile_map(
    frame: pd.DataFrame, indicator: Indicator, period: str, home_code: str, meeting: bool = False
) -> go.Figure:
    """London's 32 boroughs and the City as equal squares, coloured by LAIT quartile band."""
    s = sizes(meeting)
    rows = frame.set_index("area_code")
    fig = go.Figure()
    for band in (*QUARTILE_COLOURS, None):
        codes = [
            c
            for c in LONDON_TILES
            if c in rows.index and (rows.at[c, "quartile"] if isinstance(rows.at[c, "quartile"], str) else None) == band
        ]
        colour = QUARTILE_COLOURS.get(band or "", NO_BAND_COLOUR)
        label = f"Quartile {band}" if band else "Not ranked or no value"
        fig.add_trace(
            go.Scatter(
                x=[LONDON_TILES[c][2] for c in codes],
                y=[-LONDON_TILES[c][1] for c in codes],
                mode="markers+text",
                name=label,
                marker={
                    "symbol": "square",
                    "size": s.marker * 5,
                    "color": colour,
                    "line": {"color": palette.TEXT if band is None else "white", "width": 1},
                },
                text=[f"<b>{LONDON_TILES[c][0]}</b><br>{band or '–'}" for c in codes],
                textfont={"color": _text_colour(colour), "size": s.font - 3},
                hovertext=[_hover(rows.loc[c], indicator) for c in codes],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    if home_code in LONDON_TILES:
        _, r, c = LONDON_TILES[home_code]
        fig.add_shape(
            type="rect", x0=c - 0.5, x1=c + 0.5, y0=-r - 0.5, y1=-r + 0.5, line={"color": palette.TEXT, "width": 4}
        )
    style(
        fig,
        f"{indicator.title}: London boroughs by quartile, {period}",
        "",
        "",
        meeting,
        subtitle="A = best quarter of English councils, D = worst; outlined: this council",
    )
    fig.update_xaxes(visible=False, range=[-0.7, 7.7], scaleanchor="y")
    fig.update_yaxes(visible=False, range=[-6.7, 0.7])
    fig.update_layout(height=s.height + 120)
    return fig


def table_frame(frame: pd.DataFrame, indicator: Indicator) -> pd.DataFrame:
    """The table behind both charts: what a screen reader gets instead of the picture."""
    markers = frame["marker"]
    return pd.DataFrame(
        {
            "Council": frame["area_name"],
            "Region": frame["region_name"],
            "Value": [display_value(v, m, indicator.decimals) for v, m in zip(frame["value"], markers, strict=True)],
            "95% CI lower": [display_value(v, None, indicator.decimals) for v in frame["lower_ci"]],
            "95% CI upper": [display_value(v, None, indicator.decimals) for v in frame["upper_ci"]],
            "Rank": frame["rank"],
            "Quartile": frame["quartile"].astype(object).fillna(""),
            "Recent trend": frame["trend"].astype(object).fillna("").astype(str).str.replace("_", " "),
            "This council or a neighbour": frame["role_in_view"]
            .map({"home": "this council", "neighbour": "neighbour"})
            .fillna(""),
        }
    ).reset_index(drop=True)
