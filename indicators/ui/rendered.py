"""What a page draws, built once per data version and role (ui.cached keeps it; issue 22).

A rerun used to rebuild every card's HTML, both council charts, each CSV and each chart's JSON
for its image downloads; with 50 sessions that work was most of the server's time. Here it is done
once: cards and chart sections become small frozen views (strings, bytes, a figure and a table)
that a page only hands to Streamlit. Nothing here draws, and nothing reads the database.
"""

from __future__ import annotations

import html
import re
import string
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from indicators import readings
from indicators.catalogue import ILLUSTRATIVE_TEXT, Indicator
from indicators.charts import areas as area_charts
from indicators.charts import images
from indicators.charts.palette import status_chip
from indicators.charts.sparkline import sparkline_svg
from indicators.charts.trend import cohort_chart, cohort_trend_chart
from indicators.errors import IndicatorError
from indicators.home import HomeArea
from indicators.ranking import BAND_MEANING
from indicators.safe_csv import to_csv_bytes
from indicators.services.benchmark import Benchmark
from indicators.services.cohorts import CohortView
from indicators.services.series import IndicatorSeries, benchmark_names
from indicators.status import Verdict
from indicators.suppression import display_value

IMAGE_FORMATS = (("png", "image/png"), ("svg", "image/svg+xml"))


TABLE_COLUMNS = {
    "period": "Period",
    "area_name": "Area",
    "label": "Group",
    "numerator": "Count",
    "denominator": "Denominator",
    "value": "Value",
    "lower_ci": "95% CI lower",
    "upper_ci": "95% CI upper",
}
# Table columns left to right: what a row is, then its value, so that the value is on screen at 390 px
# without scrolling sideways; the counts it was computed from come last.
COLUMN_ORDER = ["period", "area_name", "label", "value", "lower_ci", "upper_ci", "numerator", "denominator"]


# Every ASCII punctuation mark can be backslash-escaped in CommonMark; escaping them all stops links,
# images, HTML, emphasis, LaTeX ($) and emoji shortcodes (:x:). GFM's bare-URL autolinks (www.x, x://,
# a@b.c) are found after escapes are resolved, so an invisible word joiner goes before each . : @ too.
_MARKDOWN_ESCAPES = str.maketrans({ch: ("\u2060" if ch in ".:@" else "") + "\\" + ch for ch in string.punctuation})
ECHO_LIMIT = 80


