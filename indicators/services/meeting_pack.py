"""The meeting pack: a PDF with a title page, then one chart per page with its reading and data table.

Figures come from the service layer, so a pack built for the viewer role carries exactly the
suppressed numbers the public pages show (DESIGN §6); an analyst's pack is marked not for
publication on every page. Charts are PNGs from ``chart_export`` (one browser for the whole pack).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd
import plotly.graph_objects as go
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from indicators import readings
from indicators.catalogue import Indicator, load_catalogue
from indicators.charts import images, trend
from indicators.charts import rri as rri_charts
from indicators.periods import parse_period
from indicators.services import rri as rri_service
from indicators.services import series
from indicators.services import versions as version_service
from indicators.suppression import display_value

if TYPE_CHECKING:
    from sqlalchemy import Engine

PAGE = landscape(A4)
MARGIN = 1.5 * cm
CHART_PX = (1100, 460)
CHART_WIDTH = 23 * cm
NOT_FOR_PUBLICATION = "Analyst view: unsuppressed figures. NOT FOR PUBLICATION."
ILLUSTRATIVE_TEXT = "Illustrative figures — not published data"
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))
_FONT_FILES = {
    "DejaVuSans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "LiberationSans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
}


@dataclass(frozen=True)
class DisproportionalityView:
    """A disproportionality chart for the pack: a stage's RRI by group, or SEN representation."""

    kind: Literal["stage_rri", "representation"]
    stage_id: str | None = None
    period: str | None = None  # None: the stage's latest year
    dimension: str = "ethnicity"
    reference: str | None = None  # None: the service's default reference group
    basis: Literal["population", "previous_stage"] = "population"


@dataclass
class PackPage:
    """One chart page: what the PDF needs, already suppressed for the role."""

    title: str
    figure: go.Figure
    reading: list[str]
    table: pd.DataFrame
    illustrative: bool
    source: str = ""
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Pages from the service layer
# --------------------------------------------------------------------------------------------


def _trajectory(item: series.IndicatorSeries) -> pd.DataFrame | None:
    if not item.status.trajectory:
        return None
    frame = pd.DataFrame(item.status.trajectory, columns=["period", "expected"])
    frame["period_start"] = [pd.Timestamp(parse_period(p, item.indicator.period_type).start) for p in frame["period"]]
    return frame


def _indicator_table(item: series.IndicatorSeries) -> pd.DataFrame:
    ind, series = item.indicator, item.series.sort_values("period_start")
    out = pd.DataFrame(
        {
            "Period": series["period"].astype(str),
            "Count": [
                display_value(v, "c" if m == "c" and pd.isna(v) else None, 0)
                for v, m in zip(series["numerator"], series["marker"], strict=True)
            ],
            "Value": [
                display_value(v, m, ind.decimals) for v, m in zip(series["value"], series["marker"], strict=True)
            ],
            "95% CI": [
                _interval(lo, hi, m, ind.decimals)
                for lo, hi, m in zip(series["lower_ci"], series["upper_ci"], series["marker"], strict=True)
            ],
        }
    )
    for name in ("London", "England"):
        comparator = item.comparators.get(name)
        if comparator is not None and not comparator.empty:
            values = dict(
                zip(
                    comparator["period"],
                    [
                        display_value(v, m, ind.decimals)
                        for v, m in zip(comparator["value"], comparator["marker"], strict=True)
                    ],
                    strict=True,
                )
            )
            out[name] = [values.get(p, "[x]") for p in out["Period"]]
    return out.reset_index(drop=True)


def _interval(lower: object, upper: object, marker: object, decimals: int) -> str:
    if marker == "c":
        return "[c]"
    if pd.isna(lower) or pd.isna(upper):
        return ""
    return f"{display_value(lower, None, decimals)} to {display_value(upper, None, decimals)}"


def indicator_pages(engine: Engine, indicator_ids: list[str], role: series.Role) -> list[PackPage]:
    """One trend chart per indicator, against its comparators and target trajectory."""
    items = series.indicator_series(engine, indicator_ids, role) if indicator_ids else {}
    pages = []
    for ind_id in indicator_ids:
        item, s = items[ind_id], items[ind_id].status
        comparators = pd.concat(item.comparators.values()) if item.comparators else None
        fig = trend.trend_chart(
            item.series,
            item.indicator,
            comparators=comparators,
            trajectory=_trajectory(item),
            baseline_period=s.baseline_period,
        )
        text = readings.trend_reading(
            item.indicator,
            s.baseline_period,
            s.baseline_value,
            s.latest_period,
            s.latest_value,
            s.trend.status if s.trend else None,
            s.comparisons,
        )
        reading = [text]
        if s.target is not None:
            reading.append(readings.target_reading(s.target.status, s.target.reason))
        pages.append(
            PackPage(
                item.indicator.title,
                fig,
                reading,
                _indicator_table(item),
                item.indicator.illustrative,
                _source(item.indicator),
            )
        )
    return pages


