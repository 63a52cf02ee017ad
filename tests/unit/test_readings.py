"""Readings: worked inputs -> exact sentences, and the numbers in them match the chart data."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from indicators.catalogue import Indicator
from indicators.readings import (
    NO_DATA,
    cohort_reading,
    format_marker,
    format_ratio,
    format_share,
    format_value,
    representation_reading,
    round_half_up,
    rri_reading,
    target_reading,
    trend_reading,
)


def make_indicator(unit: str = "rate_per_100000", decimals: int = 0, polarity: str = "low_is_good",
                   unit_phrase: str = "") -> Indicator:
    return Indicator(
        id="test_indicator", title="Test indicator", description="d", definition="d",
        polarity=polarity, unit=unit, period_type="calendar_year",
        source={"publisher": "ONS", "name": "Test", "url": "https://example.org"},
        objectives=[1], strands=["s"], decimals=decimals, unit_phrase=unit_phrase,
    )


RATE = make_indicator(unit_phrase="per 100,000 children aged 10-17")
PERCENT = make_indicator(unit="percent", decimals=1, polarity="high_is_good")
COUNT = make_indicator(unit="count", decimals=0, unit_phrase="victims")
CONTEXT = make_indicator(polarity="no_judgement", decimals=1)
GAP = make_indicator(unit="gap_points", decimals=1)


@pytest.mark.parametrize("value,indicator,expected", [
    (145, RATE, "145 per 100,000"),
    (36.15, make_indicator(decimals=1), "36.2 per 100,000"),  # half up, not banker's (36.1)
    (4.25, PERCENT, "4.3%"),                                    # 4.25 is exact in binary: still up
    (1234, COUNT, "1,234"),
    (41.0, make_indicator(unit="count", decimals=1), "41"),    # whole counts never get ".0"
    (-0.04, GAP, "0.0 points"),                                # no "-0.0"
    (-12.345, GAP, "-12.3 points"),
    (None, RATE, "no data"),
    (float("nan"), PERCENT, "no data"),
])
def test_format_value(value, indicator, expected):
    assert format_value(value, indicator) == expected


@pytest.mark.parametrize("marker,expected", [
    ("c", "[c]"), ("low", "[low]"), ("x", "[x]"), ("z", "[z]"), ("u", "[u]"), ("[u]", "[u]"),
    ("", ""), (None, ""), (float("nan"), ""),
])
def test_format_marker(marker, expected):
    assert format_marker(marker) == expected


@pytest.mark.parametrize("value,expected", [
    (16, "16%"), (2.0, "2.0%"), (12.46, "12.5%"), (1.25, "1.3%"), (0.454, "0.45%"),
])
def test_format_share(value, expected):
    assert format_share(value) == expected


@pytest.mark.parametrize("args,expected", [
    # The worked example of the brief.
    ((RATE, "2019", 367, "2024", 145, "improving", {"London": "better"}),
     "Islington's rate fell from 367 per 100,000 children aged 10-17 in 2019 to 145 in 2024. "
     "Lower is better. This is a statistically significant improvement, and better than London."),
    ((RATE, "2019", 366.6, "2024", 145.4, "worsening", {"London": "worse", "England": "similar"}),
     "Islington's rate fell from 367 per 100,000 children aged 10-17 in 2019 to 145 in 2024. "
     "Lower is better. This is a statistically significant worsening, and worse than London and "
     "similar to England."),
    ((PERCENT, "2019/20", 4.3, "2023/24", 5.1, "no_significant_change",
      {"England": "similar", "London": "worse"}),
     "Islington's percentage rose from 4.3% in 2019/20 to 5.1% in 2023/24. Higher is better. "
     "The change is not statistically significant. The latest value is similar to England and "
     "worse than London."),
    ((COUNT, "2019/20", 52, "2023/24", 41, "cannot_be_calculated", {}),
     "Islington's figure fell from 52 victims in 2019/20 to 41 in 2023/24. Lower is better. "
     "There are not enough comparable points to test the trend."),
    ((RATE, "2019", 145.2, "2024", 144.8, "no_significant_change", None),
     "Islington's rate was 145 per 100,000 children aged 10-17 in both 2019 and 2024. "
     "Lower is better. The change is not statistically significant."),
    ((CONTEXT, "2019", 10.0, "2024", 12.25, "increasing", {"England": "higher", "London": "not_compared"}),
     "Islington's rate rose from 10.0 per 100,000 in 2019 to 12.3 in 2024. "
     "This is a statistically significant increase, and higher than England."),
    ((RATE, None, None, "2024", 145, None, {"England": "better"}),
     "Islington's rate was 145 per 100,000 children aged 10-17 in 2024. Lower is better. "
     "The latest value is better than England."),
    ((RATE, "2019", 367, "2024", None, "cannot_be_calculated", {}), NO_DATA),
    ((RATE, None, None, None, None, None, None), NO_DATA),
])
def test_trend_reading(args, expected):
    assert trend_reading(*args) == expected


@pytest.mark.parametrize("first,latest", [(366.5, 145.49), (0.05, 12345.5), (99.94, 100.06), (2.5, 3.5)])
def test_trend_reading_numbers_match_inputs_after_rounding(first, latest):
    indicator = make_indicator(decimals=1, unit_phrase="per 100,000 children")
    sentence = trend_reading(indicator, "2019", first, "2024", latest, "improving", {})
    numbers = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*\.\d", sentence)]
    assert numbers == [round_half_up(first, 1), round_half_up(latest, 1)]


@pytest.mark.parametrize("status,reason,expected", [
    ("on_track", "the latest value (145) is below the trajectory (160) for 2023/24",
     "On track against the target. The latest value (145) is below the trajectory (160) for 2023/24."),
    ("off_track", "The latest value is above the trajectory.",
     "Off track against the target. The latest value is above the trajectory."),
    ("not_enough_data", None, "Not enough data to judge progress against the target."),
    (None, "", "No target has been set for this indicator."),
])
def test_target_reading(status, reason, expected):
    assert target_reading(status, reason) == expected


STAGE = "enter the youth justice system"


@pytest.mark.parametrize("args,expected", [
    (("Black", "White", 2.4, 1.9, 3.0, STAGE),
     "Black children were 2.4 times as likely as White children to enter the youth justice system "
     "(95% CI 1.9 to 3.0)."),
    (("Asian", "White", 0.5, 0.3, 0.8, STAGE),
     "Asian children were 0.5 times as likely as White children to enter the youth justice system "
     "(half as likely; 95% CI 0.3 to 0.8)."),
    (("Asian", "White British", 0.7, 0.52, 0.94, STAGE),
     "Asian children were 0.7 times as likely as White British children to enter the youth justice "
     "system (30% less likely; 95% CI 0.5 to 0.9)."),
    (("Mixed", "White", 1.26, 0.8, 2.1, STAGE),
     "Mixed children were 1.3 times as likely as White children to enter the youth justice system "
     "(95% CI 0.8 to 2.1). The difference is not statistically significant."),
    (("White Irish", "White British", 3.0, 0.94, 9.5, STAGE, True, "u"),
     "White Irish children were 3.0 times as likely as White British children to enter the youth "
     "justice system (95% CI 0.9 to 9.5). The difference is not statistically significant. "
     "[u] low reliability: based on fewer than 10 events."),
    (("Other ethnic group", "White", None, None, None, STAGE, False, "c"),
     "Other ethnic group children compared with White children: [c] suppressed: too few children "
     "to publish."),
    (("Black", "White", 2.4, None, None, STAGE),
     "Black children were 2.4 times as likely as White children to enter the youth justice system."),
])
def test_rri_reading(args, expected):
    assert rri_reading(*args) == expected


def test_representation_reading_worked_example():
    assert representation_reading(16, 2.0, "the youth offending service cohort", "secondary pupils",
                                  "had an EHC plan", 8.0) == (
        "16% of the youth offending service cohort had an EHC plan against 2.0% of secondary pupils: "
        "8.0 times their share.")


def test_representation_reading_computes_the_ratio_and_handles_missing_shares():
    text = representation_reading(35, 12.5, "the cohort", "pupils", "had SEN support")
    assert text.endswith(": 2.8 times their share.")
    assert representation_reading(None, 2.0, "the cohort", "pupils", "had an EHC plan") == NO_DATA


def test_cohort_reading_names_highest_lowest_and_total():
    frame = pd.DataFrame({
        "label": ["White", "Black", "Asian", "Mixed"],
        "value": [120.0, 300.4, math.nan, 210.0],
        "marker": ["", "", "c", ""],
    })
    assert cohort_reading(frame, RATE, total=160) == (
        "Of the 3 groups with published figures, the value was highest for the Black group "
        "(300 per 100,000) and lowest for the White group (120 per 100,000). The figure for all "
        "children in Islington was 160 per 100,000. 1 group is not shown because the numbers are "
        "too small or not available.")


def test_cohort_reading_with_nothing_published():
    frame = pd.DataFrame({"label": ["Black"], "value": [math.nan], "marker": ["c"]})
    assert cohort_reading(frame, RATE) == NO_DATA


@pytest.mark.parametrize("value,expected", [(2.449, "2.4"), (2.45, "2.5"), (0.04, "0.04"), (None, "no data")])
def test_format_ratio(value, expected):
    assert format_ratio(value) == expected
