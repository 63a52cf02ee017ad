"""Any English upper-tier LA as the home area (issue 19): every page runs, and is about that council."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
import streamlit as st

from indicators.catalogue import load_catalogue
from indicators.settings import get_settings
from tests.app.conftest import page

HACKNEY, MANCHESTER, ISLINGTON = "E09000012", "E08000003", "E09000019"
VIEWER_PAGES = [
    "overview",
    "indicator",
    "cohorts",
    "disproportionality",
    "action_plan",
    "meeting_pack",
    "about",
    "symbols",
    "accessibility",
    "privacy",
    "support",
    "sign_in",
]
ANALYST_PAGES = ["upload", "history", "audit"]
# Where another council's pages may still name Islington: the strategy whose indicators these are, and
# the sources that are the strategy's own figures (publisher "Islington Council").
STRATEGY_TEXT = re.compile(
    r"\*\*Source\.\*\* Islington Council: \[Islington Youth Safety Strategy 2020-2025[^\]]*\]"
    r"\(https://www\.islington\.gov\.uk/[^)]*\)|Islington'?s? Youth Safety Strategy( 2020-2025)?"
)


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[str]:
    """The app configured for another council; the caches that outlive a run are cleared both ways
    (one process serves one council in production, so they are not keyed by it)."""
    monkeypatch.setenv("YSD_HOME_AREA", request.param)
    get_settings.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()  # the drawn views (ui.rendered) are keyed by data version only
    yield request.param
    monkeypatch.delenv("YSD_HOME_AREA")
    get_settings.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()  # the drawn views (ui.rendered) are keyed by data version only


def _texts(at) -> list[str]:
    """Everything a reader gets as text: headings, prose, messages, chart titles and legend names."""
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
    # Not the statistical neighbours' table: it is data, and Islington is one of Hackney's DfE neighbours
    # (test_hackney_neighbours_are_its_dfe_neighbours checks that table).
    parts = [e.value for kind in kinds for e in at.get(kind) if "| Council |" not in e.value]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        title = spec["layout"].get("title", {})
        parts.append(title.get("text", "") if isinstance(title, dict) else str(title))
        parts += [str(t.get("name", "")) for t in spec["data"]]
    return [p for p in parts if p]


def _run(name: str, **query: str):
    at = page(name, analyst=name in ANALYST_PAGES, **query).run()
    assert not at.exception, (name, at.exception)
    return at


@pytest.mark.parametrize("home", [HACKNEY, MANCHESTER, ISLINGTON], indirect=True)
@pytest.mark.parametrize("name", VIEWER_PAGES + ANALYST_PAGES)
def test_every_page_runs_for_three_councils(home: str, name: str) -> None:
    query = {"id": "suspension_rate"} if name == "indicator" else {}
    _run(name, **query)


@pytest.mark.parametrize("home", [HACKNEY], indirect=True)
@pytest.mark.parametrize("name", VIEWER_PAGES)
def test_hackney_pages_name_islington_only_as_the_strategy(home: str, name: str) -> None:
    query = {"id": "suspension_rate"} if name == "indicator" else {}
    at = _run(name, **query)
    for text in _texts(at):
        rest = STRATEGY_TEXT.sub("", text)
        assert "Islington" not in rest, (name, text)


@pytest.mark.parametrize("home", [HACKNEY], indirect=True)
@pytest.mark.parametrize("indicator_id", [i.id for i in load_catalogue().kpis()])
def test_hackney_kpi_pages_are_about_hackney(home: str, indicator_id: str) -> None:
    at = _run("indicator", id=indicator_id)
    for text in _texts(at):
        assert "Islington" not in STRATEGY_TEXT.sub("", text), (indicator_id, text)


def _markdown_table(text: str) -> list[dict[str, str]]:
    header, _, *rows = [
        [c.strip().replace("\\", "") for c in line.strip("|").split(" | ")] for line in text.splitlines()
    ]
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("home", [HACKNEY], indirect=True)
def test_hackney_neighbours_are_its_dfe_neighbours(home: str) -> None:
    at = _run("indicator", id="suspension_rate")
    (table,) = [md.value[md.value.index("| Council |") :] for md in at.markdown if "| Council |" in md.value]
    councils = [row["Council"] for row in _markdown_table(table)]
    # DfE children's services statistical neighbours of Hackney (sn_may_2025.xlsx), closest first.
    dfe = ["Southwark", "Islington", "Haringey", "Lambeth", "Tower Hamlets", "Lewisham", "Camden", "Manchester",
           "Waltham Forest", "Westminster"]  # fmt: skip
    assert councils == [c for c in dfe if c in councils] and len(councils) >= 8, councils


@pytest.mark.parametrize("home", [MANCHESTER], indirect=True)
def test_manchester_is_compared_with_its_region_and_ranked(home: str) -> None:
    at = _run("indicator", id="suspension_rate")
    text = "\n".join(_texts(at))
    assert "Manchester" in at.get("plotly_chart")[0].proto.spec
    assert "vs North West" in text and "vs London" not in text
    assert re.search(r"\*\*Rank \d+ of \d+\*\* English councils", text)
    assert "Every council, grouped by region" in text
    assert "London boroughs" not in [h.value for h in at.subheader]


@pytest.mark.parametrize("home", [HACKNEY], indirect=True)
def test_another_council_starts_with_an_empty_action_plan(home: str) -> None:
    at = _run("action_plan")
    assert any("No action plan is loaded for Hackney" in i.value for i in at.info)