def _source(ind: Indicator) -> str:
    return f"Source: {ind.source.publisher} — {ind.source.name}"


def _rri_page(engine: Engine, view: DisproportionalityView, role: series.Role) -> PackPage:
    options = rri_service.disproportionality_options(engine)
    stage_id = view.stage_id or options.stages[0].id
    period = view.period or options.periods[stage_id][-1]
    result = rri_service.stage_rri_table(engine, stage_id, period, view.dimension, view.reference, role, view.basis)
    title = f"{result.stage.title}, {period}: relative rate index by {view.dimension.replace('_', ' ')}"
    fig = rri_charts.forest_plot(result.table, result.reference_label, title)
    rows = result.table.sort_values("rri", ascending=False, na_position="last")
    table = pd.DataFrame(
        {
            "Group": rows["label"],
            "Children": [
                display_value(v, "c" if m == "c" else None, 0)
                for v, m in zip(rows["events"], rows["marker"], strict=True)
            ],
            "Population": [display_value(v, None, 0) for v in rows["population"]],
            "RRI": [
                "1 (reference)" if ref else display_value(v, m, 2)
                for v, m, ref in zip(rows["rri"], rows["marker"], rows["reference"], strict=True)
            ],
            "95% CI": [
                "" if ref else _interval(lo, hi, m, 2)
                for lo, hi, m, ref in zip(rows["lower"], rows["upper"], rows["marker"], rows["reference"], strict=True)
            ],
        }
    )
    return PackPage(
        title,
        fig,
        result.readings,
        table.reset_index(drop=True),
        result.illustrative,
        _source(result.stage),
        list(result.notes),
    )


def _representation_page(engine: Engine, role: series.Role) -> PackPage:
    rep = rri_service.representation(engine, role)
    cohort_name, population_name = "the youth offending service cohort", "secondary pupils"
    title = f"Special educational needs: youth offending service cohort against secondary pupils ({rep.period})"
    fig = rri_charts.representation_chart(
        rep.sen, title=title, cohort_name=cohort_name, population_name=population_name
    )
    table = pd.DataFrame(
        {
            "Group": rep.sen["label"],
            "Share of cohort (%)": [display_value(v, None, 1) for v in rep.sen["cohort_share"]],
            "Share of pupils (%)": [display_value(v, None, 1) for v in rep.sen["population_share"]],
            "Ratio": [display_value(v, None, 1) for v in rep.sen["ratio"]],
        }
    )
    catalogue = load_catalogue()
    illustrative = any(catalogue.get(i).illustrative for i in ("yos_cohort_share", "secondary_pupils_share"))
    return PackPage(title, fig, list(rep.readings), table, illustrative, _source(catalogue.get("yos_cohort_share")))


def disproportionality_pages(engine: Engine, views: list[DisproportionalityView], role: series.Role) -> list[PackPage]:
    return [_rri_page(engine, v, role) if v.kind == "stage_rri" else _representation_page(engine, role) for v in views]


# --------------------------------------------------------------------------------------------
# The PDF
# --------------------------------------------------------------------------------------------


def _fonts() -> tuple[str, str]:
    """A Unicode TrueType font when the system has one (− ≥ – render), else Helvetica."""
    for name, (regular, bold) in _FONT_FILES.items():
        for folder in _FONT_DIRS:
            if (folder / regular).exists() and (folder / bold).exists():
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, str(folder / regular)))
                    pdfmetrics.registerFont(TTFont(f"{name}-Bold", str(folder / bold)))
                return name, f"{name}-Bold"
    return "Helvetica", "Helvetica-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=bold, fontSize=26, leading=32),
        "h1": ParagraphStyle("h1", parent=base["Heading1"], fontName=bold, fontSize=18, leading=22),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=11, leading=15),
        "small": ParagraphStyle(
            "small",
            parent=base["BodyText"],
            fontName=regular,
            fontSize=9,
            leading=12,
            textColor=colors.HexColor("#333333"),
        ),
        "banner": ParagraphStyle(
            "banner",
            parent=base["BodyText"],
            fontName=bold,
            fontSize=11,
            leading=15,
            textColor=colors.HexColor("#0B0C0C"),
            backColor=colors.HexColor("#FFDD00"),
            borderPadding=4,
        ),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=10.5),
        "head": ParagraphStyle("head", fontName=bold, fontSize=8.5, leading=10.5),
    }