def plain(value: object, limit: int = ECHO_LIMIT) -> str:
    """``value`` (anything a visitor typed or put in a URL) as literal text inside st.markdown/st.error:
    Markdown and HTML escaped, line breaks and control characters shown as spaces, cut to ``limit``."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(value))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.translate(_MARKDOWN_ESCAPES)


_NUMBER = re.compile(r"-?[\d,]*\.?\d+%?")
_MARKER = re.compile(r"(\\\[[a-z]\\\])?")  # an escaped [c], [x], ... or nothing


def markdown_table(table: pd.DataFrame) -> str:
    """``table`` as a GitHub-flavoured Markdown table, numbers right-aligned. Text cells are escaped
    (plain): a council's name or a publisher's note is never read as Markdown or HTML."""

    def cell(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value)
        return text if _NUMBER.fullmatch(text) else plain(text, limit=10_000)

    def numeric(column: pd.Series) -> bool:  # numbers, blanks and markers ([c], [x]) line up right
        return bool(len(column)) and all(_NUMBER.fullmatch(cell(v)) or _MARKER.fullmatch(cell(v)) for v in column)

    lines = [
        "| " + " | ".join(plain(c, limit=200) for c in table.columns) + " |",
        "|" + "|".join("---:" if numeric(table[c]) else "---" for c in table) + "|",
    ]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.itertuples(index=False)]
    return "\n".join(lines)


def display_table(frame: pd.DataFrame, indicator: Indicator, columns: list[str]) -> pd.DataFrame:
    """Numbers as the public sees them: markers as [c]/[x]/..., values rounded to the indicator."""
    out = pd.DataFrame(index=frame.index)
    markers = frame.get("marker", pd.Series("", index=frame.index))
    for col in sorted(columns, key=lambda c: COLUMN_ORDER.index(c) if c in COLUMN_ORDER else len(COLUMN_ORDER)):
        if col in ("value", "lower_ci", "upper_ci"):
            out[TABLE_COLUMNS[col]] = [
                display_value(v, m if col == "value" else (m if m == "c" else None), indicator.decimals)
                for v, m in zip(frame[col], markers, strict=True)
            ]
        elif col in ("numerator", "denominator"):
            out[TABLE_COLUMNS[col]] = [
                display_value(v, "c" if (m == "c" and pd.isna(v)) else None, 0)
                for v, m in zip(frame[col], markers, strict=True)
            ]
        else:
            out[TABLE_COLUMNS.get(col, col)] = frame[col].astype(str)
    return out.reset_index(drop=True)


def chip_html(verdict: Verdict | None, prefix: str) -> str:
    """A chip: the verdict, or (neutral, linked to the rule on /symbols) the reason there is none."""
    chip = status_chip(verdict.outcome if verdict else None)
    if verdict is not None and verdict.reason is not None:
        chip = replace(status_chip(None), label=str(verdict.reason), icon="–")
    text = f"{html.escape(prefix)}: {chip.icon} {html.escape(chip.label)}"
    style = (
        f"display:inline-block;margin:2px 4px 2px 0;padding:2px 8px;border-radius:12px;"
        f"background:{chip.background};color:{chip.text};border:1px solid #505A5F;font-size:0.85rem"
    )
    if verdict is not None and verdict.reason is not None:
        title = html.escape("Why there is no verdict: see the verdict rule on Symbols and suppression")
        return (
            f'<a href="./symbols#verdicts" target="_self" title="{title}" style="text-decoration:none">'
            f'<span style="{style}">{text}</span></a>'
        )
    return f'<span style="{style}">{text}</span>'


def chips_html(item: IndicatorSeries, home: HomeArea, everything: bool = False) -> str:
    """Target (when the council set one), recent trend, baseline and benchmarks: the same chips on the
    overview and the indicator page; the page adds the neighbour average (``everything``)."""
    s = item.status
    chips = [
        (label, v)
        for label, v in s.verdicts().items()
        if everything or label in ("Target", "Trend", *(f"vs {n}" for n in benchmark_names(home))) or v is s.baseline
    ]
    return " ".join(chip_html(v, label) for label, v in chips)


def headline(item: IndicatorSeries) -> str:
    s, ind = item.status, item.indicator
    if s.latest_value is None:
        return "No published value yet"
    note = readings.latest_note(s)
    text = (f"{note} " if note else "") + f"**{readings.format_value(s.latest_value, ind)}** in {s.latest_period}"
    if s.baseline_value is not None and s.change is not None:
        text += (
            f" · baseline {readings.format_value(s.baseline_value, ind)} ({s.baseline_period}),"
            f" change {readings.format_change(s.change, ind)}"
        )
    return text


DELTA_COLOUR = {"high_is_good": "normal", "low_is_good": "inverse", "no_judgement": "off"}


@dataclass(frozen=True)
class CardView:
    """One overview card, ready to draw: its HTML block, its metric and its link."""

    indicator_id: str
    title: str
    objectives: tuple[int, ...]
    strands: tuple[str, ...]
    head_html: str
    metric_label: str
    metric_value: str
    delta: str | None
    delta_colour: str
    delta_description: str | None


def _sparkline_label(item: IndicatorSeries) -> str:
    data = item.series.dropna(subset=["value"])
    ind = item.indicator
    if data.empty:  # another council may have no published value for a KPI
        return f"No published values of {ind.title}"
    first, last = data.iloc[0], data.iloc[-1]
    return (
        f"Figures for {ind.title}: {readings.format_value(first['value'], ind)} in {first['period']} "
        f"to {readings.format_value(last['value'], ind)} in {last['period']}"
    )


def card_view(item: IndicatorSeries, home: HomeArea) -> CardView:
    ind, s = item.indicator, item.status
    head = [f"<h3>{html.escape(ind.title)}</h3>"]
    if ind.illustrative:
        part = " (in part)" if not s.latest_illustrative and s.latest_value is not None else ""
        head.append(f"<p>⚠ <em>{ILLUSTRATIVE_TEXT}{part}</em></p>")
    head.append(
        sparkline_svg(list(zip(item.series["period"], item.series["value"], strict=True)), _sparkline_label(item))
    )
    note = readings.latest_note(s)
    if note:
        head.append(f"<p>⚠ {html.escape(note)}</p>")
    if s.baseline_value is not None:
        head.append(
            f"<p>Baseline {readings.format_value(s.baseline_value, ind)} ({s.baseline_period}) · "
            f"Source: {html.escape(ind.source.publisher)}</p>"
        )
    head.append(f"<p>{chips_html(item, home)}</p>")
    # Green or red is a verdict: only where the baseline test found a significant difference.
    judged = s.baseline is not None and s.baseline.outcome in ("better", "worse")
    return CardView(
        indicator_id=ind.id,
        title=ind.title,
        objectives=tuple(ind.objectives),
        strands=tuple(ind.strands),
        head_html="".join(head),
        metric_label="Latest" + (f" ({s.latest_period})" if s.latest_period else ""),
        metric_value=readings.format_value(s.latest_value, ind) if s.latest_value is not None else "No data",
        delta=None if s.change is None else readings.format_change(s.change, ind, short=True),
        delta_colour=DELTA_COLOUR[ind.polarity] if judged else "off",
        delta_description=f"since {s.baseline_period}" if s.baseline_period else None,
    )


@dataclass(frozen=True)
class Image:
    fmt: str
    mime: str
    data: bytes | None  # None when drawing failed
    problem: str = ""


@dataclass(frozen=True)
class ChartView:
    """A chart with its text summary, its table and its downloads (CSV, PNG, SVG), ready to draw."""

    figure: go.Figure
    summary: str
    table: pd.DataFrame
    csv: bytes
    file_stem: str
    images: tuple[Image, ...]


@dataclass(frozen=True)
class ChartParts:
    """A chart with its text summary, notes, table and download frame, ready to draw. Unlike ChartView
    its CSV and images are made only when a visitor opens the Download tab: these charts change with
    every selection, and drawing PNG and SVG for each would cost more than the page (issue 21)."""

    figure: go.Figure
    summary: str
    notes: tuple[str, ...]
    table: pd.DataFrame
    download: pd.DataFrame
    file_stem: str


def cohort_charts(view: CohortView, home_name: str) -> tuple[ChartParts, ChartParts]:
    """The cohorts page: the groups in one period against the council and England, then each group's trend."""
    ind, stem = view.indicator, f"{view.indicator.id}_{view.dimension}"
    fig = cohort_chart(view.groups, ind, total=view.total, england=view.england, home_name=home_name)
    columns = ["label", "numerator", "denominator", "value", "lower_ci", "upper_ci"]
    download = view.groups.reindex(
        columns=["indicator_id", "period", "area_name", "dimension", "category", *columns, "marker", "illustrative"]
    )
    period_stem = f"{stem}_{view.period.replace('/', '-')}"
    groups = ChartParts(fig, view.reading, (), display_table(view.groups, ind, columns), download, period_stem)
    trend_table = display_table(view.trend, ind, ["period", *columns])
    trend_fig = cohort_trend_chart(view.trend, ind)
    over_time = ChartParts(
        trend_fig, view.trend_reading, (), trend_table, view.trend.reindex(columns=download.columns), f"{stem}_trend"
    )
    return groups, over_time


