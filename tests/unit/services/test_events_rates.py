"""Rates of events (suspensions per 100 pupils) are not proportions: they may pass 100 and take a
Poisson (Byar) interval, never a Wilson one."""

from __future__ import annotations

import pytest

from indicators.catalogue import load_catalogue
from indicators.services import series, uploads
from indicators.status import add_intervals

HEADER = (
    "indicator_id,period,area_code,area_name,dimension,category,numerator,denominator,value,lower_ci,upper_ci,note\n"
)


def test_suspension_rate_is_a_rate_of_events():
    ind = load_catalogue().get("suspension_rate")
    assert ind.unit == "rate_per_100" and ind.is_rate and not ind.is_proportion


def test_ingest_accepts_130_suspensions_per_100_pupils_with_a_byar_interval(empty_engine):
    # 2,990 suspensions among 2,300 pupils = 130 per 100 (a pupil can be suspended more than once)
    data = (HEADER + "suspension_rate,2024/25,E09000019,Islington,all,all,2990,2300,130,,,\n").encode()
    parsed = uploads.parse(data, "suspensions.csv", "native")
    assert parsed.errors == [], [uploads.describe(p) for p in parsed.errors]
    uploads.commit(empty_engine, parsed, "test-analyst")
    item = series.indicator_series(empty_engine, ["suspension_rate"], "analyst")["suspension_rate"]
    row = add_intervals(item.series, item.indicator).iloc[0]
    assert row["value"] == pytest.approx(130.0)
    # Byar, z = 1.959964, x = 2,990: lower = x(1 − 1/(9x) − z/(3√x))³ = 2,883.777;
    # upper = (x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³ = 3,099.135; per 100 pupils: / 2,300 × 100
    assert row["lower_ci"] == pytest.approx(125.3816, abs=1e-3)
    assert row["upper_ci"] == pytest.approx(134.7450, abs=1e-3)