def _esc(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(frame: pd.DataFrame, st: dict[str, ParagraphStyle]) -> Table:
    head = [Paragraph(_esc(c), st["head"]) for c in frame.columns]
    body = [[Paragraph(_esc(v), st["cell"]) for v in row] for row in frame.astype(str).itertuples(index=False)]
    table = Table([head, *body], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F3F2F1")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#0B0C0C")),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#B1B4B6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _title_page(
    pages: list[PackPage], version: dict | None, role: str, st: dict[str, ParagraphStyle], today: date
) -> list:
    story = [
        Spacer(1, 2 * cm),
        Paragraph("Islington Youth Safety Strategy 2020-2025", st["title"]),
        Paragraph("Meeting pack: indicators and disproportionality", st["h1"]),
        Spacer(1, 0.6 * cm),
        Paragraph(f"Prepared on {today:%d %B %Y}.", st["body"]),
    ]
    if version:
        story.append(
            Paragraph(
                f"Data version {version['id']}, loaded on {version['created_at']:%d %B %Y} "
                f"({_esc(version.get('file_name') or 'default dataset')}).",
                st["body"],
            )
        )
    else:
        story.append(Paragraph("No data version is loaded.", st["body"]))
    story.append(
        Paragraph(
            "Figures suppressed for publication: counts below the threshold show as [c]."
            if role == "viewer"
            else NOT_FOR_PUBLICATION,
            st["body"] if role == "viewer" else st["banner"],
        )
    )
    illustrative = [p.title for p in pages if p.illustrative]
    story += [Spacer(1, 0.4 * cm), Paragraph("Illustrative series", st["h1"])]
    if illustrative:
        story.append(
            Paragraph(
                f"{ILLUSTRATIVE_TEXT}. These charts show invented series, so that the views "
                "work until the real figures are uploaded:",
                st["body"],
            )
        )
        story += [Paragraph(f"• {_esc(t)} (illustrative)", st["body"]) for t in illustrative]
    else:
        story.append(Paragraph("None of the series in this pack is illustrative.", st["body"]))
    story += [Spacer(1, 0.4 * cm), Paragraph("Contents", st["h1"])]
    story += [Paragraph(f"{n}. {_esc(p.title)}", st["body"]) for n, p in enumerate(pages, start=1)]
    return story


def _chart_page(page: PackPage, png: bytes, st: dict[str, ParagraphStyle]) -> list:
    image = Image(io.BytesIO(png), width=CHART_WIDTH, height=CHART_WIDTH * CHART_PX[1] / CHART_PX[0])
    head = [Paragraph(_esc(page.title), st["h1"])]
    if page.illustrative:
        head.append(Paragraph(f"{ILLUSTRATIVE_TEXT}.", st["banner"]))
    story = [PageBreak(), KeepTogether([*head, image])]
    story += [Paragraph(_esc(text), st["body"]) for text in page.reading if text]
    story += [Paragraph(_esc(note), st["small"]) for note in page.notes]
    if page.source:
        story.append(Paragraph(_esc(page.source), st["small"]))
    story += [Spacer(1, 0.3 * cm), _table(page.table, st)]
    return story


def render_pdf(pages: list[PackPage], version: dict | None, role: str, today: date | None = None) -> bytes:
    """Lay the pages out as an A4 landscape PDF (charts drawn as PNGs by one browser)."""
    st = _styles()
    today = today or date.today()
    pngs = [images.to_png(p.figure, *CHART_PX, scale=1.5) for p in pages]
    story = _title_page(pages, version, role, st, today)
    for page, png in zip(pages, pngs, strict=True):
        story += _chart_page(page, png, st)
    footer = (
        f"Youth Safety Strategy meeting pack · {today:%d %B %Y} · data version "
        f"{version['id'] if version else 'none'}" + (f" · {NOT_FOR_PUBLICATION}" if role != "viewer" else "")
    )

    def decorate(canvas, doc) -> None:  # noqa: ANN001 - reportlab's callback signature
        canvas.saveState()
        canvas.setFont(st["small"].fontName, 8)
        canvas.drawString(MARGIN, MARGIN / 2, footer)
        canvas.drawRightString(PAGE[0] - MARGIN, MARGIN / 2, f"Page {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title="Youth Safety Strategy meeting pack",
        author="Islington Council",
        subject=footer,
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def build_pack(
    engine: Engine,
    indicator_ids: list[str],
    disproportionality_views: list[DisproportionalityView],
    role: series.Role,
    today: date | None = None,
) -> bytes:
    """The meeting pack as PDF bytes: title page, then one page per indicator and per view."""
    if role not in series.ROLES:
        raise ValueError(f"unknown role {role!r}")
    images.start_in_background()  # the browser starts while the figures are queried
    pages = indicator_pages(engine, list(indicator_ids), role)
    pages += disproportionality_pages(engine, list(disproportionality_views), role)
    return render_pdf(pages, version_service.current_version(engine), role, today)
