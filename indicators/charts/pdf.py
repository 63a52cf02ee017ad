"""The meeting pack as a PDF: a title page, then one chart per page with its reading and data table.

An analyst's pack is marked not for publication on every page. Charts are PNGs from
``indicators.charts.images`` (one browser for the whole pack).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

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

from indicators.catalogue import ILLUSTRATIVE_TEXT
from indicators.charts import images

PAGE = landscape(A4)
MARGIN = 1.5 * cm
CHART_PX = (1100, 460)
CHART_WIDTH = 23 * cm
NOT_FOR_PUBLICATION = "Analyst view: unsuppressed figures. NOT FOR PUBLICATION."
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))
_FONT_FILES = {
    "DejaVuSans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "LiberationSans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
}


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
