"""A board's quarterly pack (`python -m indicators pack --board ... --quarter ...`): its actions,
the register's open entries, young people's voice, and one chart per page with its whole table."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from datetime import date

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from indicators import cli
from indicators.actions import ACTIONS_FILE
from indicators.catalogue import load_catalogue
from indicators.charts import images
from indicators.errors import IndicatorError
from indicators.services import actions as tracker
from indicators.services import disparities, meeting_pack, uploads
from indicators.services import voice as voice_service
from indicators.store.db import make_engine
from indicators.voice import VoiceInput
from tests.conftest import SEEDED_DB

BOARD = "Youth Justice Services Management Board"
ARRESTS = """indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci
yj_arrests,2024/25,E09000019,Islington,all,all,419,,,,
yj_arrests,2024/25,E09000019,Islington,ethnicity,asian,29,,,,
yj_arrests,2024/25,E09000019,Islington,ethnicity,black,189,,,,
yj_arrests,2024/25,E09000019,Islington,ethnicity,mixed,43,,,,
yj_arrests,2024/25,E09000019,Islington,ethnicity,other,27,,,,
yj_arrests,2024/25,E09000019,Islington,ethnicity,white,131,,,,
"""
QUOTE = "Being stopped all the time makes you not trust anyone."


def _board_actions() -> list[str]:
    with open(ACTIONS_FILE, newline="", encoding="utf-8") as fh:
        return [r["action_id"] for r in csv.DictReader(fh) if BOARD in r["governance_groups"].split("; ")]


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module) -> Iterator[tuple[bytes, object]]:
    folder = tmp_path_factory.mktemp("board")
    shutil.copy(SEEDED_DB, folder / "db.sqlite")
    url = f"sqlite:///{folder / 'db.sqlite'}"
    engine = make_engine(url)
    monkeypatch_module.setattr(cli, "_engine", lambda: engine)  # the CLI's engine comes from settings
    uploads.commit(engine, uploads.parse(ARRESTS.encode(), "arrests.csv"), user="test-analyst")
    entry = int(disparities.register_frame(engine, "viewer")["id"].iloc[0])
    disparities.link_actions(engine, entry, ["diversion-03"], "", "YJS head of service", date(2026, 3, 31), "analyst")
    tracker.add_status(engine, "diversion-03", "on_track", date(2025, 8, 14), "triage reviewed", "test-analyst")
    voice_service.add_item(engine, VoiceInput(6, "2025-Q3", "quote", QUOTE, "Youth forum", True), "test-analyst")
    output = folder / "pack.pdf"
    assert cli.main(["pack", "--board", BOARD, "--quarter", "2025-Q3", "--output", str(output)]) == 0
    yield output.read_bytes(), engine
    engine.dispose()
    images.stop()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def _pages(pdf: bytes) -> tuple[list[str], list[int]]:
    doc = pdfium.PdfDocument(pdf)
    try:
        texts = [" ".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc))]
        counts = [len(list(doc[i].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))) for i in range(len(doc))]
        return texts, counts
    finally:
        doc.close()


def test_the_pack_holds_the_boards_actions_the_open_entries_and_the_voice_section(pack) -> None:
    texts, _ = _pages(pack[0])
    text = " ".join(texts)
    assert BOARD in texts[0] and "2025-Q3" in texts[0] and "Data version" in texts[0]
    # every page's footer names the board's pack, never "meeting pack"
    assert all(f"{BOARD}: Youth Safety Strategy: quarterly pack for 2025-Q3" in t for t in texts)
    assert "meeting pack" not in text
    expected = _board_actions()
    assert len(expected) == 51
    missing = [a for a in expected if a not in text]
    assert not missing
    assert "Explain-or-change register: open entries" in text
    assert "2.50 (95% CI 2.00 to 3.11)" in text and "diversion-03" in text
    assert "Young people's voice" in text and QUOTE in text
    # the status recorded in 2025-Q3 is listed as a change since the previous quarter
    assert "Status changes in 2025-Q3" in text and "triage reviewed" in text


def test_each_chart_shares_its_page_with_its_whole_table(pack) -> None:
    texts, images_per_page = _pages(pack[0])
    first = next(n for n, count in enumerate(images_per_page) if count)
    chart_pages = list(range(first, len(texts)))
    # charts come last: a page after the first chart without a chart would be a table spilling over
    assert all(images_per_page[n] == 1 for n in chart_pages), images_per_page
    engine = pack[1]
    kpis = [i for i in load_catalogue().indicators if i.kpi and {1, 2, 3, 4, 5, 6, 7, 8} & set(i.objectives)]
    assert len(chart_pages) == len(meeting_pack.indicator_pages(engine, [k.id for k in kpis], "viewer"))
    for n, page in zip(chart_pages, meeting_pack.indicator_pages(engine, [k.id for k in kpis], "viewer"), strict=True):
        assert " ".join(page.title.split()) in texts[n]
        last_row = " ".join(str(v) for v in page.table.iloc[-1])
        assert " ".join(last_row.split()) in texts[n], (page.title, last_row)


def test_an_unknown_board_is_refused(pack) -> None:
    with pytest.raises(IndicatorError, match="not a governance group"):
        meeting_pack.build_board_pack(pack[1], "The Board of Nobody", "2025-Q3", "viewer")
