"""The cohorts page (/cohorts): every breakdown offered renders; selections live in the URL; bad
URL values give a message and a default, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indicators.catalogue import load_catalogue
from indicators.services import cohorts as cohort_service
from indicators.settings import get_settings
from indicators.store.db import make_engine
from tests.app.conftest import tables

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "cohorts.py")


def _options():
    engine = make_engine(get_settings().resolved_database_url)
    try:
        return cohort_service.cohort_options(engine)
    finally:
        engine.dispose()


OPTIONS = _options()
LATEST = OPTIONS.groupby(["indicator_id", "dimension"], sort=False)["period"].last().reset_index()


def _run(**params: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run(timeout=30)


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_default_view_is_published_suspensions_by_ethnicity_with_two_charts() -> None:
    at = _run()
    assert not at.exception
    # The defaults are not written into the URL: a first visit adds no history entry to go Back through.
    assert not dict(at.query_params)
    assert at.selectbox(key="cohorts.indicator").value == "suspension_rate"
    assert at.selectbox(key="cohorts.dimension.suspension_rate").value == "ethnicity"
    assert at.selectbox(key="cohorts.period.suspension_rate.ethnicity").value == "2024/25"
    titles = [f["layout"]["title"]["text"].replace("<br>", " ") for f in _figures(at)]  # wrapped for phones
    title = load_catalogue().get("suspension_rate").title
    assert titles == [f"{title}: by group", f"{title}: by group over time"]
    # published DfE data: no illustrative banner, and the source named
    assert not any("Illustrative figures" in i.value for i in at.info)


def test_illustrative_breakdown_shows_the_banner_and_suppresses_small_groups() -> None:
    at = _run(indicator="first_time_entrants_count", dimension="ethnicity", period="2024/25")
    assert not at.exception
    assert any("Illustrative figures" in i.value for i in at.info)
    table = tables(at)[0]
    assert "[c]" in set(table["Count"])


@pytest.mark.parametrize(
    "indicator,dimension,period",
    [tuple(r) for r in LATEST.itertuples(index=False)],
    ids=[f"{r.indicator_id}-{r.dimension}" for r in LATEST.itertuples()],
)
def test_every_breakdown_offered_renders(indicator: str, dimension: str, period: str) -> None:
    at = _run(indicator=indicator, dimension=dimension, period=period)
    assert not at.exception
    assert not at.warning
    # plus ?group=&against= when a group the strategy names has figures for this indicator
    assert {k: at.query_params[k] for k in ("indicator", "dimension", "period")} == {
        "indicator": indicator,
        "dimension": dimension,
        "period": period,
    }
    assert set(at.query_params) <= {"indicator", "dimension", "period", "group", "against"}
    figures = _figures(at)
    assert len(figures) == 2 and all(f["data"] for f in figures)


@pytest.mark.parametrize(
    "period", list(OPTIONS[(OPTIONS["indicator_id"] == "attainment8_all") & (OPTIONS["dimension"] == "sen")]["period"])
)
def test_every_year_of_a_breakdown_renders(period: str) -> None:
    at = _run(indicator="attainment8_all", dimension="sen", period=period)
    assert not at.exception and not at.warning
    assert "England" in " ".join(m.value for m in at.markdown)


@pytest.mark.parametrize(
    "params,bad",
    [
        ({"indicator": "no_such_thing"}, "no_such_thing"),
        ({"indicator": "yj_arrests", "dimension": "star_sign"}, "star_sign"),
        ({"indicator": "yj_arrests", "dimension": "ethnicity", "period": "1066"}, "1066"),
        ({"indicator": "<script>"}, "<script>"),
    ],
)
def test_bad_query_params_give_a_message_and_a_default(params: dict[str, str], bad: str) -> None:
    at = _run(**params)
    assert not at.exception
    # echoed values are Markdown-escaped (feedback.plain): compare the text a reader sees
    assert any(bad in w.value.replace("\\", "").replace("\u2060", "") for w in at.warning)
    assert len(at.get("plotly_chart")) == 2
    # Left in the URL (rewriting it would add a history entry) until the visitor's next choice.
    at.selectbox(key="cohorts.indicator").select("attainment8_all").run(timeout=30)
    assert bad not in at.query_params.values()


def test_changing_the_indicator_updates_the_url() -> None:
    at = _run()
    at.selectbox(key="cohorts.indicator").select("attainment8_all").run(timeout=30)
    assert not at.exception
    assert at.query_params["indicator"] == "attainment8_all"
    assert dict(at.query_params) == {"indicator": "attainment8_all"}  # the old indicator's groups and year dropped
    assert at.selectbox(key="cohorts.dimension.attainment8_all").value in {"disadvantage", "ethnicity", "sen"}


def test_early_years_offers_the_published_ethnicity_by_sex_breakdown() -> None:
    """DfE's EYFSP file splits Islington's children by sex and ethnicity at once: real, not illustrative."""
    offered = OPTIONS[OPTIONS["indicator_id"] == "good_level_of_development"]
    assert {"ethnicity+sex", "sex+sen", "sex+disadvantage"} <= set(offered["dimension"])
    at = _run(indicator="good_level_of_development", dimension="ethnicity+sex", period="2021/22")
    assert not at.exception
    assert at.query_params["dimension"] == "ethnicity+sex"
    assert not any("Illustrative figures" in i.value for i in at.info)
    table = tables(at)[0]
    row = table[table.astype(str).apply(lambda r: r.str.contains("Black, Male").any(), axis=1)]
    assert len(row) == 1
    assert "104" in row.astype(str).to_numpy().ravel().tolist()  # 104 of 190 boys reached a good level