def chart_images(fig: go.Figure) -> tuple[Image, ...]:
    out = []
    for fmt, mime in IMAGE_FORMATS:
        try:
            out.append(Image(fmt, mime, images.render(fig, fmt)))  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 - a download that fails must not break the page
            message = str(exc) if isinstance(exc, IndicatorError) else type(exc).__name__
            out.append(Image(fmt, mime, None, message[:120]))
    return tuple(out)


def chart_view(
    fig: go.Figure, table: pd.DataFrame, download: pd.DataFrame, summary: str, file_stem: str, mark: str | None
) -> ChartView:
    return ChartView(fig, summary, table, to_csv_bytes(download, mark), file_stem, chart_images(fig))


def rank_headline(bench: Benchmark) -> str:
    """'Rank 63 of 153 English councils in 2023/24 · quartile B (second quarter)' or why not ranked."""
    row = bench.home_row
    text = f"**{bench.rank_text()}**"
    if bench.ranking.ranked and row is not None and isinstance(row["quartile"], str):
        text += (
            f" English councils in {bench.period} · quartile **{row['quartile']}** ({BAND_MEANING[row['quartile']]})"
        )
    elif bench.period:
        text += f" ({bench.period})"
    return text


def benchmark_summary(bench: Benchmark) -> str:
    ind, row = bench.indicator, bench.home_row
    shown = bench.frame["value"].notna().sum()
    parts = [f"{shown} councils have a value for {bench.period}."]
    if row is not None and row["value"] == row["value"]:
        parts.append(f"{bench.home.name}: {readings.format_value(row['value'], ind)} ({bench.rank_text().lower()}).")
    if bench.england is not None:
        parts.append(f"England: {readings.format_value(bench.england, ind)}.")
    if bench.ranking.cut_points:
        q1, q2, q3 = (readings.format_value(v, ind) for v in bench.ranking.cut_points)
        parts.append(f"Quartile cut points (25th, 50th, 75th percentiles): {q1}, {q2}, {q3}.")
    return " ".join(parts)


