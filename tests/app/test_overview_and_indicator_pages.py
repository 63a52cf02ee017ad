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


VERDICT_WORDS = re.compile(r"\b(on track|off track|improving|worsening|better|worse|similar|higher|lower)\b", re.I)


def _card_texts(at) -> dict[str, str]:
    """Each KPI card's visible text (tags stripped) with its metric, keyed by indicator id."""
    heads = [m.value for m in at.markdown if m.value.startswith("<h3>")]
    metrics = [m for m in at.metric if m.label.startswith("Latest")]
    assert len(heads) == len(metrics) == len(load_catalogue().kpis())  # one head and one metric per card
    cards = {}
    for head, metric in zip(heads, metrics, strict=True):
        ind = next(i for i in load_catalogue().kpis() if head.startswith(f"<h3>{i.title}</h3>"))
        cards[ind.id] = re.sub(r"<[^>]+>", " ", head) + f" {metric.label} {metric.value} {metric.proto.delta}"
    return cards


def test_illustrative_cards_carry_no_verdict_words() -> None:
    at = page("overview").run()
    assert not at.exception
    cards = _card_texts(at)
    illustrative = [i.id for i in load_catalogue().kpis() if i.illustrative]
    assert illustrative, "the default data has illustrative KPIs"
    for ind_id in illustrative:
        assert "illustrative, no verdict" in cards[ind_id], ind_id
        assert not VERDICT_WORDS.search(cards[ind_id]), (ind_id, VERDICT_WORDS.search(cards[ind_id]))


def test_chips_without_a_verdict_say_why_and_link_to_the_rule() -> None:
    at = page("overview").run()
    chips = "\n".join(m.value for m in at.markdown if "<h3>" in m.value)
    assert 'href="./symbols#verdicts"' in chips
    assert "Not available" not in chips  # every chip has a verdict or one of the rule's reasons


def test_a_count_is_compared_over_time_only() -> None:
    at = page("indicator", id="children_looked_after").run()
    assert not at.exception
    text = _all_text(at)
    assert "vs London: – count: compared over time only" in text
    assert "vs England: – count: compared over time only" in text
    assert not re.search(r"(better|worse|higher|lower|similar)[a-z ]* (than|to|from) (London|England)", text, re.I)


def test_first_time_entrants_shows_no_target_verdict_without_a_council_target() -> None:
    at = page("indicator", id="first_time_entrants")
    at.session_state["definition-open"] = True  # the target note is under "Definition and source"
    at.run()
    assert not at.exception
    text = _all_text(at)
    assert "on track" not in text.lower() and "off track" not in text.lower()
    assert "None set by the council" in text


def test_symbols_page_states_the_verdict_rule() -> None:
    from indicators.status import Reason

    text = _all_text(page("symbols").run())
    for reason in Reason:
        assert str(reason) in text


@pytest.mark.parametrize("indicator_id", [i.id for i in load_catalogue().indicators])
def test_readings_have_one_unit_and_the_units_decimals(indicator_id: str) -> None:
    at = page("indicator", id=indicator_id).run()
    assert not at.exception
    ind = load_catalogue().get(indicator_id)
    text = " ".join(m.value for m in at.markdown if "Islington's" in m.value or "No data yet" in m.value)
    assert text, "the page has a reading"
    for bad in ("% %", "%%", "0.00 times", "nan"):
        assert bad not in text, bad
    # every decimal number but a p-value has at most the indicator's decimals
    for number in re.findall(r"(?<!p = )(?<!p < )(?<![\d.])\d[\d,]*\.(\d+)", text):
        assert len(number) <= ind.decimals, (number, text)
