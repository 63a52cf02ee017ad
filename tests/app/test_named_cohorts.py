"""/cohorts offers the strategy's named groups (section 5.4) against a comparison group: after the
issue-18 row 'ethnicity+sex / black_caribbean+male' and its comparison group are committed, the page
shows "Black Caribbean boys" with a 95% interval against all boys, and the reader can change the
comparison. The commit is rolled back afterwards so other tests see the seeded data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st
from scipy.stats import chi2

from indicators.services import uploads
from indicators.services import versions as version_service
from indicators.store.db import get_engine
from tests.app.conftest import page

UPLOAD = (
    "indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci,"
    "marker,note\n"
    "suspension_rate,2023/24,E09000019,Islington,ethnicity+sex,black_caribbean+male,50,600,,,,,\n"
    "suspension_rate,2023/24,E09000019,Islington,sex,male,1500,11800,,,,,\n"
    "suspension_rate,2023/24,E09000019,Islington,ethnicity+sex,white_british+male,300,3000,,,,,\n"
)


def _exact_poisson(count: int, per: float) -> tuple[float, float]:
    """Exact (Garwood) 95% limits of a Poisson count, as a rate: the reference Byar approximates."""
    return chi2.ppf(0.025, 2 * count) / 2 * per, chi2.ppf(0.975, 2 * count + 2) / 2 * per


@pytest.fixture
def committed() -> Iterator[None]:
    engine = get_engine()
    before = version_service.current_version(engine)["id"]
    parsed = uploads.parse(UPLOAD.encode(), "groups.csv")
    assert parsed.ok, [p.message for p in parsed.problems if p.is_error]
    uploads.commit(engine, parsed, "test-analyst")
    yield
    version_service.rollback(engine, before, "test-analyst")


def _table(at) -> dict[str, dict]:
    frame = at.dataframe[-1].value
    return {row["Group"]: row for row in frame.to_dict("records")}


def test_black_caribbean_boys_are_shown_with_an_interval_against_all_boys(committed: None) -> None:
    at = page("cohorts").run()
    assert not at.exception
    # the defaults are chosen, and not written into the URL (one history entry per choice: ui.widgets)
    assert "group" not in at.query_params and "against" not in at.query_params
    table = _table(at)
    assert list(table) == ["Black Caribbean boys", "All boys"]
    low, high = _exact_poisson(50, 100 / 600)  # Byar agrees with the exact limits to 0.01 here
    assert float(table["Black Caribbean boys"]["Value"]) == pytest.approx(8.33, abs=0.005)
    assert float(table["Black Caribbean boys"]["95% CI lower"]) == pytest.approx(low, abs=0.01)
    assert float(table["Black Caribbean boys"]["95% CI upper"]) == pytest.approx(high, abs=0.01)
    assert float(table["All boys"]["Value"]) == pytest.approx(1500 / 11800 * 100, abs=0.005)
    reading = " ".join(m.value for m in at.markdown)
    assert "Black Caribbean boys: 8.33 per 100 (95% confidence interval 6.18 to 10.99)" in reading
    assert "All boys: 12.71 per 100" in reading


def test_the_comparison_group_can_be_changed_in_the_url(committed: None) -> None:
    at = page("cohorts", group="black_caribbean_boys", against="White British boys").run()
    assert not at.exception and not at.warning
    assert list(_table(at)) == ["Black Caribbean boys", "White British boys"]


def test_the_intersection_is_offered_as_a_breakdown(committed: None) -> None:
    at = page("cohorts", indicator="suspension_rate", dimension="ethnicity+sex", period="2023/24").run()
    assert not at.exception and not at.warning
    assert "By ethnicity and sex, 2023/24" in [h.value for h in at.header]


def test_without_intersection_data_no_named_group_is_claimed() -> None:
    # The data version is cached for 5 s (ui.cached.data_version): right after another test's rollback it
    # would still name the rolled-back version, whose views hold that test's named groups.
    st.cache_data.clear()
    st.cache_resource.clear()
    at = page("cohorts", indicator="suspension_rate").run()
    assert not at.exception
    assert "group" not in at.query_params
    assert any("no figures yet for the groups the strategy names" in c.value for c in at.caption)