@dataclass(frozen=True)
class BenchmarkView:
    """The indicator page's "among all councils" section, ready to draw (None parts are not drawn)."""

    period: str | None
    periods: tuple[str, ...]
    headline: str
    neighbours: pd.DataFrame | None
    by_region: bool
    everyone: ChartView | None
    london: ChartView | None
    table: pd.DataFrame | None
    csv: bytes
    file_stem: str


def benchmark_view(bench: Benchmark, mark: str | None) -> BenchmarkView:
    ind, frame, home = bench.indicator, bench.frame, bench.home
    if bench.period is None:
        return BenchmarkView(None, tuple(bench.periods), "", None, False, None, None, None, b"", ind.id)
    rows = bench.neighbour_rows()
    neighbours = (
        None
        if rows.empty
        else area_charts.table_frame(rows, ind).drop(columns=["Region", "This council or a neighbour"])
    )
    text, table = benchmark_summary(bench), area_charts.table_frame(frame, ind)
    download = frame.assign(indicator_id=ind.id, period=bench.period)
    by_region = not home.in_london
    fig = area_charts.all_areas_chart(frame, ind, bench.period, home.name, bench.england, by_region=by_region)
    stem = f"{ind.id}-all-councils-{bench.period}".replace("/", "-")
    everyone = chart_view(fig, table, download, text, stem, mark)
    london = None
    if home.in_london:
        tiles = area_charts.london_tile_map(frame, ind, bench.period, home.code)
        stem = f"{ind.id}-london-{bench.period}".replace("/", "-")
        london_table = area_charts.table_frame(frame[frame["region_name"] == "London"], ind)
        london = chart_view(tiles, london_table, download[download["region_name"] == "London"], text, stem, mark)
    return BenchmarkView(
        bench.period,
        tuple(bench.periods),
        rank_headline(bench),
        neighbours,
        by_region,
        everyone,
        london,
        table,
        to_csv_bytes(download, mark),
        f"{ind.id}-all-councils",
    )


@dataclass(frozen=True)
class IndicatorHead:
    """The indicator page's parts that do not depend on the comparators chosen."""

    headline: str
    chips_html: str
    comparators: tuple[str, ...]
    target_note: str  # the Definition section's target sentence ('' when there is no target row)


def target_note(item: IndicatorSeries) -> str:
    target = item.target
    if target is None:
        return ""
    if not target.council_set:
        return (
            f"**Target.** None set by the council; compared with the baseline "
            f"({item.status.baseline_period or target.baseline_period}) only."
        )
    what = (
        "improve on the baseline"
        if target.kind == "direction"
        else f"reach {target.target_value:g} by {target.target_period}"
    )
    return f"**Target.** Baseline {target.baseline_period}; {what}; {target.source}." + (
        f" {target.note}" if target.note else ""
    )


def indicator_head(item: IndicatorSeries, home: HomeArea) -> IndicatorHead:
    chips = chips_html(item, home, everything=True)
    return IndicatorHead(headline(item), chips, tuple(item.comparators), target_note(item))


TABLE_FIELDS = ["period", "area_name", "numerator", "denominator", "value", "lower_ci", "upper_ci"]


def indicator_chart(
    item: IndicatorSeries, fig: go.Figure, comparators: tuple[str, ...], home: HomeArea, mark: str | None
) -> ChartView:
    """The trend chart section for one choice of comparators: chart, reading, table, downloads."""
    frames = [item.series, *(item.comparators[n] for n in comparators if n in item.comparators)]
    combined = pd.concat(frames, ignore_index=True).reindex(columns=[*TABLE_FIELDS, "marker", "period_start"])
    table = display_table(combined, item.indicator, TABLE_FIELDS)
    summary = readings.status_reading(item.indicator, item.status, item.target, area=home.name)
    return chart_view(fig, table, combined.drop(columns=["period_start"]), summary, item.indicator.id, mark)
