"""The meeting pack PDF: pages, not blank, title page names the data version and illustrative series."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from indicators.catalogue import load_catalogue
from indicators.charts import images
from indicators.services import meeting_pack
from indicators.services import versions as version_service
from indicators.services.meeting_pack import DisproportionalityView
from indicators.settings import get_settings
from indicators.store.db import make_engine
from tests.conftest import SEEDED_DB

INDICATORS = [
    "neet_16_17",
    "first_time_entrants",
    "knife_crime_victims_under_25",
    "suspension_rate",
    "reoffending_rate",
]
VIEWS = [DisproportionalityView("stage_rri", "yj_arrests"), DisproportionalityView("representation")]
CHART_PAGES = len(INDICATORS) + len(VIEWS)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    path = tmp_path_factory.mktemp("pack") / "seeded.sqlite"
    shutil.copy(SEEDED_DB, path)
    eng = make_engine(f"sqlite:///{path}")
    yield eng
    eng.dispose()
    images.stop()


@pytest.fixture(scope="module")
def viewer_pack(engine) -> tuple[bytes, float]:  # noqa: ANN001
    started = time.monotonic()
    pdf = meeting_pack.build_pack(engine, INDICATORS, VIEWS, "viewer")
    return pdf, time.monotonic() - started


def _texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def _grey_pixels(pdf: bytes) -> list[np.ndarray]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [np.asarray(doc[i].render(scale=0.5).to_pil().convert("L"), dtype=float) for i in range(len(doc))]
    finally:
        doc.close()


def test_pack_is_a_pdf_built_in_seconds(viewer_pack: tuple[bytes, float]) -> None:
    pdf, seconds = viewer_pack
    assert pdf.startswith(b"%PDF-")
    print(f"meeting pack: {len(pdf) / 1024:.0f} KB in {seconds:.1f} s")
    assert seconds < 90, "a pack of 7 charts should take seconds, not minutes"


def _images_per_page(pdf: bytes) -> list[int]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [len(list(doc[i].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))) for i in range(len(doc))]
    finally:
        doc.close()


def test_page_count_and_one_chart_per_page(viewer_pack: tuple[bytes, float]) -> None:
    pdf = viewer_pack[0]
    texts, images = _texts(pdf), _images_per_page(pdf)
    # A title page and one page per chart; a long data table may run onto a further page.
    assert 1 + CHART_PAGES <= len(texts) <= 1 + 2 * CHART_PAGES
    assert images[0] == 0
    chart_pages = [n for n, count in enumerate(images) if count]
    assert len(chart_pages) == CHART_PAGES and all(images[n] == 1 for n in chart_pages)
    titles = [load_catalogue().get(i).title for i in INDICATORS]
    for n, title in zip(chart_pages, titles, strict=False):
        assert title in " ".join(texts[n].split()), (n, title)
    assert "relative rate index by ethnicity" in texts[chart_pages[len(INDICATORS)]]
    assert "Special educational needs" in texts[chart_pages[-1]]


def test_pages_are_not_blank(viewer_pack: tuple[bytes, float]) -> None:
    pages = _grey_pixels(viewer_pack[0])
    variances = [float(p.var()) for p in pages]
    assert all(v > 50 for v in variances), variances
    assert all(p.mean() < 254 for p in pages)


def test_title_page_names_version_and_illustrative_series(viewer_pack: tuple[bytes, float], engine) -> None:  # noqa: ANN001
    title_page = _texts(viewer_pack[0])[0]
    version = version_service.current_version(engine)
    assert f"Data version {version['id']}" in title_page
    assert f"{version['created_at']:%d %B %Y}" in title_page
    assert "Illustrative figures — not published data" in title_page
    # The arrests stage view runs on the invented cascade; knife crime is real since the invented
    # later years were removed (issue 14), so only the former is listed.
    assert "relative rate index by ethnicity (illustrative)" in title_page
    assert f"{load_catalogue().get('knife_crime_victims_under_25').title} (illustrative)" not in title_page
    assert f"{load_catalogue().get('neet_16_17').title} (illustrative)" not in title_page
    assert "suppressed for publication" in title_page


def test_viewer_tables_never_show_a_small_count(engine) -> None:  # noqa: ANN001
    threshold = get_settings().suppression_threshold
    pages = meeting_pack.indicator_pages(engine, INDICATORS, "viewer")
    pages += meeting_pack.disproportionality_pages(engine, VIEWS, "viewer")
    for page in pages:
        for column in ("Count", "Children"):
            if column in page.table:
                numbers = [int(c) for c in page.table[column] if str(c).isdigit()]
                assert not [n for n in numbers if 0 < n < threshold], (page.title, column)


def test_analyst_pack_is_marked_not_for_publication(engine, tmp_path: Path) -> None:  # noqa: ANN001
    pdf = meeting_pack.build_pack(engine, INDICATORS[:1], [], "analyst")
    texts = _texts(pdf)
    assert len(texts) >= 2
    assert all("NOT FOR PUBLICATION" in t for t in texts)


def test_unknown_role_is_refused(engine) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match="unknown role"):
        meeting_pack.build_pack(engine, INDICATORS[:1], [], "councillor")  # type: ignore[arg-type]
