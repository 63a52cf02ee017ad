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
from reportlab.platypus.flowables import KeepInFrame

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
class PackSection:
    """A text section (no chart): paragraphs and an optional table, which may run over pages."""

    title: str
    paragraphs: list[str]
    table: pd.DataFrame | None = None


@dataclass
class Cover:
    """A cover for a board's pack: its heading lines and the data versions used."""

    heading: str
    subheading: str
    lines: list[str]


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


def _widths(frame: pd.DataFrame) -> list[float]:
    """Short columns at their natural width (ids never wrap); long text columns share the rest."""
    width, per_char, short = PAGE[0] - 2 * MARGIN - 12, 4.9, 30
    chars = [max([6, len(str(c)), *(len(str(v)) for v in frame[c])]) for c in frame.columns]
    natural = [min(n, 80) * per_char + 8 for n in chars]
    if sum(natural) <= width:
        return [w * width / sum(natural) for w in natural]
    fixed = sum(w for n, w in zip(chars, natural, strict=True) if n <= short)
    flexible = [w for n, w in zip(chars, natural, strict=True) if n > short]
    scale = max(width - fixed, 0) / sum(flexible) if flexible else 1
    return [w if n <= short else w * scale for n, w in zip(chars, natural, strict=True)]


def _table(frame: pd.DataFrame, st: dict[str, ParagraphStyle], fill: bool = False) -> Table:
    head = [Paragraph(_esc(c), st["head"]) for c in frame.columns]
    body = [[Paragraph(_esc(v), st["cell"]) for v in row] for row in frame.astype(str).itertuples(index=False)]
    widths = _widths(frame) if fill and len(frame.columns) else None
    table = Table([head, *body], repeatRows=1, hAlign="LEFT", colWidths=widths)
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
    pages: list[PackPage], version: dict | None, role: str, st: dict[str, ParagraphStyle], today: date, title: str
) -> list:
    story = [
        Spacer(1, 2 * cm),
        Paragraph(_esc(title), st["title"]),
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
    """Chart, reading and table on one page: shrunk together to fit, never split across pages."""
    image = Image(io.BytesIO(png), width=CHART_WIDTH, height=CHART_WIDTH * CHART_PX[1] / CHART_PX[0])
    content = [Paragraph(_esc(page.title), st["h1"])]
    if page.illustrative:
        content.append(Paragraph(f"{ILLUSTRATIVE_TEXT}.", st["banner"]))
    content.append(image)
    content += [Paragraph(_esc(text), st["body"]) for text in page.reading if text]
    content += [Paragraph(_esc(note), st["small"]) for note in page.notes]
    if page.source:
        content.append(Paragraph(_esc(page.source), st["small"]))
    content += [Spacer(1, 0.3 * cm), _table(page.table, st)]
    # the document frame's 6 pt padding on each side, and a little slack for rounding
    frame = (PAGE[0] - 2 * MARGIN - 14, PAGE[1] - 2 * MARGIN - 14)
    return [PageBreak(), KeepInFrame(frame[0], frame[1], content, mode="shrink", hAlign="LEFT")]


def _section(section: PackSection, st: dict[str, ParagraphStyle]) -> list:
    story: list = [PageBreak(), Paragraph(_esc(section.title), st["h1"])]
    story += [Paragraph(_esc(text), st["body"]) for text in section.paragraphs if text]
    if section.table is not None and len(section.table):
        story += [Spacer(1, 0.3 * cm), _table(section.table, st, fill=True)]
    return story


def _cover(cover: Cover, sections: list[PackSection], pages: list[PackPage], role: str, st: dict) -> list:
    story = [
        Spacer(1, 1.5 * cm),
        Paragraph(_esc(cover.heading), st["title"]),
        Paragraph(_esc(cover.subheading), st["h1"]),
    ]
    story += [Paragraph(_esc(line), st["body"]) for line in cover.lines]
    story.append(
        Paragraph(
            "Figures suppressed for publication: counts below the threshold show as [c]."
            if role == "viewer"
            else NOT_FOR_PUBLICATION,
            st["body"] if role == "viewer" else st["banner"],
        )
    )
    illustrative = [p.title for p in pages if p.illustrative]
    if illustrative:
        story.append(Paragraph(f"{ILLUSTRATIVE_TEXT}: " + "; ".join(_esc(t) for t in illustrative) + ".", st["small"]))
    story += [Spacer(1, 0.3 * cm), Paragraph("Contents", st["h1"])]
    titles = [s.title for s in sections] + [p.title for p in pages]
    story.append(Paragraph(" · ".join(f"{n}. {_esc(t)}" for n, t in enumerate(titles, start=1)), st["small"]))
    return story


def render_pdf(
    pages: list[PackPage],
    version: dict | None,
    role: str,
    today: date | None = None,
    cover: Cover | None = None,
    sections: list[PackSection] | None = None,
    title: str = "Youth safety indicators",
    author: str = "",
) -> bytes:
    """Lay the pages out as an A4 landscape PDF (charts drawn as PNGs by one browser): the title
    page (or ``cover``), the text ``sections``, then one page per chart; ``title`` heads the title
    page, ``author`` (the council) goes into the PDF's metadata."""
    st = _styles()
    today = today or date.today()
    sections = sections or []
    pngs = [images.to_png(p.figure, *CHART_PX, scale=1.5) for p in pages]
    story = _cover(cover, sections, pages, role, st) if cover else _title_page(pages, version, role, st, today, title)
    for section in sections:
        story += _section(section, st)
    for page, png in zip(pages, pngs, strict=True):
        story += _chart_page(page, png, st)
    # A board's pack names its board; "meeting pack" on a board pack misled its readers.
    name = f"{cover.heading}: {cover.subheading}" if cover else f"{title} meeting pack"
    footer = f"{name} · {today:%d %B %Y} · data version {version['id'] if version else 'none'}" + (
        f" · {NOT_FOR_PUBLICATION}" if role != "viewer" else ""
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
        title=name,
        author=author,
        subject=footer,
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
