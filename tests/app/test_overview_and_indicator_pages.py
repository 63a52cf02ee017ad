"""AppTest: the overview, every KPI's indicator page, the information pages."""

from __future__ import annotations

import json
import re

import pytest

from indicators import readings
from indicators.catalogue import load_catalogue
from tests.app.conftest import page, trace_values

KPIS = [i.id for i in load_catalogue().kpis()]


def _all_text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    return "\n".join(parts)


def test_overview_shows_every_kpi_with_a_link() -> None:
    at = page("overview").run()
    assert not at.exception
    text = _all_text(at)
    for ind in load_catalogue().kpis():
        assert ind.title in text
    assert "14 of 14 indicators shown." in text


def test_overview_filters_by_objective_from_the_url() -> None:
    at = page("overview", objective="6").run()
    assert not at.exception
    expected = [i for i in load_catalogue().kpis() if 6 in i.objectives]
    assert f"{len(expected)} of 14 indicators shown." in _all_text(at)


def test_overview_marks_illustrative_series() -> None:
    at = page("overview").run()
    assert "Illustrative figures — not published data" in _all_text(at)


@pytest.mark.parametrize("indicator_id", KPIS)
def test_every_kpi_page_draws_without_exception(indicator_id: str) -> None:
    at = page("indicator", id=indicator_id).run()
    assert not at.exception, at.exception
    ind = load_catalogue().get(indicator_id)
    assert at.title[0].value == ind.title
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert charts, "the trend chart is drawn"
    names = {t.get("name") for t in charts[0]["data"]}
    assert "Islington" in names


@pytest.mark.parametrize("bad", ["no_such_indicator", "", "<script>alert(1)</script>"])
def test_unknown_or_missing_id_gets_a_message_and_a_way_back(bad: str) -> None:
    at = page("indicator", id=bad).run() if bad else page("indicator").run()
    assert not at.exception
    assert at.title[0].value == "Indicator not found"
    assert at.error


def test_summary_sentence_states_the_numbers_of_the_chart() -> None:
    at = page("indicator", id="first_time_entrants").run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    islington = next(t for t in spec["data"] if t.get("name") == "Islington")
    ys = trace_values(islington["y"])
    points = [(x, y) for x, y in zip(trace_values(islington["x"]), ys, strict=True) if y == y]
    latest_value = points[-1][1]
    ind = load_catalogue().get("first_time_entrants")
    sentence = next(m.value for m in at.markdown if m.value.startswith("Islington's"))
    assert readings.format_bare(latest_value, ind) in sentence
    first = re.search(r"from ([\d,.]+) ", sentence).group(1)
    assert float(first.replace(",", "")) in [round(y) for _, y in points]


@pytest.mark.parametrize("name", ["about", "symbols", "accessibility", "privacy", "support", "sign_in"])
def test_information_pages_run(name: str) -> None:
    at = page(name).run()
    assert not at.exception


def test_about_names_publishers_and_illustrative_series() -> None:
    at = page("about").run()
    text = _all_text(at)
    for i in load_catalogue().indicators:
        if i.illustrative:
            assert i.title in text
